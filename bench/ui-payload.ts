import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import { LARGE_PAYLOAD_BYTES } from '../shared/models/payload';
import { DATABASE_FILE_NAME, openDatabase } from '../electron/main/db/connection';
import { migrate } from '../electron/main/db/migrate';
import { putPayload } from '../electron/main/db/payloads-repo';
import { launchChromium } from '../test/e2e/support/browser';
import { startWebApp } from '../test/e2e/support/web-app';
import { ensureAppBuilt } from './lib/browser-bench';
import { machineLine, percentile, verdict, writeBenchmarkSection } from './lib/report';

/*
 * UI benchmark of the payload viewer (issue 7, item 8), in Debian's Chromium through the web
 * bridge, as the e2e tests run it.
 *
 *   npm run bench:ui-payload [-- --runs 5]
 *
 * Figures: a 10 MB payload page (navigation → the download-only view painted, on a fresh page
 * load and when navigating inside the app) with the longest task meanwhile, and a ~1.5 MB JSON
 * payload fully rendered in Monaco (in-app navigation → its first lines painted: metadata, body
 * fetch, pretty-printing in the worker, loading Monaco and rendering), with the longest task.
 */

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const RUNS = Math.max(2, Number(args.runs));
const ROOT = resolve(import.meta.dirname, '..');
const GOALS = { hugePageMs: 1000, hugeLongTaskMs: 50 };
const MARKER = '"benchmark": "ui-payload"';

const log = (message: string) => process.stderr.write(`[ui-payload-bench] ${message}\n`);
const round = (n: number) => Math.round(n * 10) / 10;

function jsonOfSize(bytes: number): string {
  const rows: unknown[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const row = {
      id: i,
      label: `row number ${i}`,
      tags: ['alpha', 'beta'],
      nested: { value: i * 1.5, ok: i % 2 === 0 },
    };
    rows.push(row);
    size += JSON.stringify(row).length + 1;
  }
  return JSON.stringify({ benchmark: 'ui-payload', rows });
}

/** A store holding a 10 MB and a ~1.5 MB JSON body; returns their ids and sizes. */
function buildStore(dir: string): { huge: string; hugeBytes: number; big: string; bigBytes: number } {
  const db = openDatabase(join(dir, DATABASE_FILE_NAME));
  migrate(db);
  const store = { db, notifyChanged: () => undefined };
  const hugeBody = jsonOfSize(10 * 1024 * 1024);
  const bigBody = jsonOfSize(1.5 * 1024 * 1024);
  const huge = putPayload(store, { sessionId: null, contentType: 'application/json', body: hugeBody });
  const big = putPayload(store, { sessionId: null, contentType: 'application/json', body: bigBody });
  db.close();
  return { huge: huge.id, hugeBytes: huge.byteSize, big: big.id, bigBytes: big.byteSize };
}

/** Total raw and gzipped size (KB) of the built renderer's scripts whose names match. */
function scriptSizes(pattern: RegExp): { kb: number; gzipKb: number } {
  const dir = join(ROOT, 'out/renderer/assets');
  let raw = 0;
  let gzip = 0;
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.js') && pattern.test(n))) {
    const bytes = readFileSync(join(dir, name));
    raw += bytes.length;
    gzip += gzipSync(bytes).length;
  }
  return { kb: Math.round(raw / 1024), gzipKb: Math.round(gzip / 1024) };
}

// --- In the page --------------------------------------------------------------------------------

/**
 * Installed before the app loads: long tasks, and `__bench.watch(name, selector, text)`, which
 * records (ms since navigation) when an element matching `selector` whose text contains `text`
 * has been painted.
 */
const INIT_SCRIPT = `
  window.__bench = { longTasks: [], marks: {} };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__bench.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  window.__bench.watch = (name, selector, text) => {
    delete window.__bench.marks[name];
    const found = () => {
      const element = document.querySelector(selector);
      return element !== null && (element.textContent || '').replaceAll('\\u00a0', ' ').includes(text);
    };
    const observer = new MutationObserver(() => {
      if (!found()) return;
      observer.disconnect();
      // The next frame's callback runs before its paint; a message posted from it runs after.
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => (window.__bench.marks[name] = performance.now());
        channel.port2.postMessage(null);
      });
    });
    observer.observe(document, { childList: true, subtree: true, characterData: true });
  };
  window.__bench.watch('large', '[data-testid="payload-large"]', 'too large');
`;

interface LongTask {
  start: number;
  duration: number;
}
interface BenchState {
  longTasks: LongTask[];
  marks: Record<string, number>;
  watch(name: string, selector: string, text: string): void;
}

/** A fresh page in `context` (which holds the launch token's cookie) loading `url`. */
async function newPage(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.addInitScript(INIT_SCRIPT);
  await page.goto(url);
  return page;
}

function mark(page: Page, name: string): Promise<number> {
  return page
    .waitForFunction((n) => (window as unknown as { __bench: BenchState }).__bench.marks[n] ?? null, name, {
      timeout: 60_000,
    })
    .then((handle) => handle.jsonValue() as Promise<number>);
}

async function longestTaskBetween(page: Page, from: number, to: number): Promise<number> {
  const tasks = await page.evaluate(() => (window as unknown as { __bench: BenchState }).__bench.longTasks);
  return Math.max(0, ...tasks.filter((t) => t.start >= from && t.start <= to).map((t) => t.duration));
}

/** Sets the hash and resolves with the ms until mark `name` was painted, and the longest task. */
async function timeInAppNavigation(
  page: Page,
  hash: string,
  name: string,
  selector: string,
  text: string,
): Promise<{ ms: number; longestTask: number; from: number }> {
  const from = await page.evaluate(
    ({ hash, name, selector, text }) => {
      (window as unknown as { __bench: BenchState }).__bench.watch(name, selector, text);
      const t0 = performance.now();
      window.location.hash = hash;
      return t0;
    },
    { hash, name, selector, text },
  );
  const at = await mark(page, name);
  return { ms: at - from, longestTask: await longestTaskBetween(page, from, at), from };
}

/** When a resource whose URL contains `part` finished arriving, ms after `from`. */
function resourceEnd(page: Page, part: string, from: number): Promise<number> {
  return page.evaluate(
    ({ part, from }) => {
      const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
      const entry = entries.filter((e) => e.name.includes(part) && e.startTime >= from).pop();
      return entry ? entry.responseEnd - from : Number.NaN;
    },
    { part, from },
  );
}

// --- Run ----------------------------------------------------------------------------------------

async function main(): Promise<void> {
  ensureAppBuilt(log);
  const dir = mkdtempSync(join(tmpdir(), 'tracedeck-ui-payload-bench-'));
  const ids = buildStore(dir);
  if (ids.hugeBytes <= LARGE_PAYLOAD_BYTES || ids.bigBytes > LARGE_PAYLOAD_BYTES) {
    throw new Error('the generated bodies do not straddle the large-payload threshold');
  }
  log(`bodies: ${ids.hugeBytes} and ${ids.bigBytes} bytes`);

  const loadAtStart = loadavg()[0] ?? 0;
  const app = await startWebApp({ dataDir: dir });
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    // The launch URL hands the token to the browser as a cookie, for every page of the context.
    await (await context.newPage()).goto(app.launchUrl);

    // The 10 MB page on a fresh load: navigation start → download-only view painted.
    const hugeLoads: number[] = [];
    const hugeLoadTasks: number[] = [];
    const hugeInApp: number[] = [];
    const hugeInAppTasks: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const page = await newPage(context, `${app.origin}/#/payloads/${ids.huge}`);
      const painted = await mark(page, 'large');
      hugeLoads.push(painted);
      hugeLoadTasks.push(await longestTaskBetween(page, 0, painted));
      // The same page inside the app: from the Sessions view and back to the payload.
      await page.evaluate(() => (window.location.hash = '#/sessions'));
      await page.getByTestId('sessions-view').waitFor();
      const inApp = await timeInAppNavigation(
        page,
        `#/payloads/${ids.huge}`,
        'large-in-app',
        '[data-testid="payload-large"]',
        'too large',
      );
      hugeInApp.push(inApp.ms);
      hugeInAppTasks.push(inApp.longestTask);
      await page.close();
    }
    log(
      `10 MB page: load ${hugeLoads.map(Math.round).join(', ')} ms; in app ${hugeInApp.map(Math.round).join(', ')} ms`,
    );

    // The 1.5 MB JSON in Monaco, Monaco not yet loaded in the page (its first viewer).
    const renders: number[] = [];
    const renderTasks: number[] = [];
    const fetched: number[] = [];
    const monacoLoaded: number[] = [];
    const rendersAgain: number[] = [];
    const renderAgainTasks: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const page = await newPage(context, `${app.origin}/#/sessions`);
      await page.getByTestId('sessions-view').waitFor();
      const render = await timeInAppNavigation(
        page,
        `#/payloads/${ids.big}`,
        'monaco',
        '[data-testid="payload-editor"] .view-lines',
        MARKER,
      );
      renders.push(render.ms);
      renderTasks.push(render.longestTask);
      fetched.push(await resourceEnd(page, 'payloads%3Aget', render.from));
      monacoLoaded.push(await resourceEnd(page, 'editor.api', render.from));
      const tasks = await page.evaluate(
        () => (window as unknown as { __bench: BenchState }).__bench.longTasks,
      );
      log(
        `  long tasks after navigation: ${tasks
          .filter((t) => t.start >= render.from)
          .map((t) => `${Math.round(t.duration)} ms at +${Math.round(t.start - render.from)}`)
          .join(', ')}`,
      );
      // Again in the same page: Monaco loaded and the body cached, so formatting and rendering only.
      await page.evaluate(() => (window.location.hash = '#/sessions'));
      await page.getByTestId('sessions-view').waitFor();
      const again = await timeInAppNavigation(
        page,
        `#/payloads/${ids.big}`,
        'monaco-again',
        '[data-testid="payload-editor"] .view-lines',
        MARKER,
      );
      rendersAgain.push(again.ms);
      renderAgainTasks.push(again.longestTask);
      await page.close();
    }
    log(
      `1.5 MB in Monaco: ${renders.map(Math.round).join(', ')} ms; again ${rendersAgain.map(Math.round).join(', ')} ms`,
    );

    const hugeP50 = percentile(hugeLoads, 50);
    const hugeMax = Math.max(...hugeLoads);
    const hugeTask = Math.max(...hugeInAppTasks);
    const monaco = scriptSizes(/^(editor\.api|monaco-setup|jsonMode|yaml)-/);
    const app0 = scriptSizes(/^(index|root)-/);
    const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
    const markdown = [
      '## Payload viewer (issue 7, item 8): Chromium through the web bridge',
      '',
      `\`npm run bench:ui-payload -- --runs ${RUNS}\` — ${machineLine()}, Debian Chromium (headless, no GPU), 1440 × 900. ` +
        `Bodies of ${mb(ids.hugeBytes)} MB and ${mb(ids.bigBytes)} MB of JSON; the bridge process, SQLite and the browser share the machine's ${cpus().length} cores ` +
        `(1-minute load average ${loadAtStart.toFixed(1)} when the measurements began). Each figure is over ${RUNS} fresh pages.`,
      '',
      '| figure | value | goal |',
      '| --- | --- | --- |',
      `| ${mb(ids.hugeBytes)} MB payload page, fresh load (navigation → download-only view painted), p50 / max | ${round(hugeP50)} / ${round(hugeMax)} ms | ≤ ${GOALS.hugePageMs} ms — ${verdict(hugeMax <= GOALS.hugePageMs)} |`,
      `| ${mb(ids.hugeBytes)} MB payload page, in-app navigation from Sessions, p50 / max | ${round(percentile(hugeInApp, 50))} / ${round(Math.max(...hugeInApp))} ms | ≤ ${GOALS.hugePageMs} ms — ${verdict(Math.max(...hugeInApp) <= GOALS.hugePageMs)} |`,
      `| longest task while opening it in the app (max over runs) | ${round(hugeTask)} ms | ≤ ${GOALS.hugeLongTaskMs} ms — ${verdict(hugeTask <= GOALS.hugeLongTaskMs)} |`,
      `| longest task during its fresh load, app start included (max over runs) | ${round(Math.max(...hugeLoadTasks))} ms | |`,
      `| ${mb(ids.bigBytes)} MB JSON fully rendered in Monaco, its first viewer in the page (in-app navigation → first lines painted), p50 / max | ${round(percentile(renders, 50))} / ${round(Math.max(...renders))} ms | |`,
      `| of which: body received over the bridge / Monaco's main chunk received (medians) | ${round(percentile(fetched, 50))} / ${round(percentile(monacoLoaded, 50))} ms | |`,
      `| longest task while rendering it (median / max over runs) | ${round(percentile(renderTasks, 50))} / ${round(Math.max(...renderTasks))} ms | |`,
      `| the same again in that page (Monaco loaded, body cached: formatting in the worker and rendering), p50 / max | ${round(percentile(rendersAgain, 50))} / ${round(Math.max(...rendersAgain))} ms | |`,
      `| longest task while rendering it again (median / max over runs) | ${round(percentile(renderAgainTasks, 50))} / ${round(Math.max(...renderAgainTasks))} ms | |`,
      `| Monaco's chunks, loaded with the first viewer (editor, features, JSON and YAML modes), raw / gzip | ${monaco.kb} / ${monaco.gzipKb} KB | |`,
      `| the app's scripts at start (for comparison), raw / gzip | ${app0.kb} / ${app0.gzipKb} KB | |`,
    ].join('\n');
    process.stdout.write(`${markdown}\n`);
    writeBenchmarkSection('ui-payload', markdown);
  } finally {
    await browser.close();
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
