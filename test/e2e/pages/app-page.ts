import type { Browser, Page } from 'playwright-core';
import { watchPage } from '../support/browser';
import type { WebApp } from '../support/web-app';
import { SessionsPage } from './sessions-page';
import { TargetsPage } from './targets-page';

/** The app in one browser page, with its views as page objects. */
export class AppPage {
  readonly sessions: SessionsPage;
  readonly targets: TargetsPage;

  private constructor(
    readonly page: Page,
    /** Console errors, page errors and requests leaving the machine. */
    readonly problems: string[],
  ) {
    this.sessions = new SessionsPage(page);
    this.targets = new TargetsPage(page);
  }

  static async open(
    browser: Browser,
    app: WebApp,
    options: { viewport?: { width: number; height: number } } = {},
  ) {
    const page = await browser.newPage({ viewport: options.viewport ?? { width: 1440, height: 900 } });
    const { problems } = watchPage(page);
    await page.goto(app.launchUrl);
    return new AppPage(page, problems);
  }

  async goTo(view: 'sessions' | 'targets' | 'compare' | 'settings'): Promise<void> {
    await this.page.getByTestId(`nav-${view}`).click();
    await this.page.getByTestId(`${view}-view`).waitFor();
  }

  hash(): string {
    return new URL(this.page.url()).hash;
  }

  async close(): Promise<void> {
    await this.page.close();
  }
}
