import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startAgentOsPeer, type AgentOsPeer } from '../peers/agentos/server';
import { AppPage } from './pages/app-page';
import { launchChromium } from './support/browser';
import { startWebApp, type WebApp } from './support/web-app';

// Adding AgentOS targets through the Targets view: local and cloud, the connection test, the
// sync's progress and state, enable / disable and removal.

let app: WebApp;
let browser: Browser;
let ui: AppPage;
let peer: AgentOsPeer;
let securedPeer: AgentOsPeer;

beforeAll(async () => {
  [peer, securedPeer, app, browser] = await Promise.all([
    startAgentOsPeer({ seed: { seed: 11, sessions: 60 } }),
    startAgentOsPeer({ seed: { seed: 12, sessions: 5 }, auth: { mode: 'security-key', key: 'right-key' } }),
    startWebApp(),
    launchChromium(),
  ]);
  ui = await AppPage.open(browser, app);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await Promise.all([peer?.close(), securedPeer?.close()]);
});

describe('adding targets', () => {
  it('offers the local form with the default AgentOS URL, and the LangGraph one for LangGraph', async () => {
    await ui.goTo('targets');
    const { targets } = ui;
    await targets.form().waitFor();
    expect(await targets.form().getByTestId('target-url').inputValue()).toBe('http://localhost:7777');
    await targets.form().getByTestId('target-kind-langgraph').click();
    expect(await targets.form().getByTestId('target-url').inputValue()).toBe('http://localhost:2024');
    await targets.form().getByTestId('target-kind-agentos').click();
    await targets
      .form()
      .getByTestId('detected-servers')
      .getByText(/No new server|Running now/)
      .waitFor();
  });

  it('says in words why a connection failed, with the details on demand', async () => {
    const { targets, page } = ui;
    await targets.fill({ kind: 'agentos', url: 'http://127.0.0.1:9', name: 'Nowhere' });
    const result = await targets.testConnection();
    expect(await result.getAttribute('data-ok')).toBe('false');
    expect(await result.getByTestId('test-error').textContent()).toBe(
      'Cannot reach the server. Is it running, and is the URL right?',
    );
    await result.getByRole('button', { name: 'Details' }).click();
    expect(await page.getByTestId('test-error-detail').textContent()).toMatch(/\S/);
  });

  it('tests and adds a local AgentOS server, showing the sync’s progress and then its state', async () => {
    const { targets, page } = ui;
    await targets.fill({ kind: 'agentos', url: peer.url, name: 'AgentOS peer' });
    const result = await targets.testConnection();
    expect(await result.getAttribute('data-ok')).toBe('true');
    expect(await result.getByTestId('test-version').textContent()).toBe('2.9.0');
    expect(await result.getByTestId('test-auth').textContent()).toBe('none');
    expect(await result.getByTestId('test-components').textContent()).toMatch(/agent/);

    // Session bodies trickle in, so the sync lasts long enough to watch.
    peer.faults.match((request) => request.path.startsWith('/sessions/'), {
      kind: 'slow-body',
      bytesPerChunk: 2048,
      delayMs: 15,
    });
    await targets.submit();
    const card = targets.card('AgentOS peer');
    await card.getByTestId('sync-progress').waitFor();
    await expect
      .poll(() => card.getByTestId('sync-counts').textContent())
      .toMatch(/[1-9]\d* sessions fetched/);
    peer.faults.clear();
    await expect.poll(() => targets.status('AgentOS peer'), { timeout: 30_000 }).toBe('ok');
    await card.getByTestId('sync-progress').waitFor({ state: 'detached' });
    await expect.poll(() => targets.sessionCount('AgentOS peer')).toBe(peer.store.size());
    expect(await card.getByTestId('target-last-sync').textContent()).toMatch(/just now|min ago/);
    expect(await card.getByTestId('target-next-sync').textContent()).toMatch(/^in \d+ (s|min)$/);

    await ui.goTo('sessions');
    await expect.poll(() => ui.sessions.total()).toBe(peer.store.size());
    expect(await ui.sessions.rows().first().locator('.col-target').textContent()).toMatch(
      /localAgentOS peer/,
    );
    expect(page.url()).toContain('#/sessions');
  });

  it('adds a cloud target with a security key, refusing the wrong key in words', async () => {
    await ui.goTo('targets');
    const { targets } = ui;
    await targets.openForm();
    await targets.fill({
      kind: 'agentos',
      location: 'cloud',
      url: securedPeer.url,
      name: 'AgentOS cloud',
      authMode: 'security-key',
      token: 'wrong-key',
    });
    let result = await targets.testConnection();
    expect(await result.getByTestId('test-error').textContent()).toBe(
      'The server refused the credentials. Check the key or token.',
    );
    await targets.form().getByTestId('target-token').fill('right-key');
    result = await targets.testConnection();
    expect(await result.getAttribute('data-ok')).toBe('true');
    expect(await result.getByTestId('test-auth').textContent()).toBe('security_key');
    await targets.submit();
    await expect.poll(() => targets.status('AgentOS cloud'), { timeout: 30_000 }).toBe('ok');
    await expect.poll(() => targets.sessionCount('AgentOS cloud')).toBe(securedPeer.store.size());
    expect(await targets.card('AgentOS cloud').textContent()).toMatch(/cloud/);
  });

  it('disables and enables a target', async () => {
    const { targets } = ui;
    const card = targets.card('AgentOS cloud');
    await card.getByTestId('target-enabled').uncheck();
    await expect.poll(() => card.getByTestId('target-next-sync').textContent()).toBe('disabled');
    expect(await card.getByTestId('target-sync').isDisabled()).toBe(true);
    await card.getByTestId('target-enabled').check();
    await expect.poll(() => targets.status('AgentOS cloud'), { timeout: 30_000 }).toBe('ok');
    expect(await card.getByTestId('target-sync').isEnabled()).toBe(true);
  });

  it('removes a target keeping its sessions browsable, or with them', async () => {
    const { targets } = ui;
    await targets.remove('AgentOS cloud', true);
    expect(await targets.sessionCount('AgentOS cloud')).toBe(securedPeer.store.size());
    await ui.goTo('sessions');
    await expect.poll(() => ui.sessions.total()).toBe(peer.store.size() + securedPeer.store.size());
    await ui.goTo('targets');
    await targets.remove('AgentOS cloud', false);
    await ui.goTo('sessions');
    await expect.poll(() => ui.sessions.total()).toBe(peer.store.size());
    expect(ui.problems).toEqual([]);
  });
});
