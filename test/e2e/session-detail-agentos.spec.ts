import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startAgentOsPeer, type AgentOsPeer } from '../peers/agentos/server';
import { AppPage } from './pages/app-page';
import { ComparePage } from './pages/compare-page';
import { launchChromium } from './support/browser';
import { startWebApp, type WebApp } from './support/web-app';

// The session detail view on sessions synced from the AgentOS peer: the feed's filter tabs, a
// failed tool call with retries, the folded conversation, a called member session, metadata,
// export and import of a bundle, and untrusted markdown rendered inert.

const XSS_MESSAGE = 'Probe <img src=x onerror="window.__xss=1"> and [a link](javascript:window.__xss=2)';
const XSS_REPLY = 'Reply with <script>window.__xss=3</script> and ![pic](javascript:window.__xss=4) **bold**';

let app: WebApp;
let browser: Browser;
let ui: AppPage;
let peer: AgentOsPeer;
let db: Database.Database;

/** A read-only look at the app's own database, to pick sessions with the features under test. */
function one<T>(sql: string, ...params: unknown[]): T {
  const row = db.prepare(sql).get(...params) as T | undefined;
  if (!row) throw new Error(`no row for: ${sql}`);
  return row;
}

async function openSession(id: string, tab?: string): Promise<void> {
  await ui.page.evaluate((hash) => (window.location.hash = hash), `#/sessions/${id}${tab ? `/${tab}` : ''}`);
  await ui.page.locator(`[data-testid="session-detail-view"][data-session-id="${id}"]`).waitFor();
}

beforeAll(async () => {
  [peer, app, browser] = await Promise.all([
    startAgentOsPeer({ seed: { seed: 11, sessions: 60 } }),
    startWebApp(),
    launchChromium(),
  ]);
  const probe = peer.store.startRunningRun({ message: XSS_MESSAGE });
  peer.store.completeRun(probe.sessionId, probe.runId, XSS_REPLY);
  ui = await AppPage.open(browser, app);
  await ui.goTo('targets');
  await ui.targets.add({ kind: 'agentos', url: peer.url, name: 'Agents' });
  await ui.targets.waitForStatus('Agents', 'ok');
  await ui.goTo('sessions');
  await ui.sessions.waitForTotal(peer.store.size());
  db = new Database(join(app.dataDir, 'tracedeck.sqlite'), { readonly: true });
}, 120_000);

afterAll(async () => {
  db?.close();
  await browser?.close();
  await app?.stop();
  await peer?.close();
});

describe('session detail (AgentOS)', () => {
  it('filters the feed by tab', async () => {
    const row = one<{ session_id: number }>(
      `select session_id from activity_items group by session_id
       having count(*) filter (where kind = 'reasoning') > 0 and count(*) filter (where kind = 'tool-call') > 0
       limit 1`,
    );
    const counts = one<{ reasoning: number; tools: number; errors: number; total: number }>(
      `select count(*) filter (where kind = 'reasoning') as reasoning,
              count(*) filter (where kind = 'tool-call') as tools,
              count(*) filter (where kind = 'error' or (kind = 'tool-call' and tool_state = 'failed')) as errors,
              count(*) as total
       from activity_items where session_id = ?`,
      row.session_id,
    );
    await openSession(String(row.session_id), 'activity');
    const { page } = ui;
    await expect.poll(() => page.getByTestId('feed-tab-all').textContent()).toContain(String(counts.total));
    for (const [tab, n] of [
      ['reasoning', counts.reasoning],
      ['tools', counts.tools],
      ['errors', counts.errors],
    ] as const) {
      await page.getByTestId(`feed-tab-${tab}`).click();
      expect(await page.getByTestId(`feed-tab-${tab}`).textContent()).toContain(String(n));
      if (n === 0) {
        await page.getByTestId('feed-empty').waitFor();
        continue;
      }
      await page.getByTestId('feed-entry').first().waitFor();
      // Every entry rendered under the tab is of its kind (the list is virtualized: check those shown).
      const kinds = await page
        .getByTestId('feed-entry')
        .evaluateAll((entries) => entries.map((e) => e.getAttribute('data-kind')));
      const allowed = { reasoning: ['reasoning'], tools: ['tool-call'], errors: ['error', 'tool-call'] }[tab];
      expect(kinds.every((kind) => allowed.includes(kind!))).toBe(true);
    }
  });

  it("shows a tool call's arguments and result in the payload viewer, as JSON or YAML", async () => {
    const row = one<{ session_id: number; seq: number; tool_name: string }>(
      `select session_id, seq, tool_name from activity_items
       where kind = 'tool-call' and tool_state = 'succeeded' and tool_args_type = 'application/json'
         and tool_result_type is not null
       order by seq limit 1`,
    );
    await openSession(String(row.session_id), 'activity');
    const { page } = ui;
    await page.getByTestId('feed-tab-tools').click();
    const entry = page.getByTestId('feed-entry').filter({ hasText: row.tool_name }).first();
    await entry.getByTestId('tool-toggle').click();
    const args = entry.getByTestId('payload-view').first();
    await args.locator('[data-testid="payload-editor"][data-ready]').waitFor({ timeout: 30_000 });
    const text = () => args.locator('.view-lines').innerText();
    await expect.poll(text).toMatch(/^\s*\{/);
    await args.getByTestId('payload-format-toggle').click();
    await expect.poll(() => args.getByTestId('payload-format-toggle').textContent()).toBe('View as JSON');
    // YAML: `key: value` lines, no braces or quoted keys.
    await expect.poll(text).not.toMatch(/^\s*\{/);
    expect(await text()).not.toMatch(/"\w+":/);
    expect(await entry.getByTestId('payload-view').count()).toBe(2);
  });

  it('starts a comparison from the header with "Compare with…"', async () => {
    const [a, b] = db
      .prepare(
        `select id, coalesce(name, component_name, remote_id) as label from sessions
         where target_id = (select id from targets where name = 'Agents') and name is not null
         order by id limit 2`,
      )
      .all() as { id: number; label: string }[];
    await openSession(String(a!.id));
    await ui.page.getByTestId('compare-with').click();
    await new ComparePage(ui.page).pick(b!.label, String(b!.id));
    await ui.page.getByTestId('compare-view').waitFor();
    expect(ui.hash()).toBe(`#/compare?left=${a!.id}&right=${b!.id}`);
    await ui.page.getByTestId('compare-deltas').waitFor();
  });

  it('folds thoughts and tool calls inside the assistant reply of the conversation', async () => {
    const row = one<{ session_id: number }>(
      `select session_id from activity_items where kind = 'reasoning'
       and session_id in (select session_id from activity_items where kind = 'message' and role = 'assistant')
       limit 1`,
    );
    await openSession(String(row.session_id));
    const { page } = ui;
    const thought = page.getByTestId('conversation-thought').first();
    await thought.waitFor();
    expect(await thought.getAttribute('open')).toBeNull();
    await thought.locator('summary').click();
    expect(await thought.getAttribute('open')).not.toBeNull();
    expect((await thought.textContent())!.length).toBeGreaterThan('Thought'.length);
    expect(await page.getByTestId('conversation-user').count()).toBeGreaterThan(0);
  });

  it("links a team member's run inside the same session to the session's runs", async () => {
    // AgentOS keeps member runs in the team session (`parent_run_id`), so these links stay inside it.
    // The earliest such link, so it is among the first entries the virtualized feed renders.
    const link = one<{ session_id: number }>(
      `select a.session_id from activity_items a join sessions s on s.id = a.session_id
       where a.kind = 'link' and a.link_session_remote_id = s.remote_id
       order by a.seq limit 1`,
    );
    await openSession(String(link.session_id), 'activity');
    await ui.page.getByTestId('linked-run-open').first().click();
    await ui.page.getByTestId('runs-tab').waitFor();
    expect(ui.hash()).toBe(`#/sessions/${link.session_id}/runs`);
    expect(await ui.page.getByTestId('run-card').count()).toBeGreaterThan(1);
  });

  it('shows a failed tool call with its category, message and retries, and opens a called child session (demo data)', async () => {
    // The AgentOS API never links one session to another, and the peer's tools fail at most once;
    // the bundled demo data, loaded through the real core, has both.
    const { page } = ui;
    const loaded = await page.evaluate(async () => {
      const response = await fetch('/api/invoke/demo:load', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      });
      return response.ok;
    });
    expect(loaded).toBe(true);
    const tool = one<{ session_id: number; retry_count: number; error_message: string }>(
      `select session_id, retry_count, error_message from activity_items
       where kind = 'tool-call' and tool_state = 'failed' and retry_count > 0 limit 1`,
    );
    await openSession(String(tool.session_id), 'activity');
    await page.getByTestId('feed-tab-errors').click();
    const failed = page
      .getByTestId('feed-entry')
      .filter({ has: page.locator('[data-testid="tool-state"][data-state="failed"]') })
      .filter({ hasText: `${tool.retry_count} ${tool.retry_count === 1 ? 'retry' : 'retries'}` })
      .first();
    await failed.getByTestId('tool-toggle').click();
    await expect.poll(() => failed.getByTestId('tool-error').textContent()).toContain(tool.error_message);

    const link = one<{ session_id: number; child_id: number }>(
      `select a.session_id, ls.id as child_id from activity_items a
       join sessions s on s.id = a.session_id
       join sessions ls on ls.target_id = s.target_id and ls.remote_id = a.link_session_remote_id
       where a.kind = 'link' and ls.id != a.session_id order by a.seq limit 1`,
    );
    await openSession(String(link.session_id), 'activity');
    await page.getByTestId('linked-session-open').first().click();
    await page.locator(`[data-testid="session-detail-view"][data-session-id="${link.child_id}"]`).waitFor();
    expect(ui.hash()).toBe(`#/sessions/${link.child_id}`);
  });

  it('shows the metadata with the raw trigger value', async () => {
    const row = one<{ id: number; remote_id: string; trigger_raw: string }>(
      'select id, remote_id, trigger_raw from sessions where trigger_raw is not null limit 1',
    );
    await openSession(String(row.id), 'metadata');
    const metadata = ui.page.getByTestId('metadata-tab');
    await expect.poll(() => metadata.textContent()).toContain(row.remote_id);
    expect(await ui.page.getByTestId('metadata-raw-trigger').textContent()).toBe(row.trigger_raw);
  });

  it('renders markdown from the session inert: no raw HTML, no script, no javascript: links', async () => {
    const row = one<{ id: number }>(
      `select session_id as id from activity_items where kind = 'message' and text like 'Probe <img%' limit 1`,
    );
    await openSession(String(row.id));
    const { page } = ui;
    const user = page.getByTestId('conversation-user').filter({ hasText: 'Probe' });
    await user.waitFor();
    // The HTML is shown as text, not parsed into elements.
    expect(await user.textContent()).toContain('<img src=x onerror=');
    expect(await page.locator('.conversation img[onerror], .conversation script').count()).toBe(0);
    const link = user.getByText('a link');
    expect(await link.getAttribute('href')).toBeNull();
    const reply = page.getByTestId('conversation-assistant').filter({ hasText: 'bold' });
    await reply.waitFor();
    expect(await reply.locator('strong').textContent()).toBe('bold');
    expect(await reply.locator('img[src^="javascript"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
  });

  it('exports a session as a bundle file and imports it back as a read-only copy', async () => {
    const row = one<{ id: number; name: string; items: number }>(
      `select s.id, coalesce(s.name, s.component_name, s.remote_id) as name,
         (select count(*) from activity_items a where a.session_id = s.id) as items
       from sessions s where exists (select 1 from activity_items a where a.session_id = s.id and a.kind = 'tool-call')
       limit 1`,
    );
    await openSession(String(row.id));
    const { page } = ui;
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('detail-export').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.tracedeck\.json$/);
    const path = await download.path();
    const bundle = JSON.parse(readFileSync(path, 'utf8')) as { format: string; activity: unknown[] };
    expect(bundle.format).toBe('tracedeck.session-bundle');
    expect(bundle.activity).toHaveLength(row.items);

    await ui.goTo('sessions');
    await page.getByTestId('import-bundle-file').setInputFiles(path);
    await expect.poll(() => ui.hash(), { timeout: 15_000 }).toMatch(/^#\/sessions\/\d+$/);
    const importedId = ui.hash().split('/')[2]!;
    expect(importedId).not.toBe(String(row.id));
    await page.locator(`[data-testid="session-detail-view"][data-session-id="${importedId}"]`).waitFor();
    expect(await page.getByTestId('detail-name').textContent()).toBe(row.name);
    expect(await page.getByTestId('detail-target').textContent()).toContain('Imported · Agents');
    await expect
      .poll(() => page.getByTestId('detail-tab-activity').textContent())
      .toContain(String(row.items));
    // Read-only: no control action is offered as enabled.
    const enabled = await page.locator('[data-testid^="detail-action-"]:enabled').count();
    expect(enabled).toBe(0);
  });
});
