import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.TRACEDECK_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Debian's Chromium, headless. The background-networking flags matter here: without them
 * Chromium keeps dialling Google hosts that this network refuses.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/**
 * Collects console errors, page errors and any request that leaves 127.0.0.1, so a test can
 * assert the page stayed clean and offline.
 */
export function watchPage(page: Page): { problems: string[] } {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!['127.0.0.1', 'localhost'].includes(url.hostname) && !['data:', 'blob:'].includes(url.protocol)) {
      problems.push(`request left the machine: ${request.url()}`);
    }
  });
  return { problems };
}
