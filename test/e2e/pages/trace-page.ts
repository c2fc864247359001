import type { Locator, Page } from 'playwright-core';

/** A session's Trace tab: the waterfall, its toolbar, the span detail panel and the raw view. */
export class TracePage {
  constructor(readonly page: Page) {}

  /** Opens `#/sessions/<id>/trace` in the running app and waits for the first rows. */
  async open(sessionId: string): Promise<void> {
    await this.page.evaluate((hash) => (location.hash = hash), `#/sessions/${sessionId}/trace`);
    await this.rows().first().waitFor();
  }

  panel(): Locator {
    return this.page.getByTestId('trace-panel');
  }

  tree(): Locator {
    return this.page.getByTestId('trace-waterfall');
  }

  rows(): Locator {
    return this.page.getByTestId('trace-row');
  }

  row(spanId: string): Locator {
    return this.page.locator(`[data-testid="trace-row"][data-span-id="${spanId}"]`);
  }

  selectedRow(): Locator {
    return this.page.locator('[data-testid="trace-row"][aria-selected="true"]');
  }

  async shownSpanIds(): Promise<string[]> {
    return this.rows().evaluateAll((rows) => rows.map((row) => row.getAttribute('data-span-id') ?? ''));
  }

  async toggle(spanId: string): Promise<void> {
    await this.row(spanId).getByTestId('trace-toggle').click();
  }

  async search(text: string): Promise<void> {
    await this.page.getByTestId('trace-search').fill(text);
  }

  matchCount(): Locator {
    return this.page.getByTestId('trace-search-count');
  }

  detail(): Locator {
    return this.page.getByTestId('trace-span-detail');
  }

  /** The value cell of attribute `key` in the detail panel. */
  attribute(key: string): Locator {
    return this.detail()
      .getByTestId('trace-attributes')
      .locator('tr', { has: this.page.locator('th', { hasText: key }) })
      .locator('td');
  }

  raw(): Locator {
    return this.page.getByTestId('trace-raw');
  }
}
