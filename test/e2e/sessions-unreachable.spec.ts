import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startAgentOsPeer, type AgentOsPeer } from '../peers/agentos/server';
import { AppPage } from './pages/app-page';
import { launchChromium } from './support/browser';
import { startWebApp, type WebApp } from './support/web-app';

// A target that goes away: the app says how old its data is, and everything stays browsable.

let app: WebApp;
let browser: Browser;
let ui: AppPage;
let peer: AgentOsPeer | null;
let sessionCount = 0;

beforeAll(async () => {
  let started: AgentOsPeer;
  [started, app, browser] = await Promise.all([
    startAgentOsPeer({ seed: { seed: 5, sessions: 25 } }),
    startWebApp(),
    launchChromium(),
  ]);
  peer = started;
  sessionCount = started.store.size();
  ui = await AppPage.open(browser, app);
  await ui.goTo('targets');
  await ui.targets.add({ kind: 'agentos', url: started.url, name: 'Laptop agents' });
  await ui.targets.waitForStatus('Laptop agents', 'ok');
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await peer?.close();
});

describe('when a target is unreachable', () => {
  it('shows how old the data is, and keeps the list, search and sessions browsable', async () => {
    const { sessions, targets, page } = ui;
    await ui.goTo('sessions');
    await sessions.waitForTotal(sessionCount);
    expect(await sessions.banner().count()).toBe(0);

    await peer?.close();
    peer = null;
    await page.getByTestId('sync-now').click();
    // Network failures are retried with backoff first (a few seconds), then reported.
    await sessions.banner().waitFor({ timeout: 45_000 });
    expect(await sessions.banner().textContent()).toMatch(
      /^Laptop agents is unreachable — showing data synced (just now|\d+ min ago)\./,
    );

    await sessions.waitForTotal(sessionCount);
    const row = sessions.rows().nth(2);
    const id = await row.getAttribute('data-session-id');
    await sessions.openByName(row);
    await expect.poll(() => ui.hash()).toBe(`#/sessions/${id}`);
    await page.goBack();
    await sessions.waitForRows();
    const remoteId = await sessions.remoteIdOf(sessions.rows().first());
    await sessions.search(remoteId);
    await sessions.waitForTotal(1);
    expect(await sessions.remoteIdOf(sessions.rows().first())).toBe(remoteId);
    await sessions.search('');
    await sessions.waitForTotal(sessionCount);
    await sessions.toggleFilter('status', 'completed');
    await expect.poll(async () => new Set(await sessions.statuses())).toEqual(new Set(['completed']));
    await page.getByTestId('clear-filters').click();

    await ui.goTo('targets');
    await targets.waitForStatus('Laptop agents', 'error');
    const error = targets.card('Laptop agents').getByTestId('target-error');
    expect(await error.textContent()).toMatch(
      /^Cannot reach the server\. Is it running, and is the URL right\?/,
    );
    await error.getByTestId('target-error-details').click();
    expect(await error.locator('.error-detail').textContent()).toMatch(/\S/);
    expect(ui.problems).toEqual([]);
  });
});
