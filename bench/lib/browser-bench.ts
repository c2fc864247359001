import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';

// What the UI benchmarks share: the built app, long tasks seen by the page, and scroll timing.

const ROOT = resolve(import.meta.dirname, '../..');

/** Builds the app (main, preload, renderer) unless a build is already there. */
export function ensureAppBuilt(log: (message: string) => void): void {
  if (existsSync(join(ROOT, 'out/main/web.js')) && existsSync(join(ROOT, 'out/renderer/index.html'))) return;
  log('building the app…');
  execFileSync(join(ROOT, 'node_modules/.bin/electron-vite'), ['build'], { cwd: ROOT, stdio: 'inherit' });
}

export interface LongTask {
  start: number;
  duration: number;
}

/** The long tasks (PerformanceObserver 'longtask', kept in `window.__bench.longTasks`) in a time span. */
export async function longTasksBetween(page: Page, from: number, to: number): Promise<LongTask[]> {
  const all = await page.evaluate(
    () => (window as unknown as { __bench: { longTasks: LongTask[] } }).__bench.longTasks,
  );
  return all.filter((t) => t.start >= from && t.start <= to);
}

/** The page's `performance.now()`. */
export const pageNow = (page: Page): Promise<number> => page.evaluate(() => performance.now());

/**
 * Scrolls the virtualized list under `container` by `pxPerFrame` for `frames` animation frames;
 * resolves with the intervals between frames.
 */
export function scrollFrames(
  page: Page,
  container: string,
  pxPerFrame: number,
  frames: number,
): Promise<number[]> {
  return page.evaluate(
    async ({ container, pxPerFrame, frames }) => {
      const scroller = document.querySelector(`${container} [data-virtuoso-scroller]`) as HTMLElement;
      const intervals: number[] = [];
      let last = performance.now();
      for (let i = 0; i < frames; i++) {
        await new Promise<void>((done) =>
          requestAnimationFrame((t) => {
            intervals.push(t - last);
            last = t;
            scroller.scrollTop += pxPerFrame;
            done();
          }),
        );
      }
      return intervals.slice(1);
    },
    { container, pxPerFrame, frames },
  );
}

/** Sets the hash and resolves with the ms until `selector` is painted (after the next frame). */
export function timeNavigation(page: Page, hash: string, selector: string): Promise<number> {
  return page.evaluate(
    async ({ hash, selector }) => {
      const t0 = performance.now();
      window.location.hash = hash;
      await new Promise<void>((done) => {
        const check = () => (document.querySelector(selector) ? done() : requestAnimationFrame(check));
        check();
      });
      await new Promise<void>((done) =>
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => done();
          channel.port2.postMessage(null);
        }),
      );
      return performance.now() - t0;
    },
    { hash, selector },
  );
}

/**
 * Opens `url` in a fresh 1440 × 900 page of `browser` with `initScript` (which records
 * `window.__bench.firstRowPaintedAt`) and resolves once the first row has been painted.
 */
export async function loadUntilFirstRow(
  browser: Browser,
  initScript: string,
  url: string,
): Promise<{ page: Page; firstRowPaintedAt: number }> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.addInitScript(initScript);
  await page.goto(url);
  const painted = await page.waitForFunction(
    () => (window as unknown as { __bench: { firstRowPaintedAt: number | null } }).__bench.firstRowPaintedAt,
  );
  return { page, firstRowPaintedAt: (await painted.jsonValue()) as number };
}

/**
 * What this browser on this machine needs at the least for a "first list paint": a page served
 * from 127.0.0.1 the way the bridge serves the app (a redirect that sets nothing, an HTML page,
 * one module script that fetches 30 rows of JSON and writes them as plain divs), from navigation
 * to the rows painted, `runs` times in fresh pages of `browser`. `initScript` must record the
 * paint as the app's benchmark does (`window.__bench.firstRowPaintedAt`).
 */
export async function browserFloorMs(browser: Browser, initScript: string, runs: number): Promise<number[]> {
  const rows = JSON.stringify(Array.from({ length: 30 }, (_, i) => `session ${i}`));
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/?token')) return void res.writeHead(303, { Location: '/' }).end();
    if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return void res.end(
        '<!doctype html><html><head><script type="module" src="/app.js"></script></head><body></body></html>',
      );
    }
    if (req.url === '/app.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      return void res.end(
        'const rows = await (await fetch("/rows")).json();' +
          'document.body.innerHTML = rows.map((r) => `<div data-testid="session-row">${r}</div>`).join("");',
      );
    }
    if (req.url === '/rows') return void res.writeHead(200, { 'content-type': 'application/json' }).end(rows);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolvePromise) => server.listen(0, '127.0.0.1', resolvePromise));
  const { port } = server.address() as AddressInfo;
  const paints: number[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      const { page, firstRowPaintedAt } = await loadUntilFirstRow(
        browser,
        initScript,
        `http://127.0.0.1:${port}/?token=floor`,
      );
      paints.push(firstRowPaintedAt);
      await page.close();
    }
  } finally {
    server.close();
  }
  return paints;
}
