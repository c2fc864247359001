import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startLangGraphServer, type LangGraphServer } from '../peers/langgraph/server';
import { AppPage } from './pages/app-page';
import { launchChromium } from './support/browser';
import { startWebApp, type WebApp } from './support/web-app';

// The session detail view on threads of the real LangGraph API server: the conversation with the
// model's reasoning and tool calls folded in, a failed tool call under Errors, and an interrupted
// thread answered from the feed, which resumes it to the end.

let server: LangGraphServer;
let app: WebApp;
let browser: Browser;
let ui: AppPage;
let db: Database.Database;
let interruptedThread = '';
let toolFailThread = '';

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Starts a run on a new thread and waits until the thread is no longer busy. */
async function runThread(message: string): Promise<string> {
  const { thread_id: id } = await api<{ thread_id: string }>('POST', '/threads', {
    metadata: { suite: 'detail' },
  });
  await api('POST', `/threads/${id}/runs/wait`, {
    assistant_id: 'agent',
    input: { messages: [{ role: 'user', content: message }] },
  });
  return id;
}

function sessionIdOf(threadId: string): string {
  const row = db.prepare('select id from sessions where remote_id = ?').get(threadId) as
    { id: number } | undefined;
  if (!row) throw new Error(`thread ${threadId} is not in the store`);
  return String(row.id);
}

async function openSession(id: string, tab?: string): Promise<void> {
  await ui.page.evaluate((hash) => (window.location.hash = hash), `#/sessions/${id}${tab ? `/${tab}` : ''}`);
  await ui.page.locator(`[data-testid="session-detail-view"][data-session-id="${id}"]`).waitFor();
}

beforeAll(async () => {
  [server, app, browser] = await Promise.all([startLangGraphServer(), startWebApp(), launchChromium()]);
  [interruptedThread, toolFailThread] = await Promise.all([
    runThread('check the weather lookup:oslo'),
    runThread('find the ferry lookup:bergen toolfail noreview'),
  ]);
  ui = await AppPage.open(browser, app);
  await ui.goTo('targets');
  await ui.targets.add({ kind: 'langgraph', url: server.url, name: 'LangGraph dev' });
  await ui.targets.waitForStatus('LangGraph dev', 'ok', 60_000);
  await ui.goTo('sessions');
  await ui.sessions.waitForTotal(2);
  db = new Database(join(app.dataDir, 'tracedeck.sqlite'), { readonly: true });
}, 180_000);

afterAll(async () => {
  db?.close();
  await browser?.close();
  await app?.stop();
  await server?.stop();
}, 30_000);

describe('session detail (LangGraph)', () => {
  it('shows the conversation with reasoning and the tool call folded into the reply, and the failure under Errors', async () => {
    const id = sessionIdOf(toolFailThread);
    await openSession(id);
    const { page } = ui;
    await page.getByTestId('conversation-user').filter({ hasText: 'find the ferry' }).waitFor();
    const tool = page.getByTestId('conversation-tool').first();
    await tool.waitFor();
    expect(await tool.getAttribute('open')).toBeNull();
    expect(await tool.locator('summary').textContent()).toContain('slow_lookup');
    await tool.locator('summary').click();
    await expect.poll(() => tool.getByTestId('tool-error').textContent()).toContain('lookup failed for');

    await page.getByTestId('detail-tab-activity').click();
    await page.getByTestId('feed-tab-errors').click();
    const failed = page.getByTestId('feed-entry').filter({ has: page.locator('[data-state="failed"]') });
    await failed.first().waitFor();
    expect(await failed.count()).toBeGreaterThan(0);
    expect(ui.problems).toEqual([]);
  });

  it('answers an interrupted thread from the feed; the thread resumes and completes', async () => {
    const id = sessionIdOf(interruptedThread);
    await openSession(id, 'activity');
    const { page } = ui;
    expect(
      await page.getByTestId('detail-header').getByTestId('status-badge').getAttribute('data-status'),
    ).toBe('waiting');
    await page.getByTestId('input-wait').last().waitFor();
    await page.getByTestId('respond-input').fill('{"approved": true}');
    await page.getByTestId('respond-send').click();
    const badge = page.getByTestId('detail-header').getByTestId('status-badge');
    await expect.poll(() => badge.getAttribute('data-status'), { timeout: 60_000 }).toBe('completed');
    await page.getByTestId('detail-tab-conversation').click();
    await page
      .getByTestId('conversation-assistant')
      .filter({ hasText: 'Reviewer said: {"approved":true}' })
      .waitFor({
        timeout: 30_000,
      });
    const state = await api<{ next: string[] }>('GET', `/threads/${interruptedThread}/state`);
    expect(state.next).toEqual([]);
  });
});
