import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';

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
