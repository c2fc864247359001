import type { Locator, Page } from 'playwright-core';

/** The Compare view: pickers, deltas, aligned steps, the selected pair's diff, metadata. */
export class ComparePage {
  constructor(readonly page: Page) {}

  async open(query: string): Promise<void> {
    await this.page.evaluate((hash) => (window.location.hash = hash), `#/compare?${query}`);
    await this.view().waitFor();
  }

  view(): Locator {
    return this.page.getByTestId('compare-view');
  }

  /** Waits until the comparison has loaded (the aligned rows are there). */
  async waitForReady(): Promise<void> {
    await this.page.locator('[data-testid="compare-view"][data-status="ready"]').waitFor();
    await this.steps().first().waitFor();
  }

  steps(): Locator {
    return this.page.getByTestId('compare-step');
  }

  stepsWithDiff(diff: 'same' | 'changed' | 'left' | 'right'): Locator {
    return this.page.locator(`[data-testid="compare-step"][data-diff="${diff}"]`);
  }

  selectedStep(): Locator {
    return this.page.locator('[data-testid="compare-step"][aria-selected="true"]');
  }

  delta(key: string): Locator {
    return this.page.getByTestId(`compare-delta-${key}`);
  }

  metadata(key: string): Locator {
    return this.page.getByTestId(`compare-meta-${key}`);
  }

  diff(): Locator {
    return this.page.getByTestId('payload-diff');
  }

  /** The diff's text as shown; Monaco draws spaces as no-break spaces. */
  async diffText(): Promise<string> {
    return ((await this.diff().textContent()) ?? '').replaceAll('\u00a0', ' ');
  }

  async tab(name: 'all' | 'reasoning' | 'tools' | 'errors'): Promise<void> {
    await this.page.getByTestId(`compare-tab-${name}`).click();
  }

  picker(): Locator {
    return this.page.getByTestId('compare-picker');
  }

  /** Searches in the open picker and picks a session, then the whole session or a run. */
  async pick(text: string, sessionId: string, runId?: string): Promise<void> {
    await this.picker().getByTestId('compare-picker-input').fill(text);
    await this.picker()
      .locator(`[data-testid="compare-picker-session"][data-session-id="${sessionId}"]`)
      .click();
    if (runId)
      await this.picker().locator(`[data-testid="compare-picker-run"][data-run-id="${runId}"]`).click();
    else await this.picker().getByTestId('compare-picker-whole').click();
  }
}
