import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { watchPage } from '../support/browser';
import type { WebApp } from '../support/web-app';

/**
 * Installed before the app loads: long tasks (PerformanceObserver) and CSP violations, which a
 * console listener alone would not always surface.
 */
const INIT_SCRIPT = `
  window.__payloadTest = { longTasks: [], cspViolations: [] };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__payloadTest.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__payloadTest.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber + ':' + e.columnNumber);
  });
`;

interface PageProbe {
  longTasks: { start: number; duration: number }[];
  cspViolations: string[];
}

/** The full-window payload page (`#/payloads/<id>`) in its own browser context. */
export class PayloadPage {
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    /** Console errors, page errors and requests leaving the machine. */
    readonly problems: string[],
    /** Every bridge call the page made, by channel. */
    readonly calls: string[],
  ) {}

  static async open(browser: Browser, app: WebApp): Promise<PayloadPage> {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      acceptDownloads: true,
    });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.origin });
    const page = await context.newPage();
    await page.addInitScript(INIT_SCRIPT);
    const { problems } = watchPage(page);
    const calls: string[] = [];
    page.on('request', (request) => {
      const match = /\/api\/invoke\/([^/?]+)/.exec(request.url());
      if (match?.[1]) calls.push(decodeURIComponent(match[1]));
    });
    await page.goto(app.launchUrl);
    await page.getByTestId('sessions-view').waitFor();
    return new PayloadPage(context, page, problems, calls);
  }

  /** Navigates in-app to a payload, as a link in the detail view does. */
  async goTo(payloadId: string): Promise<void> {
    await this.page.evaluate(
      (hash) => (window.location.hash = hash),
      `#/payloads/${encodeURIComponent(payloadId)}`,
    );
    await this.page.getByTestId('payload-page').waitFor();
  }

  byTestId(testId: string): Locator {
    return this.page.getByTestId(testId);
  }

  /** The text of the editor's rendered lines (Monaco draws only those in view), spaces normalized. */
  editorText(): Promise<string> {
    return this.page.evaluate(() => {
      const lines = document.querySelector(
        '[data-testid="payload-editor"] .view-lines',
      ) as HTMLElement | null;
      return (lines?.innerText ?? '').replaceAll('\u00a0', ' ');
    });
  }

  /** Script files the page has loaded so far (their file names). */
  loadedScripts(): Promise<string[]> {
    return this.page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((entry) => entry.name.split('/').pop() ?? '')
        .filter((name) => name.endsWith('.js')),
    );
  }

  clipboardText(): Promise<string> {
    return this.page.evaluate(() => navigator.clipboard.readText());
  }

  now(): Promise<number> {
    return this.page.evaluate(() => performance.now());
  }

  probe(): Promise<PageProbe> {
    return this.page.evaluate(() => (window as unknown as { __payloadTest: PageProbe }).__payloadTest);
  }

  /** The longest task that started at or after `from` (ms since navigation), 0 when none. */
  async longestTaskSince(from: number): Promise<number> {
    const { longTasks } = await this.probe();
    return Math.max(0, ...longTasks.filter((task) => task.start >= from).map((task) => task.duration));
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
