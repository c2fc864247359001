import type { Locator, Page } from 'playwright-core';

export interface NewTargetInput {
  kind: 'agentos' | 'langgraph';
  location?: 'local' | 'cloud';
  url: string;
  name: string;
  authMode?: string;
  token?: string;
}

/** The Targets view: adding, testing, syncing and removing targets. */
export class TargetsPage {
  constructor(readonly page: Page) {}

  form(): Locator {
    return this.page.getByTestId('add-target-form');
  }

  async openForm(): Promise<void> {
    if (await this.form().isVisible()) return;
    await this.page.getByTestId('add-target').click();
    await this.form().waitFor();
  }

  /** Fills the add-target form (without submitting). */
  async fill(input: NewTargetInput): Promise<void> {
    await this.openForm();
    await this.form().getByTestId(`target-kind-${input.kind}`).click();
    await this.form()
      .getByTestId(`target-location-${input.location ?? 'local'}`)
      .click();
    await this.form().getByTestId('target-url').fill(input.url);
    await this.form().getByTestId('target-name').fill(input.name);
    if (input.authMode) await this.form().getByTestId('target-auth-mode').selectOption(input.authMode);
    if (input.token) await this.form().getByTestId('target-token').fill(input.token);
  }

  /** Runs "Test connection" and returns the result panel once it shows. */
  async testConnection(): Promise<Locator> {
    await this.form().getByTestId('test-connection').click();
    const result = this.form().getByTestId('test-result');
    await result.waitFor();
    return result;
  }

  async submit(): Promise<void> {
    await this.form().getByTestId('add-target-submit').click();
    await this.form().waitFor({ state: 'detached' });
  }

  async add(input: NewTargetInput): Promise<Locator> {
    await this.fill(input);
    await this.submit();
    return this.card(input.name);
  }

  card(name: string): Locator {
    return this.page.locator(`[data-testid="target-card"][data-target-name="${name}"]`);
  }

  async status(name: string): Promise<string | null> {
    return this.card(name).getByTestId('target-status').getAttribute('data-status');
  }

  /** Waits until the target's sync reports `status` (e.g. `ok`, `error`). */
  async waitForStatus(name: string, status: string, timeout = 30_000): Promise<void> {
    await this.card(name)
      .locator(`[data-testid="target-status"][data-status="${status}"]`)
      .waitFor({ timeout });
  }

  async sessionCount(name: string): Promise<number> {
    return Number(
      ((await this.card(name).getByTestId('target-session-count').textContent()) ?? '').replaceAll(',', ''),
    );
  }

  async remove(name: string, keepData: boolean): Promise<void> {
    await this.card(name).getByTestId('target-remove').click();
    const dialog = this.page.getByTestId('remove-target-dialog');
    await dialog.getByTestId(keepData ? 'remove-keep-data' : 'remove-delete-data').check();
    await dialog.getByTestId('confirm-remove').click();
    // Kept data stays under a disabled, read-only target; otherwise the target goes away.
    if (keepData) await this.card(name).getByText('read-only').waitFor();
    else await this.card(name).waitFor({ state: 'detached' });
  }
}
