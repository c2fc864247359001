import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startLangGraphServer, type LangGraphServer } from '../peers/langgraph/server';
import { AppPage } from './pages/app-page';
import { launchChromium } from './support/browser';
import { startWebApp, type WebApp } from './support/web-app';

// The real LangGraph API dev server: add it through the UI, then pause a running thread from its
// row (Pausing, then Paused once the server confirms) and resume it.

const CONNECTORS = readFileSync(
  resolve(import.meta.dirname, '../../electron/main/sync/connectors/index.ts'),
  'utf8',
);
const langgraphRegistered = /^\s*langgraph:\s*createLangGraphConnector/m.test(CONNECTORS);

let server: LangGraphServer | null = null;
let app: WebApp;
let browser: Browser;
let ui: AppPage;
let threadId = '';

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${server!.url}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** A thread whose run is inside its slow tool (`sleep:N`), so it stays running for a while. */
async function startSlowRun(): Promise<string> {
  const { thread_id: id } = await api<{ thread_id: string }>('POST', '/threads', {
    metadata: { suite: 'e2e' },
  });
  await api('POST', `/threads/${id}/runs`, {
    assistant_id: 'agent',
    input: { messages: [{ role: 'user', content: 'look up the fjords sleep:45 noreview' }] },
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const state = await api<{ next: string[] }>('GET', `/threads/${id}/state`);
    if (state.next[0] === 'tools') return id;
    if (Date.now() > deadline) throw new Error('the run never reached its tool');
    await new Promise((done) => setTimeout(done, 200));
  }
}

beforeAll(async () => {
  if (!langgraphRegistered) return;
  [server, app, browser] = await Promise.all([startLangGraphServer(), startWebApp(), launchChromium()]);
  threadId = await startSlowRun();
  ui = await AppPage.open(browser, app);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await server?.stop();
}, 30_000);

describe('a LangGraph target', () => {
  it.skipIf(!langgraphRegistered)('is added through the UI after a connection test', async () => {
    await ui.goTo('targets');
    const { targets } = ui;
    await targets.fill({ kind: 'langgraph', url: server!.url, name: 'LangGraph dev' });
    const result = await targets.testConnection();
    expect(await result.getAttribute('data-ok')).toBe('true');
    expect(await result.getByTestId('test-version').textContent()).toMatch(/\d+\.\d+/);
    await targets.submit();
    await targets.waitForStatus('LangGraph dev', 'ok', 60_000);
    await ui.goTo('sessions');
    await ui.sessions.rowWithText(threadId).waitFor();
  });

  it.skipIf(!langgraphRegistered)(
    'pauses a running thread from its row: Pausing, then Paused, then Resume runs it again',
    async () => {
      const { sessions } = ui;
      const row = sessions.rowWithText(threadId);
      await expect.poll(() => row.getAttribute('data-status'), { timeout: 30_000 }).toBe('running');
      const id = (await row.getAttribute('data-session-id'))!;
      const history = await sessions.recordStatuses(id);

      await sessions.rowAction(sessions.row(id), 'pause').click();
      await expect.poll(() => sessions.rowStatus(id), { timeout: 60_000 }).toBe('paused');
      expect(await history()).toEqual(['running', 'pausing', 'paused']);

      await sessions.rowAction(sessions.row(id), 'resume').click();
      await expect.poll(() => sessions.rowStatus(id), { timeout: 60_000 }).toBe('running');
      expect(ui.problems).toEqual([]);
    },
    150_000,
  );
});
