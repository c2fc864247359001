import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { SESSION_STATUSES } from '@shared/models/status';
import { AppPage } from './pages/app-page';
import { launchChromium } from './support/browser';
import { startWebApp, type WebApp } from './support/web-app';

// First run with no server: the empty state, the bundled demo, and the list's filters, search,
// sort, keyboard and persisted view on it.

let app: WebApp;
let browser: Browser;
let ui: AppPage;
let allSessions = 0;
/** The first rows in the default order (newest first), to know when the list is back to it. */
let newestFirst: string[] = [];
// Owned here, not by the web app, so it survives the restart below.
const dataDir = mkdtempSync(join(tmpdir(), 'tracedeck-e2e-demo-'));

beforeAll(async () => {
  app = await startWebApp({ dataDir });
  browser = await launchChromium();
  ui = await AppPage.open(browser, app);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the Sessions view on first run, with the demo data', () => {
  it('explains how to connect a target and loads the demo within seconds', async () => {
    const { sessions, page } = ui;
    await page.getByTestId('sessions-empty').waitFor();
    expect(await page.getByTestId('sessions-empty').textContent()).toMatch(/Add it as a target/);
    const started = Date.now();
    await page.getByTestId('load-demo').click();
    await sessions.waitForRows();
    expect(Date.now() - started).toBeLessThan(5_000);
    allSessions = await sessions.total();
    newestFirst = (await sessions.sessionIds()).slice(0, 5);
    expect(allSessions).toBeGreaterThan(150);
    // Every status, kind and trigger type has sessions (facet counts above zero).
    for (const status of SESSION_STATUSES)
      expect(await sessions.facetCount('status', status), status).toBeGreaterThan(0);
    for (const kind of ['agent', 'team', 'workflow'])
      expect(await sessions.facetCount('kind', kind)).toBeGreaterThan(0);
    expect(await sessions.facetCount('errors', 'with-errors')).toBeGreaterThan(0);
    expect(ui.problems).toEqual([]);
  });

  it('filters by status with the count the facet announced, and clears', async () => {
    const { sessions, page } = ui;
    const total = await sessions.total();
    const failed = await sessions.facetCount('status', 'failed');
    await sessions.toggleFilter('status', 'failed');
    await expect.poll(() => sessions.total()).toBe(failed);
    await expect.poll(async () => new Set(await sessions.statuses())).toEqual(new Set(['failed']));
    const paused = await sessions.facetCount('status', 'paused');
    await sessions.toggleFilter('status', 'paused');
    await expect.poll(() => sessions.total()).toBe(failed + paused);
    await page.getByTestId('clear-filters').click();
    await expect.poll(() => sessions.total()).toBe(total);
  });

  it('searches the sessions’ content and highlights the matches', async () => {
    const { sessions, page } = ui;
    await sessions.search('refund');
    await expect.poll(() => page.getByTestId('match').count()).toBeGreaterThan(0);
    const total = await sessions.total();
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThan(allSessions);
    const marks = await page.getByTestId('match').allTextContents();
    expect(marks.every((mark) => mark.toLowerCase() === 'refund')).toBe(true);
    await sessions.search('');
    await expect.poll(() => page.getByTestId('match').count()).toBe(0);
  });

  it('sorts by tokens both ways and back to newest first', async () => {
    const { sessions } = ui;
    await sessions.sortBy('totalTokens');
    expect(await sessions.sortDirection('totalTokens')).toBe('descending');
    await expect.poll(async () => isSorted(await sessions.tokenCounts(), 'desc')).toBe(true);
    const top = (await sessions.tokenCounts())[0];
    await sessions.sortBy('totalTokens');
    await expect.poll(() => sessions.sortDirection('totalTokens')).toBe('ascending');
    await expect.poll(async () => isSorted(await sessions.tokenCounts(), 'asc')).toBe(true);
    expect((await sessions.tokenCounts())[0]).toBeLessThan(top ?? 0);
    await sessions.sortBy('startedAt');
    await expect.poll(() => sessions.sortDirection('startedAt')).toBe('descending');
    await expect.poll(async () => (await sessions.sessionIds()).slice(0, 5)).toEqual(newestFirst);
  });

  it('moves with j/k, selects with x, opens with Enter and focuses search with /', async () => {
    const { sessions, page } = ui;
    await sessions.press('j', 'j', 'j');
    const ids = await sessions.sessionIds();
    await expect.poll(() => sessions.focusedRow().getAttribute('data-session-id')).toBe(ids[2]);
    await sessions.press('k');
    await expect.poll(() => sessions.focusedRow().getAttribute('data-session-id')).toBe(ids[1]);
    await sessions.press('x', 'j', 'x');
    await expect.poll(() => sessions.selectedRows().count()).toBe(2);
    expect(await page.getByTestId('bulk-count').textContent()).toBe('2 selected');
    await sessions.press('Escape');
    await expect.poll(() => sessions.selectedRows().count()).toBe(0);
    await sessions.press('/');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'session-search',
    );
    await page.keyboard.press('Escape');
    await page.getByTestId('session-search').blur();
    await sessions.press('Enter');
    await expect.poll(() => ui.hash()).toBe(`#/sessions/${ids[2]}`);
    await page.getByTestId('session-detail-view').waitFor();
    await page.goBack();
    await sessions.waitForRows();
  });

  it('opens a session from its name', async () => {
    const { sessions, page } = ui;
    const row = sessions.rows().nth(3);
    const id = await row.getAttribute('data-session-id');
    await sessions.openByName(row);
    await expect.poll(() => ui.hash()).toBe(`#/sessions/${id}`);
    await page.goBack();
    await sessions.waitForRows();
  });

  it('opens a session by name from the palette, and switches the target filter there', async () => {
    const { sessions, page } = ui;
    const palette = await sessions.openPalette();
    await palette.getByTestId('palette-input').fill('Trip to Lisbon');
    const found = palette.locator('[data-testid="palette-item"][data-command^="open:"]').first();
    await found.waitFor();
    const command = await found.getAttribute('data-command');
    await page.keyboard.press('Enter');
    await expect.poll(() => ui.hash()).toBe(`#/sessions/${command?.slice('open:'.length)}`);
    await page.goBack();
    await sessions.waitForRows();

    await sessions.openPalette();
    await page.getByTestId('palette-input').fill('show only demo');
    await sessions.paletteItem('filter-target:demo-data').click();
    await expect
      .poll(() => page.getByTestId('filter-target-demo-data').locator('input').isChecked())
      .toBe(true);
    await page.getByTestId('clear-filters').click();
  });

  it('keeps the view and the saved views across a restart', async () => {
    const { sessions, page } = ui;
    const teams = await sessions.facetCount('kind', 'team');
    await sessions.toggleFilter('kind', 'team');
    await sessions.sortBy('costUsd');
    await expect.poll(() => sessions.total()).toBe(teams);
    await page.getByTestId('save-view').click();
    await page.getByTestId('save-view-name').fill('Team costs');
    await page.getByTestId('save-view-submit').click();
    await page.getByTestId('saved-view').filter({ hasText: 'Team costs' }).waitFor();
    await page.getByTestId('clear-filters').click();
    await expect.poll(() => sessions.total()).toBe(allSessions);
    // Facet counts follow the other filters: read this one once they count every session again.
    await expect.poll(() => sessions.facetSum('status')).toBe(allSessions);
    const waiting = await sessions.facetCount('status', 'waiting');
    await sessions.toggleFilter('status', 'waiting');
    await expect.poll(() => sessions.total()).toBe(waiting);
    // The view is written shortly after the last change; wait for the write, not for time.
    await expect
      .poll(async () =>
        page.evaluate(async () => {
          const response = await fetch('/api/invoke/settings:get', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ keys: ['sessions.view'] }),
          });
          const result = (await response.json()) as {
            data: { values: Record<string, { filters?: { statuses?: string[] } }> };
          };
          return result.data.values['sessions.view']?.filters?.statuses ?? [];
        }),
      )
      .toEqual(['waiting']);
    await ui.close();

    await app.stop();
    app = await startWebApp({ dataDir });
    ui = await AppPage.open(browser, app);
    await ui.sessions.waitForRows();
    expect(await ui.page.getByTestId('filter-status-waiting').locator('input').isChecked()).toBe(true);
    await expect.poll(() => ui.sessions.total()).toBe(waiting);
    await ui.page.getByTestId('saved-view').filter({ hasText: 'Team costs' }).click();
    await expect.poll(() => ui.sessions.total()).toBe(teams);
    expect(await ui.sessions.sortDirection('costUsd')).toBe('descending');
    expect(ui.problems).toEqual([]);
  });
});

function isSorted(values: (number | null)[], direction: 'asc' | 'desc'): boolean {
  // Sessions without a value come last in both directions.
  const known = values.filter((v): v is number => v !== null);
  const firstNull = values.indexOf(null);
  if (firstNull !== -1 && values.slice(firstNull).some((v) => v !== null)) return false;
  return known.every((v, i) => i === 0 || (direction === 'desc' ? v <= known[i - 1]! : v >= known[i - 1]!));
}
