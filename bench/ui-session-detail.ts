import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import type { IngestActivity, IngestSessionDetail } from '@shared/models/ingest';
import { DATABASE_FILE_NAME, openDatabase } from '../electron/main/db/connection';
import { migrate } from '../electron/main/db/migrate';
import { storeSessionDetail } from '../electron/main/db/session-detail-repo';
import type { Store } from '../electron/main/db/store';
import { createTarget } from '../electron/main/db/targets-repo';
import { launchChromium } from '../test/e2e/support/browser';
import { startWebApp } from '../test/e2e/support/web-app';
import {
  ensureAppBuilt,
  longTasksBetween,
  pageNow as now,
  timeNavigation,
  type LongTask,
} from './lib/browser-bench';
import { machineLine, percentile, verdict, writeBenchmarkSection } from './lib/report';

/*
 * UI benchmark (issue 7): opening a session with N activity items (default 10,000) in the detail
 * view, in Debian's Chromium through the web bridge, as the e2e tests run it.
 *
 *   npm run bench:ui-detail [-- --items 10000 --runs 7]
 *
 * Figures: open the session from another view (hash change → first feed entry painted), the
 * whole feed loaded, scrolling the feed top to bottom (frame times, longest task from
 * PerformanceObserver 'longtask'), switching filter tabs, and the conversation tab.
 */

const { values: args } = parseArgs({
  options: { items: { type: 'string', default: '10000' }, runs: { type: 'string', default: '7' } },
});
const ITEMS = Number(args.items);
const RUNS = Math.max(2, Number(args.runs));
const NOW = Date.UTC(2026, 10, 2);
const GOALS = { openMs: 300, scrollLongTaskMs: 50 };
const log = (message: string) => process.stderr.write(`[ui-detail-bench] ${message}\n`);
const round = (n: number) => Math.round(n * 10) / 10;

/** A long agent session: turns of user message, thought, tool calls (some failing), reply. */
function longSession(items: number): IngestSessionDetail {
  const activity: IngestActivity[] = [];
  const base = {
    runRemoteId: 'run-1',
    role: null,
    title: null,
    text: null,
    body: null,
    tool: null,
    control: null,
    link: null,
    sourceType: null,
  } satisfies Partial<IngestActivity>;
  for (let i = 0; activity.length < items; i++) {
    const at = NOW - 3_600_000 + activity.length * 300;
    const turn = i % 5;
    if (turn === 0) {
      activity.push({
        ...base,
        kind: 'message',
        at,
        role: 'user',
        text: `Question ${i}: check order #${1000 + i}`,
      });
    } else if (turn === 1) {
      activity.push({
        ...base,
        kind: 'reasoning',
        at,
        role: 'assistant',
        text: `I should look up order ${1000 + i} first, then **summarise** it.`,
      });
    } else if (turn === 2 || turn === 3) {
      const failed = i % 35 === 2;
      activity.push({
        ...base,
        kind: 'tool-call',
        at,
        tool: {
          callId: `call-${i}`,
          name: turn === 2 ? 'lookup_order' : 'search_docs',
          args: {
            contentType: 'application/json',
            body: JSON.stringify({ order: 1000 + i, fields: ['status', 'items'] }),
          },
          result: failed
            ? null
            : {
                contentType: 'application/json',
                body: JSON.stringify({ order: 1000 + i, status: 'shipped', items: [{ sku: 'A-1', qty: 2 }] }),
              },
          state: failed ? 'failed' : 'succeeded',
          errorCategory: failed ? 'timeout' : null,
          errorMessage: failed ? 'upstream timed out after 30 s' : null,
          retryCount: failed ? 1 : 0,
          durationMs: 120 + (i % 17) * 40,
        },
      });
    } else {
      activity.push({
        ...base,
        kind: 'message',
        at,
        role: 'assistant',
        text: `Order **${1000 + i}** shipped:\n\n- 2 × A-1\n- tracking \`ZX${i}\``,
      });
    }
  }
  return {
    session: {
      remoteId: 'long-session',
      kind: 'agent',
      name: `Session with ${items.toLocaleString('en-US')} items`,
      status: 'completed',
      trigger: { type: 'api', source: 'svc-bench', raw: null },
      actor: 'bench',
      project: null,
      component: { type: 'agent', id: 'support-agent', name: 'Support agent' },
      prompt: 'Answer order questions.',
      summary: null,
      parentRemoteId: null,
      createdAt: NOW - 3_600_000,
      queuedAt: null,
      startedAt: NOW - 3_600_000,
      finishedAt: NOW,
      durationMs: 3_600_000,
      tokens: { input: 1_000_000, output: 200_000, total: 1_200_000 },
      costUsd: 12.5,
      models: ['gpt-4o'],
      services: ['openai'],
      errorCount: 0,
      toolCallCount: 0,
      remoteUpdatedAt: NOW,
    },
    runs: [
      {
        remoteId: 'run-1',
        parentRemoteId: null,
        kind: 'agent',
        status: 'completed',
        componentName: 'Support agent',
        input: null,
        output: null,
        error: null,
        metrics: {
          inputTokens: null,
          outputTokens: null,
          totalTokens: null,
          timeToFirstTokenMs: null,
          durationMs: null,
          costUsd: null,
        },
        model: 'gpt-4o',
        provider: 'openai',
        createdAt: NOW - 3_600_000,
        startedAt: NOW - 3_600_000,
        finishedAt: NOW,
      },
    ],
    activity,
    spans: [],
    raw: [],
  };
}

const INIT_SCRIPT = `
  window.__bench = { longTasks: [] };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__bench.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
`;

/** Scrolls the feed by `px` per frame until its end; resolves with the frame intervals. */
function scrollFeed(page: Page, px: number): Promise<number[]> {
  return page.evaluate(async (px) => {
    const scroller = document.querySelector(
      '[data-testid="activity-tab"] [data-virtuoso-scroller]',
    ) as HTMLElement;
    const intervals: number[] = [];
    let last = performance.now();
    for (let frame = 0; frame < 100_000; frame++) {
      scroller.scrollTop += px;
      await new Promise<void>((done) => requestAnimationFrame(() => done()));
      const t = performance.now();
      intervals.push(t - last);
      last = t;
      if (scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1) break;
    }
    return intervals;
  }, px);
}

async function main(): Promise<void> {
  ensureAppBuilt(log);
  const dir = mkdtempSync(join(tmpdir(), 'tracedeck-detail-bench-'));
  const db = openDatabase(join(dir, DATABASE_FILE_NAME));
  migrate(db);
  const store: Store = { db, notifyChanged: () => undefined };
  createTarget(
    store,
    {
      id: 'bench',
      name: 'Bench',
      kind: 'agentos',
      location: 'local',
      baseUrl: 'http://bench.localhost',
      authMode: 'none',
      hasCredential: false,
      enabled: false,
      readOnly: true,
    },
    NOW,
  );
  const sessionId = storeSessionDetail(store, 'bench', longSession(ITEMS), NOW);
  db.close();
  log(`stored one session of ${ITEMS} items in ${dir}`);

  const loadAtStart = loadavg()[0] ?? 0;
  const app = await startWebApp({ dataDir: dir });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.addInitScript(INIT_SCRIPT);
    await page.goto(app.launchUrl);
    await page.getByTestId('sessions-view').waitFor();

    const entry = '[data-testid="activity-tab"] [data-testid="feed-entry"]';
    const opens: number[] = [];
    const fullLoads: number[] = [];
    const openFrom = await now(page);
    for (let run = 0; run < RUNS; run++) {
      await timeNavigation(page, '#/settings', '[data-testid="settings-view"]');
      const t0 = await now(page);
      opens.push(await timeNavigation(page, `#/sessions/${sessionId}/activity`, entry));
      await page.waitForFunction(() => !document.querySelector('[data-testid="feed-loading"]'), undefined, {
        timeout: 60_000,
      });
      fullLoads.push((await now(page)) - t0);
    }
    const openLongTasks = await longTasksBetween(page, openFrom, await now(page));
    log(
      `open → first entry: ${opens.map(Math.round).join(', ')} ms; whole feed: ${fullLoads.map(Math.round).join(', ')} ms`,
    );

    const scrollFrom = await now(page);
    const frames = await scrollFeed(page, 240);
    const scrollLongTasks = await longTasksBetween(page, scrollFrom, await now(page));
    const longestScroll = Math.max(0, ...scrollLongTasks.map((t) => t.duration));
    log(`scrolled ${frames.length} frames; longest task ${round(longestScroll)} ms`);

    const tabFrom = await now(page);
    const tabSwitches: number[] = [];
    for (const tab of ['tools', 'errors', 'reasoning', 'all']) {
      tabSwitches.push(
        await page.evaluate(async (tab) => {
          const t0 = performance.now();
          (document.querySelector(`[data-testid="feed-tab-${tab}"]`) as HTMLElement).click();
          await new Promise<void>((done) => requestAnimationFrame(() => setTimeout(done, 0)));
          return performance.now() - t0;
        }, tab),
      );
    }
    const tabLongTasks = await longTasksBetween(page, tabFrom, await now(page));
    const conversationMs = await timeNavigation(
      page,
      `#/sessions/${sessionId}`,
      '[data-testid="conversation-assistant"]',
    );

    const openP50 = percentile(opens, 50);
    const openP95 = percentile(opens, 95);
    const longest = (tasks: LongTask[]) =>
      tasks.length ? `${round(Math.max(...tasks.map((t) => t.duration)))} ms` : 'none';
    const markdown = [
      '## Session detail (issue 7): Chromium through the web bridge',
      '',
      `\`npm run bench:ui-detail -- --items ${ITEMS}\` — ${machineLine()}, Debian Chromium (headless, no GPU), 1440 × 900. ` +
        `One session of ${ITEMS.toLocaleString('en-US')} activity items (messages, thoughts, tool calls with arguments and results, failures); ` +
        `the bridge process, SQLite and the browser share the machine's ${cpus().length} cores (1-minute load average ${loadAtStart.toFixed(1)} at the start).`,
      '',
      '| figure | value | goal |',
      '| --- | --- | --- |',
      `| open the session's activity tab (hash change → first entries painted), p50 / p95 of ${RUNS} | ${round(openP50)} / ${round(openP95)} ms | ≤ ${GOALS.openMs} ms — ${verdict(openP95 <= GOALS.openMs)} |`,
      `| the whole feed loaded in the background (${ITEMS.toLocaleString('en-US')} items), median | ${round(percentile(fullLoads, 50))} ms | |`,
      `| longest task while opening and loading | ${longest(openLongTasks)} | |`,
      `| scrolling the whole feed (240 px a frame, ${frames.length} frames): frame time p50 / p95 | ${round(percentile(frames, 50))} / ${round(percentile(frames, 95))} ms | |`,
      `| longest task while scrolling | ${longest(scrollLongTasks)} | ≤ ${GOALS.scrollLongTaskMs} ms — ${verdict(longestScroll <= GOALS.scrollLongTaskMs)} |`,
      `| switching filter tabs (Tool calls, Errors, Reasoning, All), max | ${round(Math.max(...tabSwitches))} ms (longest task ${longest(tabLongTasks)}) | |`,
      `| conversation tab → first assistant reply painted | ${round(conversationMs)} ms | |`,
      '',
      'The 100,000-span trace tab and the 10 MB payload are measured by `npm run bench:ui-trace` and `npm run bench:ui-payload`.',
    ].join('\n');
    process.stdout.write(`${markdown}\n`);
    writeBenchmarkSection('ui-session-detail', markdown);
  } finally {
    await browser.close();
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
