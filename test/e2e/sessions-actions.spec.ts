import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startAgentOsPeer, type AgentOsPeer } from '../peers/agentos/server';
import { AppPage } from './pages/app-page';
import { launchChromium } from './support/browser';
import { startWebApp, type WebApp } from './support/web-app';

// Selection, quick and bulk actions, the palette and live updates, against the AgentOS peer
// (which cannot pause: that action is offered disabled, with the reason).

let app: WebApp;
let browser: Browser;
let ui: AppPage;
let peer: AgentOsPeer;

beforeAll(async () => {
  [peer, app, browser] = await Promise.all([
    startAgentOsPeer({ seed: { seed: 3, sessions: 40 }, cancelDelayMs: 300 }),
    startWebApp(),
    launchChromium(),
  ]);
  for (let i = 0; i < 4; i++) peer.store.startRunningRun({ message: `long job ${i}` });
  ui = await AppPage.open(browser, app);
  await ui.goTo('targets');
  await ui.targets.add({ kind: 'agentos', url: peer.url, name: 'Agents' });
  await ui.targets.waitForStatus('Agents', 'ok');
  await ui.goTo('sessions');
  await ui.sessions.waitForTotal(peer.store.size());
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await peer?.close();
});

describe('acting on sessions', () => {
  it('offers each row the actions of its status, disabled with the reason where the target cannot', async () => {
    const { sessions } = ui;
    const running = sessions.rowsWithStatus('running').first();
    const pause = sessions.rowAction(running, 'pause');
    await expect.poll(() => pause.getAttribute('title')).toBe("This target's API cannot pause sessions");
    expect(await pause.isDisabled()).toBe(true);
    expect(await sessions.rowAction(running, 'cancel').isEnabled()).toBe(true);
    const completed = sessions.rowsWithStatus('completed').first();
    await expect.poll(() => sessions.rowAction(completed, 'delete').isEnabled()).toBe(true);
    expect(await completed.locator('[data-testid^="row-action-"]').count()).toBe(1);
  });

  it('offers a mixed selection only the actions valid for every selected session', async () => {
    const { sessions, page } = ui;
    const running = sessions.rowsWithStatus('running');
    await sessions.clickRow(running.nth(0));
    await sessions.clickRow(running.nth(1), ['Control']);
    expect(await sessions.bulkActions()).toEqual(['pause', 'cancel']);
    expect(await page.getByTestId('bulk-action-pause').isDisabled()).toBe(true);
    expect(await page.getByTestId('bulk-action-pause').getAttribute('title')).toBe(
      "This target's API cannot pause sessions",
    );

    await sessions.clickRow(sessions.rowsWithStatus('completed').first(), ['Control']);
    await expect.poll(() => page.getByTestId('bulk-count').textContent()).toBe('3 selected');
    expect(await sessions.bulkActions()).toEqual([]);
    await page.getByTestId('bulk-no-actions').waitFor();

    await sessions.clickRow(sessions.rowsWithStatus('waiting').first());
    await sessions.clickRow(running.nth(0), ['Control']);
    expect(await sessions.bulkActions()).toEqual(['cancel']);
    await page.getByTestId('bulk-clear').click();
    await sessions.bulkBar().waitFor({ state: 'detached' });
  });

  it('selects a range with shift-click, and every matching session at once', async () => {
    const { sessions, page } = ui;
    await sessions.clickRow(sessions.rows().nth(1));
    await sessions.clickRow(sessions.rows().nth(5), ['Shift']);
    await expect.poll(() => sessions.selectedRows().count()).toBe(5);
    // With part of the list selected the header box clears; from nothing it selects all.
    await page.getByTestId('select-all').click();
    await sessions.bulkBar().waitFor({ state: 'detached' });
    await page.getByTestId('select-all').click();
    await expect
      .poll(() => page.getByTestId('bulk-count').textContent())
      .toBe(`${peer.store.size()} selected`);
    await page.getByTestId('select-all').click();
    await sessions.bulkBar().waitFor({ state: 'detached' });
  });

  it('asks before deleting, then deletes at the source and in the list', async () => {
    const { sessions, page } = ui;
    const row = sessions.rowsWithStatus('completed').first();
    const id = await row.getAttribute('data-session-id');
    const remoteId = await sessions.remoteIdOf(row);
    const total = await sessions.total();
    await sessions.rowAction(row, 'delete').click();
    const dialog = page.getByTestId('confirm-dialog');
    expect(await dialog.textContent()).toMatch(/cannot be undone/);
    await dialog.getByTestId('confirm-dismiss').click();
    await dialog.waitFor({ state: 'detached' });
    expect(await sessions.row(id!).count()).toBe(1);

    await sessions.rowAction(sessions.row(id!), 'delete').click();
    await sessions.confirm();
    await sessions.row(id!).waitFor({ state: 'detached' });
    await expect.poll(() => sessions.total()).toBe(total - 1);
    expect(peer.store.getSession(remoteId)).toBeUndefined();
  });

  it('cancels two running sessions from the palette, confirmed, with a result per session', async () => {
    const { sessions, page } = ui;
    const running = sessions.rowsWithStatus('running');
    const ids = [
      await running.nth(0).getAttribute('data-session-id'),
      await running.nth(1).getAttribute('data-session-id'),
    ];
    const history = await sessions.recordStatuses(ids[0]!);
    await sessions.clickRow(sessions.row(ids[0]!));
    await sessions.clickRow(sessions.row(ids[1]!), ['Control']);
    await sessions.bulkActions();
    const palette = await sessions.openPalette();
    await palette.getByTestId('palette-input').fill('cancel');
    await sessions.paletteItem('act:cancel').click();
    expect(await page.getByTestId('confirm-dialog').textContent()).toMatch(/Cancel 2 sessions\?/);
    await sessions.confirm();
    const result = page.getByTestId('bulk-result');
    await result.waitFor();
    expect(
      await result
        .getByTestId('bulk-outcome')
        .evaluateAll((items) => items.map((i) => i.getAttribute('data-ok'))),
    ).toEqual(['true', 'true']);
    await result.getByRole('button', { name: 'Close' }).click();
    for (const id of ids)
      await expect.poll(() => sessions.rowStatus(id!), { timeout: 20_000 }).toBe('canceled');
    expect(await history()).toEqual(['running', 'canceling', 'canceled']);
  });

  it('opens the compare view for the two selected from the palette', async () => {
    const { sessions, page } = ui;
    const ids = await sessions.sessionIds();
    await sessions.clickRow(sessions.row(ids[2]!));
    await sessions.clickRow(sessions.row(ids[3]!), ['Control']);
    await sessions.openPalette();
    await page.getByTestId('palette-input').fill('compare');
    await page.keyboard.press('Enter');
    await expect.poll(() => ui.hash()).toBe(`#/compare?left=${ids[2]}&right=${ids[3]}`);
    await page.goBack();
    await sessions.waitForRows();
    await page.getByTestId('bulk-clear').click();
  });

  it('shows new sessions without moving the rows on screen or losing the selection', async () => {
    const small = await AppPage.open(browser, app, { viewport: { width: 1440, height: 420 } });
    const { sessions, page } = small;
    await sessions.waitForRows();
    await sessions.press(...Array.from({ length: 14 }, () => 'j'), 'x');
    const selected = await sessions.selectedRows().getAttribute('data-session-id');
    await expect.poll(() => sessions.topVisibleRowId()).not.toBe((await sessions.sessionIds())[0]);
    const top = await sessions.topVisibleRowId();
    const total = await sessions.total();

    peer.store.addSession({ sessionName: 'Fresh from the source' });
    await page.getByTestId('sync-now').click();
    await expect.poll(() => sessions.total(), { timeout: 20_000 }).toBe(total + 1);
    expect(await sessions.topVisibleRowId()).toBe(top);
    expect(await sessions.selectedRows().getAttribute('data-session-id')).toBe(selected);

    await sessions.press('Home');
    await expect
      .poll(() => sessions.rows().first().getByTestId('session-name').textContent())
      .toBe('Fresh from the source');
    expect(small.problems).toEqual([]);
    await small.close();
  });
});
