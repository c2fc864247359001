import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import type { IngestSpan } from '@shared/models/ingest';
import { DATABASE_FILE_NAME, openDatabase } from '../electron/main/db/connection';
import { migrate } from '../electron/main/db/migrate';
import { storeSessionDetail } from '../electron/main/db/session-detail-repo';
import { traceOutline } from '../electron/main/db/spans-repo';
import type { Store } from '../electron/main/db/store';
import { createTarget } from '../electron/main/db/targets-repo';
import { launchChromium } from '../test/e2e/support/browser';
import { startWebApp } from '../test/e2e/support/web-app';
import { makeDetail } from '../test/unit/db/helpers';
import { makeTraceSpans } from '../test/support/trace-spans';
import {
  type LongTask,
  ensureAppBuilt,
  longTasksBetween,
  pageNow as now,
  scrollFrames,
} from './lib/browser-bench';
import { machineLine, percentile, verdict, writeBenchmarkSection } from './lib/report';

/*
 * UI benchmark (issue 7, item 7): the Trace tab of one session holding N spans (default
 * 100,000), in Debian's Chromium through the web bridge, as the e2e tests run it.
 *
 *   npm run bench:ui-trace [-- --spans 100000 --runs 5 --dir <store dir, kept and reused>]
 *
 * Figures: opening the tab (route change → first waterfall rows painted) and where the time
 * goes (the outline over the bridge, its size; the outline built in SQLite alone); scrolling
 * frame times; jumps to the middle and the end; a search that must expand a collapsed tree;
 * collapse all / expand all; and the longest task of each phase (PerformanceObserver).
 */

const { values: args } = parseArgs({
  options: {
    spans: { type: 'string', default: '100000' },
    dir: { type: 'string' },
    runs: { type: 'string', default: '5' },
    rebuild: { type: 'boolean', default: false },
  },
});

const SPANS = Number(args.spans);
const RUNS = Math.max(2, Number(args.runs));
const FANOUT = 8;
const NOW = Date.UTC(2026, 10, 2);
const GOALS = { firstRowsMs: 1000, longTaskMs: 50 };
/** The span search jumps to: deep in the tree, named uniquely. */
const NEEDLE_SPAN = SPANS - 7;

const log = (message: string) => process.stderr.write(`[ui-trace-bench] ${message}\n`);
const round = (n: number) => Math.round(n * 10) / 10;

// --- The store ----------------------------------------------------------------------------------

function benchSpans(): IngestSpan[] {
  const spans = makeTraceSpans(SPANS, { fanout: FANOUT });
  for (let i = 97; i < SPANS; i += 997) {
    spans[i] = { ...spans[i]!, status: 'error', statusMessage: `Tool call ${i} failed` };
  }
  spans[NEEDLE_SPAN] = { ...spans[NEEDLE_SPAN]!, name: 'execute_tool needle_lookup' };
  return spans;
}

/** A fresh store in `dir` with one session of SPANS spans; returns the session id. */
function buildStore(dir: string): string {
  mkdirSync(dir, { recursive: true });
  for (const suffix of ['', '-wal', '-shm'])
    rmSync(join(dir, `${DATABASE_FILE_NAME}${suffix}`), { force: true });
  const db = openDatabase(join(dir, DATABASE_FILE_NAME));
  migrate(db);
  const store: Store = { db, notifyChanged: () => undefined };
  // Disabled: the bridge's scheduler must not try to reach this made-up server.
  createTarget(
    store,
    {
      id: 'bench-target',
      name: 'Bench',
      kind: 'agentos',
      location: 'local',
      baseUrl: 'http://127.0.0.1:9',
      authMode: 'none',
      hasCredential: false,
      enabled: false,
      readOnly: false,
    },
    NOW,
  );
  const id = storeSessionDetail(store, 'bench-target', makeDetail({ spans: benchSpans() }), NOW);
  db.close();
  return id;
}

/** The outline built and serialised in this process, without the bridge or the browser. */
function timeOutlineInProcess(dir: string, sessionId: string): { ms: number; bytes: number } {
  const db = openDatabase(join(dir, DATABASE_FILE_NAME));
  const samples: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    bytes = JSON.stringify(traceOutline(db, sessionId)).length;
    samples.push(performance.now() - t0);
  }
  db.close();
  return { ms: percentile(samples, 50), bytes };
}

// --- In the page --------------------------------------------------------------------------------

const INIT_SCRIPT = `
  window.__bench = { longTasks: [] };
  // Resolves once isDone() holds and the frame showing it has been painted: the next frame's
  // callback runs before its paint, a message posted from it runs after.
  window.__waitFor = (isDone) => new Promise((resolve) => {
    const painted = () => requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve();
      channel.port2.postMessage(null);
    });
    const check = () => (isDone() ? painted() : requestAnimationFrame(check));
    check();
  });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__bench.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
`;

/**
 * Sets the hash to the trace tab and resolves once its first rows are painted; returns the
 * ms it took and the outline call's timing.
 */
function timeOpen(page: Page, sessionId: string): Promise<{ ms: number; fetchMs: number; bytes: number }> {
  return page.evaluate(async (id) => {
    const w = window as unknown as BenchWindow;
    const t0 = performance.now();
    location.hash = `#/sessions/${id}/trace`;
    await w.__waitFor(() => document.querySelector('[data-testid="trace-row"]') !== null);
    const ms = performance.now() - t0;
    const call = (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((r) => r.name.includes('sessions%3Atrace') || r.name.endsWith('sessions:trace'))
      .at(-1);
    performance.clearResourceTimings();
    return {
      ms,
      fetchMs: call ? call.responseEnd - call.startTime : Number.NaN,
      bytes: call?.decodedBodySize ?? Number.NaN,
    };
  }, sessionId);
}

interface BenchWindow {
  __bench: { longTasks: LongTask[] };
  __waitFor: (isDone: () => boolean) => Promise<void>;
}

/** Scrolls the waterfall to `fraction` of its height; resolves once real rows are painted there. */
function timeJump(page: Page, fraction: number): Promise<number> {
  return page.evaluate(async (fraction) => {
    const w = window as unknown as BenchWindow;
    const scroller = document.querySelector(
      '[data-testid="trace-waterfall"] [data-virtuoso-scroller]',
    ) as HTMLElement;
    const t0 = performance.now();
    scroller.scrollTop = Math.floor((scroller.scrollHeight - scroller.clientHeight) * fraction);
    const top = scroller.getBoundingClientRect().top;
    await w.__waitFor(() =>
      [...scroller.querySelectorAll('[data-testid="trace-row"]')].some(
        (row) => Math.abs(row.getBoundingClientRect().top - top) < 40,
      ),
    );
    return performance.now() - t0;
  }, fraction);
}

/** Clicks a toolbar button; resolves once `rows` says the waterfall has been repainted. */
function timeClick(page: Page, testId: string, rows: 'one' | 'many'): Promise<number> {
  return page.evaluate(
    async ({ testId, rows }) => {
      const w = window as unknown as BenchWindow;
      const t0 = performance.now();
      (document.querySelector(`[data-testid="${testId}"]`) as HTMLElement).click();
      await w.__waitFor(() => {
        const n = document.querySelectorAll('[data-testid="trace-row"]').length;
        return rows === 'one' ? n === 1 : n > 20;
      });
      return performance.now() - t0;
    },
    { testId, rows },
  );
}

/** Types `text` into the search box; resolves once the matching span is selected and painted. */
function timeSearch(page: Page, text: string): Promise<number> {
  return page.evaluate(async (text) => {
    const w = window as unknown as BenchWindow;
    const input = document.querySelector('[data-testid="trace-search"]') as HTMLInputElement;
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
    const t0 = performance.now();
    setValue?.call(input, text);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await w.__waitFor(() =>
      Boolean(document.querySelector('[data-testid="trace-row"][aria-selected="true"] mark')),
    );
    return performance.now() - t0;
  }, text);
}

/** Scrolls by `pxPerFrame` for `frames` frames and returns the frame intervals (ms). */

// --- Run ----------------------------------------------------------------------------------------

async function main(): Promise<void> {
  ensureAppBuilt(log);
  const dir = resolve(args.dir ?? join(tmpdir(), `tracedeck-ui-trace-bench-${SPANS}`));
  const marker = join(dir, 'ui-trace-bench-store.json');
  const wanted = { spans: SPANS, fanout: FANOUT, version: 1 };
  let sessionId: string;
  const existing = existsSync(marker)
    ? (JSON.parse(readFileSync(marker, 'utf8')) as typeof wanted & { sessionId: string })
    : null;
  if (args.rebuild || !existing || existing.spans !== SPANS || existing.version !== wanted.version) {
    log(`building a store with one session of ${SPANS} spans in ${dir}…`);
    const t0 = performance.now();
    sessionId = buildStore(dir);
    log(`stored in ${Math.round(performance.now() - t0)} ms`);
    writeFileSync(marker, JSON.stringify({ ...wanted, sessionId }));
  } else {
    sessionId = existing.sessionId;
    log(`reusing the store in ${dir}`);
  }
  const inProcess = timeOutlineInProcess(dir, sessionId);
  log(`outline in process: ${round(inProcess.ms)} ms, ${(inProcess.bytes / 1e6).toFixed(2)} MB of JSON`);

  const loadAtStart = loadavg()[0] ?? 0;
  const app = await startWebApp({ dataDir: dir });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.addInitScript(INIT_SCRIPT);
    await page.goto(app.launchUrl);
    await page.getByTestId('sessions-view').waitFor();

    // Opening the tab: the first time, then again after leaving it (each open refetches).
    const opens: { ms: number; fetchMs: number; bytes: number }[] = [];
    const openFrom = await now(page);
    for (let run = 0; run < RUNS; run++) {
      if (run > 0) {
        await page.evaluate(() => (location.hash = '#/sessions'));
        await page.getByTestId('trace-panel').waitFor({ state: 'detached' });
      }
      opens.push(await timeOpen(page, sessionId));
    }
    const openLongTasks = await longTasksBetween(page, openFrom, await now(page));
    const count = (await page.getByTestId('trace-span-count').textContent()) ?? '';
    log(`open: ${opens.map((o) => Math.round(o.ms)).join(', ')} ms (${count})`);

    // Scrolling: at the top, after a jump to the middle, and back up from the end.
    const scrollFrom = await now(page);
    const frames: number[] = [];
    frames.push(...(await scrollFrames(page, '[data-testid="trace-waterfall"]', 120, 150)));
    const jumpMiddle = await timeJump(page, 0.5);
    frames.push(...(await scrollFrames(page, '[data-testid="trace-waterfall"]', 120, 150)));
    const jumpEnd = await timeJump(page, 1);
    frames.push(...(await scrollFrames(page, '[data-testid="trace-waterfall"]', -120, 150)));
    const scrollLongTasks = await longTasksBetween(page, scrollFrom, await now(page));
    log(`jumps: 50 % ${round(jumpMiddle)} ms, end ${round(jumpEnd)} ms`);

    // Collapse everything, then search for a deep span: its ancestors expand and it scrolls in.
    const treeFrom = await now(page);
    const collapseMs = await timeClick(page, 'trace-collapse-all', 'one');
    const searchMs = await timeSearch(page, 'needle_lookup');
    const expandMs = await timeClick(page, 'trace-expand-all', 'many');
    const treeLongTasks = await longTasksBetween(page, treeFrom, await now(page));
    log(
      `collapse all ${round(collapseMs)} ms, search → shown ${round(searchMs)} ms, expand all ${round(expandMs)} ms`,
    );

    const openMs = opens.map((o) => o.ms);
    const cold = openMs[0] ?? Number.NaN;
    const warm = percentile(openMs.slice(1), 50);
    const firstFetchMs = opens[0]?.fetchMs ?? Number.NaN;
    const fetchMs = percentile(
      opens.slice(1).map((o) => o.fetchMs),
      50,
    );
    const bytes = opens.at(-1)?.bytes ?? Number.NaN;
    const longest = (tasks: LongTask[]) => Math.max(0, ...tasks.map((t) => t.duration));
    const longestText = (tasks: LongTask[]) => (tasks.length ? `${round(longest(tasks))} ms` : 'none');
    const frameP95 = percentile(frames, 95);
    const markdown = [
      '## Trace tab (issue 7): Chromium through the web bridge',
      '',
      `\`npm run bench:ui-trace -- --spans ${SPANS}\` — ${machineLine()}, Debian Chromium (headless, no GPU), 1440 × 900. ` +
        `One session of ${SPANS.toLocaleString('en-US')} spans (a ${FANOUT}-ary tree, ${Math.ceil(Math.log(SPANS * (FANOUT - 1) + 1) / Math.log(FANOUT))} levels, all expanded), ` +
        `the bridge process, SQLite and the browser sharing the machine's ${cpus().length} cores ` +
        `(1-minute load average ${loadAtStart.toFixed(1)} when the measurements began).`,
      '',
      '| figure | value | goal |',
      '| --- | --- | --- |',
      `| open the trace tab → first waterfall rows painted, first time | ${round(cold)} ms | ≤ ${GOALS.firstRowsMs} ms — ${verdict(cold <= GOALS.firstRowsMs)} |`,
      `| the same, median of ${openMs.length - 1} reopenings | ${round(warm)} ms | ≤ ${GOALS.firstRowsMs} ms — ${verdict(warm <= GOALS.firstRowsMs)} |`,
      `| of which: \`sessions:trace\` over the bridge (request → last byte), first time / reopenings (the core keeps the last outline until spans change), median | ${round(firstFetchMs)} / ${round(fetchMs)} ms for ${(bytes / 1e6).toFixed(2)} MB of JSON | |`,
      `| the outline read from SQLite and serialised, in this process alone, median of 5 | ${round(inProcess.ms)} ms | |`,
      `| longest task while opening | ${longestText(openLongTasks)} | |`,
      `| frame time while scrolling (3 × 150 frames, 120 px each), p50 / p95 | ${round(percentile(frames, 50))} / ${round(frameP95)} ms | |`,
      `| jump to 50 % → rows painted | ${round(jumpMiddle)} ms | |`,
      `| jump to the end → rows painted | ${round(jumpEnd)} ms | |`,
      `| longest task while scrolling and jumping | ${longestText(scrollLongTasks)} | ≤ ${GOALS.longTaskMs} ms — ${verdict(longest(scrollLongTasks) <= GOALS.longTaskMs)} |`,
      `| collapse all → repainted | ${round(collapseMs)} ms | |`,
      `| search a deep span in the collapsed tree → expanded, selected and shown (includes the 200 ms typing pause) | ${round(searchMs)} ms | |`,
      `| expand all → repainted | ${round(expandMs)} ms | |`,
      `| longest task while collapsing, searching and expanding | ${longestText(treeLongTasks)} | ≤ ${GOALS.longTaskMs} ms — ${verdict(longest(treeLongTasks) <= GOALS.longTaskMs)} |`,
    ].join('\n');
    process.stdout.write(`${markdown}\n`);
    writeBenchmarkSection('ui-trace', markdown);
    await page.close();
  } finally {
    await browser.close();
    await app.stop();
  }
}

await main();
