import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator } from 'playwright-core';
import type { Session } from '@shared/models/session';
import { startAgentOsPeer, type AgentOsPeer } from '../peers/agentos/server';
import { startLangGraphServer, type LangGraphServer } from '../peers/langgraph/server';
import { waitFor } from '../support/temp-core';
import { AppPage } from './pages/app-page';
import { ComparePage } from './pages/compare-page';
import { bridgeClient } from './support/bridge-client';
import { launchChromium } from './support/browser';
import { startWebApp, type WebApp } from './support/web-app';

// Comparing real sessions: LangGraph threads from the real `langgraphjs dev` server and a
// session from the AgentOS peer, synced into the app's store through its own handlers, then
// compared in Chromium through the web bridge.

let server: LangGraphServer;
let peer: AgentOsPeer;
let app: WebApp;
let browser: Browser;
let ui: AppPage;
let compare: ComparePage;
let invoke: ReturnType<typeof bridgeClient>;

/** Local session ids: A and B differ in one tool result and one failed call; C has two runs. */
const ids = { a: '', b: '', c: '', agentos: '' };
let agentosSession: Session;
const runIds = { c1: '', c2: '' };

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Runs `content` on a thread to its end (the run's own id is returned). */
async function runToEnd(threadId: string, content: string): Promise<string> {
  const run = await api<{ run_id: string }>('POST', `/threads/${threadId}/runs`, {
    assistant_id: 'agent',
    input: { messages: [{ role: 'user', content }] },
  });
  await api('GET', `/threads/${threadId}/runs/${run.run_id}/join`);
  return run.run_id;
}

async function newThread(...contents: string[]): Promise<{ threadId: string; runs: string[] }> {
  const { thread_id: threadId } = await api<{ thread_id: string }>('POST', '/threads', {
    metadata: { suite: 'compare' },
  });
  const runs: string[] = [];
  for (const content of contents) runs.push(await runToEnd(threadId, content));
  return { threadId, runs };
}

/** Every session of a target once its first sync stored `count` of them. */
async function syncedSessions(targetId: string, count: number): Promise<Session[]> {
  return waitFor(
    async () => {
      const info = await invoke('sessions:query', { targetIds: [targetId] });
      if (info.total < count) return null;
      const { rows } = await invoke('sessions:window', { queryId: info.queryId, start: 0, count: 100 });
      await invoke('sessions:close-query', { queryId: info.queryId });
      return rows.map((row) => row.session);
    },
    { timeoutMs: 60_000, what: `${count} sessions synced` },
  );
}

/** Whether a row is rendered and inside the visible part of the aligned steps' scroller. */
async function isInView(row: Locator): Promise<boolean> {
  if ((await row.count()) === 0) return false;
  return row.evaluate((element) => {
    const scroller = element.closest('[data-virtuoso-scroller]')!.getBoundingClientRect();
    const box = element.getBoundingClientRect();
    return box.top >= scroller.top && box.bottom <= scroller.bottom;
  });
}

beforeAll(async () => {
  [server, peer, app, browser] = await Promise.all([
    startLangGraphServer(),
    startAgentOsPeer({ seed: { seed: 7, sessions: 3 } }),
    startWebApp(),
    launchChromium(),
  ]);
  invoke = bridgeClient(app);
  const [a, b, c] = await Promise.all([
    newThread('weather lookup:oslo lookup:bergen noreview'),
    newThread('weather lookup:oslo lookup:tromso toolfail noreview'),
    newThread('second opinion lookup:oslo noreview', 'second opinion lookup:bergen noreview'),
  ]);

  const langgraph = await invoke('targets:add', {
    name: 'LangGraph dev',
    kind: 'langgraph',
    location: 'local',
    baseUrl: server.url,
    authMode: 'none',
  });
  const agentos = await invoke('targets:add', {
    name: 'AgentOS peer',
    kind: 'agentos',
    location: 'local',
    baseUrl: peer.url,
    authMode: 'none',
  });
  const graphSessions = await syncedSessions(langgraph.id, 3);
  const byRemote = (remoteId: string) => graphSessions.find((s) => s.remoteId === remoteId)!.id;
  ids.a = byRemote(a.threadId);
  ids.b = byRemote(b.threadId);
  ids.c = byRemote(c.threadId);
  agentosSession = (await syncedSessions(agentos.id, 3))[0]!;
  ids.agentos = agentosSession.id;
  const { runs } = await invoke('sessions:get', { id: ids.c });
  runIds.c1 = runs.find((r) => r.remoteId === c.runs[0])!.id;
  runIds.c2 = runs.find((r) => r.remoteId === c.runs[1])!.id;

  ui = await AppPage.open(browser, app);
  compare = new ComparePage(ui.page);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await peer?.close();
  await server?.stop();
}, 30_000);

describe('comparing two LangGraph threads', () => {
  it('shows the deltas, the changed tool result and the failed call in the diff', async () => {
    await compare.open(`left=${ids.a}&right=${ids.b}`);
    await compare.waitForReady();
    const { page } = compare;
    expect(await compare.delta('errors').getAttribute('data-verdict')).toBe('worse');
    await expect
      .poll(() => compare.delta('errors').locator('td').allTextContents())
      .toEqual(['0', '1', '+1 (worse)', '']);
    expect(await compare.delta('toolCalls').getAttribute('data-verdict')).toBe('same');
    expect(await compare.delta('status').getAttribute('data-verdict')).toBe('same');
    expect(await compare.stepsWithDiff('same').count()).toBeGreaterThan(0);
    expect(await compare.stepsWithDiff('changed').count()).toBeGreaterThan(0);

    await compare.tab('tools');
    await expect.poll(() => compare.steps().count()).toBe(2);
    await compare.steps().nth(1).click();
    await expect.poll(() => compare.diffText(), { timeout: 10_000 }).toContain('TROMSO');
    expect(await compare.diffText()).toContain('BERGEN');

    await compare.steps().nth(0).click();
    await expect.poll(() => compare.diffText()).toContain('lookup failed for "oslo toolfail"');
    expect(await compare.diffText()).toContain('OSLO');

    await compare.tab('errors');
    await expect.poll(() => compare.steps().count()).toBe(1);
    expect(await compare.steps().first().getAttribute('data-diff')).toBe('changed');
    expect(ui.hash()).toBe(`#/compare?left=${ids.a}&right=${ids.b}&tab=errors`);
    await compare.tab('all');
    expect(await page.getByTestId('compare-metadata').textContent()).toContain('LangGraph dev');
  });

  it('jumps to the first divergence: scrolls it into view and selects it', async () => {
    const { page } = compare;
    await page.setViewportSize({ width: 1440, height: 600 });
    await compare.open(`left=${ids.a}&right=${ids.b}`);
    await compare.waitForReady();
    const scroller = page.locator('[data-testid="compare-steps"] [data-virtuoso-scroller]');
    const first = page.locator('[data-testid="compare-step"][data-row="0"]');
    // Scrolled to the end (again once the list has taken its new, shorter height), row 0 is out of view.
    await expect
      .poll(async () => {
        await scroller.evaluate((element) => (element.scrollTop = element.scrollHeight));
        return isInView(first);
      })
      .toBe(false);

    await page.getByTestId('compare-first-divergence').click();
    await expect.poll(() => isInView(first)).toBe(true);
    expect(await first.getAttribute('aria-selected')).toBe('true');
    expect(await first.getAttribute('data-diff')).not.toBe('same');
    await expect.poll(() => compare.diffText()).toContain('tromso');
    await page.setViewportSize({ width: 1440, height: 900 });

    // The keyboard moves the selection too.
    await page.getByTestId('compare-steps').focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => compare.selectedStep().getAttribute('data-row')).toBe('1');
  });

  it('swaps sides, goes back, and exports the comparison as one JSON file', async () => {
    const { page } = compare;
    await compare.open(`left=${ids.a}&right=${ids.b}`);
    await compare.waitForReady();
    await page.getByTestId('compare-swap').click();
    await expect.poll(() => ui.hash()).toBe(`#/compare?left=${ids.b}&right=${ids.a}`);
    await expect.poll(() => compare.delta('errors').getAttribute('data-verdict')).toBe('better');
    await page.goBack();
    await expect.poll(() => ui.hash()).toBe(`#/compare?left=${ids.a}&right=${ids.b}`);
    await expect.poll(() => compare.delta('errors').getAttribute('data-verdict')).toBe('worse');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('compare-export').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^tracedeck-compare-.*\.json$/);
    const exported = JSON.parse(readFileSync((await download.path())!, 'utf8')) as {
      format: string;
      left: { session: { id: string } };
      right: { session: { id: string } };
      counts: Record<string, number>;
      rows: { diff: string; left: { kind: string } | null; right: { kind: string } | null }[];
      deltas: { key: string; verdict: string }[];
    };
    expect(exported.format).toBe('tracedeck-comparison');
    expect([exported.left.session.id, exported.right.session.id]).toEqual([ids.a, ids.b]);
    expect(exported.rows.length).toBe(Object.values(exported.counts).reduce((sum, n) => sum + n, 0));
    expect(exported.rows.filter((row) => row.diff === 'changed').length).toBe(exported.counts.changed);
    expect(exported.rows.some((row) => row.left?.kind === 'tool-call')).toBe(true);
    expect(exported.deltas.find((d) => d.key === 'errors')?.verdict).toBe('worse');
  });

  it('opens from two sessions selected in the list', async () => {
    const { page } = compare;
    await ui.goTo('sessions');
    for (const id of [ids.a, ids.b]) {
      await ui.sessions.row(id).getByTestId('row-checkbox').click();
    }
    await page.getByTestId('bulk-compare').click();
    await compare.waitForReady();
    expect(ui.hash()).toMatch(new RegExp(`^#/compare\\?left=(${ids.a}|${ids.b})&right=(${ids.a}|${ids.b})$`));
  });
});

describe('comparing across targets and runs', () => {
  it('picks an AgentOS session to compare with a LangGraph thread', async () => {
    const { page } = compare;
    await compare.open(`left=${ids.a}`);
    await compare.picker().waitFor();
    const words = (agentosSession.name ?? agentosSession.prompt ?? '').split(/\s+/).slice(0, 3).join(' ');
    await compare.pick(words, ids.agentos);
    await expect.poll(() => ui.hash()).toBe(`#/compare?left=${ids.a}&right=${ids.agentos}`);
    await compare.waitForReady();
    expect(await page.getByTestId('compare-side-left').textContent()).toContain('LangGraph');
    expect(await page.getByTestId('compare-side-right').textContent()).toContain('AgentOS peer');
    expect(await compare.metadata('target').getAttribute('data-different')).toBe('true');
    expect(await compare.metadata('target').textContent()).toContain('AgentOS peer (agentos, local)');
    await page.getByTestId('compare-deltas').waitFor();
    expect(await compare.delta('models').getAttribute('data-verdict')).not.toBe('unknown');
    expect(ui.problems).toEqual([]);
  });

  it('compares two runs of one session, the second picked in the picker', async () => {
    const { page } = compare;
    await compare.open(`left=${ids.c}&leftRun=${runIds.c1}`);
    await compare.pick('second opinion', ids.c, runIds.c2);
    await expect
      .poll(() => ui.hash())
      .toBe(`#/compare?left=${ids.c}&leftRun=${runIds.c1}&right=${ids.c}&rightRun=${runIds.c2}`);
    await compare.waitForReady();
    expect(
      await page.getByTestId('compare-side-left').getByTestId('compare-side-run').textContent(),
    ).toContain('Run 1 of 2');
    expect(
      await page.getByTestId('compare-side-right').getByTestId('compare-side-run').textContent(),
    ).toContain('Run 2 of 2');
    expect(await compare.metadata('run').getAttribute('data-different')).toBe('true');

    await compare.tab('tools');
    await expect.poll(() => compare.steps().count()).toBe(1);
    await compare.steps().first().click();
    await expect.poll(() => compare.diffText()).toContain('BERGEN');
    expect(await compare.diffText()).toContain('OSLO');

    // The run rows carry the runs' own input and output.
    await compare.tab('all');
    await page.locator('[data-testid="compare-step"][data-row="0"]').click();
    await page.getByTestId('compare-part-input').click();
    await expect.poll(() => compare.diffText()).toContain('lookup:bergen');
    expect(ui.problems).toEqual([]);
  });
});
