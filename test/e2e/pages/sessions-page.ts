import type { Locator, Page } from 'playwright-core';

export type RowStatus = string;

/** The Sessions view: the list, its filters, search, selection, bulk bar and palette. */
export class SessionsPage {
  constructor(readonly page: Page) {}

  view(): Locator {
    return this.page.getByTestId('sessions-view');
  }

  rows(): Locator {
    return this.page.getByTestId('session-row');
  }

  row(sessionId: string): Locator {
    return this.page.locator(`[data-testid="session-row"][data-session-id="${sessionId}"]`);
  }

  /** The first row whose text (name, remote id, trigger…) contains `text`. */
  rowWithText(text: string): Locator {
    return this.rows().filter({ hasText: text }).first();
  }

  rowsWithStatus(status: string): Locator {
    return this.page.locator(`[data-testid="session-row"][data-status="${status}"]`);
  }

  async waitForRows(): Promise<void> {
    await this.rows().first().waitFor();
  }

  /** The number of sessions the list says match, read from the toolbar. */
  async total(): Promise<number> {
    const text = (await this.page.getByTestId('session-count').textContent()) ?? '';
    const match = /([\d,]+) session/.exec(text);
    return match?.[1] ? Number(match[1].replaceAll(',', '')) : Number.NaN;
  }

  /** Waits until the toolbar announces `total` sessions. */
  async waitForTotal(total: number, timeout = 30_000): Promise<void> {
    await this.page
      .getByTestId('session-count')
      .filter({ hasText: new RegExp(`^${total.toLocaleString('en-US')} sessions?$`) })
      .waitFor({ timeout });
  }

  async statuses(): Promise<string[]> {
    return this.rows().evaluateAll((rows) => rows.map((row) => row.getAttribute('data-status') ?? ''));
  }

  async sessionIds(): Promise<string[]> {
    return this.rows().evaluateAll((rows) => rows.map((row) => row.getAttribute('data-session-id') ?? ''));
  }

  async rowStatus(sessionId: string): Promise<string | null> {
    return this.row(sessionId).getAttribute('data-status');
  }

  /** Checks or unchecks a facet value, e.g. `('status', 'failed')`. */
  async toggleFilter(group: string, value: string): Promise<void> {
    await this.page.getByTestId(`filter-${group}-${value}`).locator('input').click();
  }

  /** The count shown next to a facet value. */
  async facetCount(group: string, value: string): Promise<number> {
    const text = await this.page
      .getByTestId(`filter-${group}-${value}`)
      .getByTestId('facet-count')
      .textContent();
    return Number((text ?? '').replaceAll(',', ''));
  }

  /** The sum of a facet group's counts (with only that group's filter off, the list's total). */
  async facetSum(group: string): Promise<number> {
    const counts = await this.page
      .locator(`[data-testid="facet-${group}"] [data-testid="facet-count"]`)
      .allTextContents();
    return counts.reduce((sum, text) => sum + (Number(text.replaceAll(',', '')) || 0), 0);
  }

  async search(text: string): Promise<void> {
    await this.page.getByTestId('session-search').fill(text);
  }

  async sortBy(field: 'startedAt' | 'durationMs' | 'totalTokens' | 'costUsd'): Promise<void> {
    await this.page.getByTestId(`sort-${field}`).click();
  }

  async sortDirection(field: string): Promise<string | null> {
    return this.page.getByTestId(`sort-${field}`).locator('xpath=..').getAttribute('aria-sort');
  }

  /** Exact token counts of the rows on screen, from the cells' tooltips (null when unknown). */
  async tokenCounts(): Promise<(number | null)[]> {
    return this.rows().evaluateAll((rows) =>
      rows.map((row) => {
        const title = row.querySelector('.col-tokens')?.getAttribute('title');
        return title ? Number(title.replace(/[^\d]/g, '')) : null;
      }),
    );
  }

  async openByName(row: Locator): Promise<void> {
    await row.getByTestId('session-name').click();
  }

  async clickRow(row: Locator, modifiers: ('Shift' | 'Control' | 'Meta')[] = []): Promise<void> {
    await row.locator('.col-kind').click({ modifiers });
  }

  bulkBar(): Locator {
    return this.page.getByTestId('bulk-bar');
  }

  /** The actions the bulk bar offers, in order, e.g. `['cancel']`. */
  async bulkActions(): Promise<string[]> {
    await this.bulkBar().waitFor();
    await this.page.getByText('Checking actions…').waitFor({ state: 'detached' });
    return this.bulkBar()
      .locator('[data-testid^="bulk-action-"]')
      .evaluateAll((buttons) =>
        buttons.map((b) => b.getAttribute('data-testid')?.replace('bulk-action-', '') ?? ''),
      );
  }

  rowAction(row: Locator, action: string): Locator {
    return row.getByTestId(`row-action-${action}`);
  }

  async confirm(): Promise<void> {
    await this.page.getByTestId('confirm-action').click();
  }

  focusedRow(): Locator {
    return this.page.locator('[data-testid="session-row"].is-focused');
  }

  selectedRows(): Locator {
    return this.page.locator('[data-testid="session-row"][aria-selected="true"]');
  }

  /** Keys pressed on the list itself (not in a text field). */
  async press(...keys: string[]): Promise<void> {
    await this.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    for (const key of keys) await this.page.keyboard.press(key);
  }

  async openPalette(): Promise<Locator> {
    await this.page.keyboard.press('Control+k');
    const palette = this.page.getByTestId('palette');
    await palette.waitFor();
    return palette;
  }

  paletteItem(command: string): Locator {
    return this.page.locator(`[data-testid="palette-item"][data-command="${command}"]`);
  }

  /** The session id of the first row fully below the sticky header. */
  async topVisibleRowId(): Promise<string | null> {
    return this.page.evaluate(() => {
      const header = document.querySelector('.sessions-table thead')?.getBoundingClientRect();
      if (!header) return null;
      const rows = [...document.querySelectorAll<HTMLElement>('[data-testid="session-row"]')];
      const top = rows
        .map((row) => ({ row, top: row.getBoundingClientRect().top }))
        .filter(({ top }) => top >= header.bottom - 2)
        .sort((a, b) => a.top - b.top)[0];
      return top?.row.getAttribute('data-session-id') ?? null;
    });
  }

  /** The remote id a row shows under its name. */
  async remoteIdOf(row: Locator): Promise<string> {
    return (await row.getAttribute('data-remote-id')) ?? '';
  }

  banner(): Locator {
    return this.page.getByTestId('stale-banner');
  }

  /**
   * Starts recording every status a row shows (a MutationObserver in the page), so a test can
   * check the order of short-lived states such as Pausing without sleeping.
   */
  async recordStatuses(sessionId: string): Promise<() => Promise<string[]>> {
    await this.page.evaluate((id) => {
      const seen: string[] = [];
      const w = window as unknown as { __statuses?: Record<string, string[]> };
      w.__statuses = { ...w.__statuses, [id]: seen };
      const note = () => {
        const status = document
          .querySelector(`[data-testid="session-row"][data-session-id="${id}"]`)
          ?.getAttribute('data-status');
        if (status && seen.at(-1) !== status) seen.push(status);
      };
      note();
      new MutationObserver(note).observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ['data-status'],
      });
    }, sessionId);
    return () =>
      this.page.evaluate(
        (id) => (window as unknown as { __statuses?: Record<string, string[]> }).__statuses?.[id] ?? [],
        sessionId,
      );
  }
}
