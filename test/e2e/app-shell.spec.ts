import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, watchPage } from './support/browser';
import { startWebApp, type WebApp } from './support/web-app';

let app: WebApp;
let browser: Browser;

beforeAll(async () => {
  app = await startWebApp();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function openApp(): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  const { problems } = watchPage(page);
  await page.goto(app.launchUrl);
  return { page, problems };
}

describe('the app shell in Chromium through the web bridge', () => {
  it('shows app:info from the real core in Settings', async () => {
    const { page, problems } = await openApp();
    await page.getByTestId('nav-settings').click();
    // The data directory is the temp folder this test created: only the real core knows it.
    await expect.poll(() => page.getByTestId('app-data-dir').textContent()).toBe(app.dataDir);
    expect(await page.getByTestId('app-transport').textContent()).toBe('Browser (web bridge)');
    expect(Number(await page.getByTestId('app-schema-version').textContent())).toBeGreaterThan(0);
    expect(await page.getByTestId('app-sqlite').textContent()).toMatch(/^3\.\d+\.\d+$/);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('navigates between views and follows back / forward', async () => {
    const { page, problems } = await openApp();
    await page.getByTestId('sessions-view').waitFor();
    await page.getByTestId('nav-targets').click();
    await page.getByTestId('targets-view').waitFor();
    await page.getByTestId('nav-compare').click();
    await page.getByTestId('compare-view').waitFor();
    expect(new URL(page.url()).hash).toBe('#/compare');
    await page.goBack();
    await page.getByTestId('targets-view').waitFor();
    expect(await page.getByTestId('nav-targets').getAttribute('aria-current')).toBe('page');
    await page.goForward();
    await page.getByTestId('compare-view').waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });

  it('keeps the launch token out of the address bar and refuses a page without it', async () => {
    const { page } = await openApp();
    expect(page.url()).not.toContain('token=');
    const stranger = await browser.newContext();
    const response = await (await stranger.newPage()).goto(app.origin);
    expect(response?.status()).toBe(401);
    await stranger.close();
    await page.close();
  });

  it('serves the page under a strict Content-Security-Policy', async () => {
    const page = await browser.newPage();
    const response = await page.goto(app.launchUrl);
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    const inlineScriptRan = await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__injected = true';
      document.body.append(script);
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
    expect(inlineScriptRan).toBe(false);
    await page.close();
  });

  it('builds the renderer without a schema library', () => {
    // zod's first schema probes `new Function`, a CSP violation here, and building the shared
    // schemas would delay the first paint: the renderer imports the zod-free value lists only.
    const assets = resolve(import.meta.dirname, '../../out/renderer/assets');
    const scripts = readdirSync(assets).filter((name) => name.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(3);
    const withZod = scripts.filter((name) => readFileSync(join(assets, name), 'utf8').includes('$ZodType'));
    expect(withZod).toEqual([]);
  });
});
