import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { compareSteps, sideSteps } from '@shared/models/compare';
import type { IngestActivity, IngestRun, IngestSessionDetail } from '@shared/models/ingest';
import { readCompareSource } from '../electron/main/db/compare-repo';
import { DATABASE_FILE_NAME, openDatabase } from '../electron/main/db/connection';
import { migrate } from '../electron/main/db/migrate';
import { storeSessionDetail } from '../electron/main/db/session-detail-repo';
import type { Store } from '../electron/main/db/store';
import { createTarget } from '../electron/main/db/targets-repo';
import type { CoreDeps } from '../electron/main/core';
import { compareSessions } from '../electron/main/ipc/compare-handlers';
import { launchChromium } from '../test/e2e/support/browser';
import { startWebApp } from '../test/e2e/support/web-app';
import { ensureAppBuilt, timeNavigation } from './lib/browser-bench';
import { machineLine, percentile, verdict, writeBenchmarkSection } from './lib/report';

/*
 * Compare view benchmark (issue 8): two synthetic sessions of 10,000 activity steps each, on two
 * targets, stored through the real repositories; the comparison opened in Debian's Chromium
 * through the web bridge, as the e2e tests run it.
 *
 *   npm run bench:ui-compare [-- --steps 10000 --runs 5]
 *
 * The right session is the left one with edits past its first 30 %: changed tool results,
 * inserted and deleted steps, a failed call. Figures: navigation → first aligned rows painted
 * (goal ≤ 1 s), the alignment alone (pure function over both sides' steps), the whole
 * `compare:sessions` handler (store reads + alignment), and jump to the first divergence.
 */

const { values: args } = parseArgs({
  options: {
    steps: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '5' },
  },
});

const STEPS = Number(args.steps);
const RUNS = Math.max(2, Number(args.runs));
const NOW = Date.UTC(2026, 10, 2);
const GOAL_MS = 1000;

const log = (message: string) => process.stderr.write(`[compare-bench] ${message}\n`);
const round = (n: number) => Math.round(n * 10) / 10;

/** mulberry32, so both sessions are the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const STEPS_PER_RUN = 100;
const TOOLS = ['search_flights', 'fetch_weather', 'lookup_hotel'];

function activityAt(i: number, at: number, variant: 'left' | 'right'): IngestActivity {
  const base: IngestActivity = {
    runRemoteId: `run-${Math.floor(i / STEPS_PER_RUN)}`,
    kind: 'message',
    at,
    role: 'user',
    title: null,
    text: null,
    body: null,
    tool: null,
    control: null,
    link: null,
    sourceType: 'bench',
  };
  switch (i % 7) {
    case 0:
      return { ...base, text: `Plan leg ${i}: find a flight and a hotel for the conference.` };
    case 1:
      return { ...base, kind: 'reasoning', role: 'assistant', text: `I should check options for leg ${i}.` };
    case 2:
    case 3:
    case 4: {
      const name = TOOLS[i % 3]!;
      const result = `{"leg":${i},"options":[${Array.from({ length: 4 }, (_, k) => `{"id":${k},"price":${100 + ((i * 7 + k) % 300)}}`).join(',')}]${variant === 'right' ? ',"source":"v2"' : ''}}`;
      return {
        ...base,
        kind: 'tool-call',
        role: null,
        title: name,
        tool: {
          callId: `call-${i}`,
          name,
          args: { contentType: 'application/json', body: `{"leg":${i},"query":"${name} ${i}"}` },
          result: { contentType: 'application/json', body: result },
          state: 'succeeded',
          errorCategory: null,
          errorMessage: null,
          retryCount: 0,
          durationMs: 80 + (i % 40),
        },
      };
    }
    case 5:
      return { ...base, kind: 'step', role: null, title: 'agent', text: `step ${i}: ran in 12 ms` };
    default:
      return { ...base, role: 'assistant', text: `Leg ${i} is booked at the best price.` };
  }
}

/** The baseline session and its edited copy. */
function sessions(steps: number): [IngestSessionDetail, IngestSessionDetail] {
  const random = rng(8);
  const left: IngestActivity[] = [];
  const right: IngestActivity[] = [];
  const firstEdit = Math.floor(steps * 0.3);
  for (let i = 0; i < steps; i++) {
    const at = NOW - 3_600_000 + i * 300;
    left.push(activityAt(i, at, 'left'));
    const roll = random();
    if (i < firstEdit || roll > 0.03) right.push(activityAt(i, at + 40, 'left'));
    else if (roll < 0.01) continue;
    else if (roll < 0.02) {
      right.push(activityAt(i, at + 40, 'left'));
      right.push({ ...activityAt(i, at + 80, 'left'), kind: 'error', role: null, text: `Retry of leg ${i}` });
    } else right.push(activityAt(i, at + 40, 'right'));
  }
  const runCount = Math.ceil(steps / STEPS_PER_RUN);
  const runs = (tokens: number): IngestRun[] =>
    Array.from({ length: runCount }, (_, r) => ({
      remoteId: `run-${r}`,
      parentRemoteId: null,
      kind: 'agent',
      status: 'completed',
      componentName: 'travel-agent',
      input: { contentType: 'text/plain', body: `Plan legs ${r * STEPS_PER_RUN}…` },
      output: { contentType: 'text/plain', body: 'Booked.' },
      error: null,
      metrics: {
        inputTokens: tokens,
        outputTokens: tokens / 4,
        totalTokens: tokens * 1.25,
        timeToFirstTokenMs: 300,
        durationMs: 30_000,
        costUsd: 0.01,
      },
      model: 'gpt-4.1',
      provider: 'openai',
      createdAt: NOW - 3_600_000 + r * 30_000,
      startedAt: NOW - 3_600_000 + r * 30_000,
      finishedAt: NOW - 3_600_000 + (r + 1) * 30_000,
    }));
  const detail = (remoteId: string, activity: IngestActivity[], tokens: number): IngestSessionDetail => ({
    session: {
      remoteId,
      kind: 'agent',
      name: `Conference travel (${remoteId})`,
      status: 'completed',
      trigger: { type: 'api', source: 'bench', raw: null },
      actor: 'bench',
      project: 'travel',
      component: { type: 'agent', id: 'travel-agent', name: 'travel-agent' },
      prompt: 'Plan the conference travel, leg by leg.',
      summary: null,
      parentRemoteId: null,
      createdAt: NOW - 3_600_000,
      queuedAt: null,
      startedAt: NOW - 3_600_000,
      finishedAt: NOW,
      durationMs: 3_600_000,
      tokens: { input: tokens * runCount, output: (tokens / 4) * runCount, total: tokens * 1.25 * runCount },
      costUsd: 0.01 * runCount,
      models: ['gpt-4.1'],
      services: [],
      errorCount: activity.filter((a) => a.kind === 'error').length,
      toolCallCount: activity.filter((a) => a.kind === 'tool-call').length,
      remoteUpdatedAt: NOW,
    },
    runs: runs(tokens),
    activity,
    spans: [],
    raw: [],
  });
  return [detail('baseline', left, 4000), detail('edited', right, 4400)];
}

/** Stores both sessions on two targets; returns their local ids. */
function buildStore(dir: string): { left: string; right: string } {
  const db = openDatabase(join(dir, DATABASE_FILE_NAME));
  migrate(db);
  const store: Store = { db, notifyChanged: () => undefined };
  const target = (id: string, kind: 'agentos' | 'langgraph') =>
    createTarget(
      store,
      {
        id,
        name: id,
        kind,
        location: 'local',
        baseUrl: 'http://127.0.0.1:9',
        authMode: 'none',
        hasCredential: false,
        // Disabled: the bridge's scheduler must not try to reach these made-up servers.
        enabled: false,
        readOnly: false,
      },
      NOW,
    ).id;
  const [left, right] = sessions(STEPS);
  const ids = {
    left: storeSessionDetail(store, target('bench-agentos', 'agentos'), left, NOW),
    right: storeSessionDetail(store, target('bench-langgraph', 'langgraph'), right, NOW),
  };
  db.close();
  return ids;
}

/** The alignment alone, and the whole handler, in this process over the same store. */
function timeInNode(dir: string, ids: { left: string; right: string }) {
  const db = openDatabase(join(dir, DATABASE_FILE_NAME));
  const sides = [ids.left, ids.right].map((id) => {
    const source = readCompareSource(db, id)!;
    const { steps, contents } = sideSteps(source.activity, source.runs, {
      session: source.session,
      body: source.promptBody,
    });
    return steps.map((step, i) => ({ ...step, content: contents[i]! }));
  });
  const align: number[] = [];
  const handler: number[] = [];
  let rows = 0;
  let method = '';
  let stepCounts = [0, 0];
  for (let run = 0; run < RUNS; run++) {
    const t0 = performance.now();
    const aligned = compareSteps(sides[0]!, sides[1]!);
    align.push(performance.now() - t0);
    const t1 = performance.now();
    const result = compareSessions({ left: { sessionId: ids.left }, right: { sessionId: ids.right } }, {
      db,
    } as unknown as CoreDeps);
    handler.push(performance.now() - t1);
    rows = aligned.rows.length;
    method = result.method;
    stepCounts = [result.left.steps.length, result.right.steps.length];
  }
  db.close();
  return { align, handler, rows, method, stepCounts };
}

const INIT_SCRIPT = `
  window.__bench = { longTasks: [], rowsPaintedAt: null };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__bench.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  const seen = new MutationObserver(() => {
    if (!document.querySelector('[data-testid="compare-step"]')) return;
    seen.disconnect();
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => (window.__bench.rowsPaintedAt = performance.now());
      channel.port2.postMessage(null);
    });
  });
  seen.observe(document, { childList: true, subtree: true });
`;

/** Clicks "Jump to first divergence"; resolves once the selected row is painted. */
function timeJump(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const button = document.querySelector('[data-testid="compare-first-divergence"]') as HTMLButtonElement;
    const t0 = performance.now();
    button.click();
    await new Promise<void>((done) => {
      const check = () =>
        document.querySelector('[data-testid="compare-step"][aria-selected="true"]')
          ? done()
          : requestAnimationFrame(check);
      check();
    });
    await new Promise<void>((done) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => done();
      channel.port2.postMessage(null);
    });
    return performance.now() - t0;
  });
}

async function main(): Promise<void> {
  ensureAppBuilt(log);
  const dir = mkdtempSync(join(tmpdir(), 'tracedeck-compare-bench-'));
  try {
    log(`storing two sessions of ${STEPS} steps in ${dir}…`);
    const ids = buildStore(dir);
    const node = timeInNode(dir, ids);
    log(
      `alignment alone: median ${round(percentile(node.align, 50))} ms (${node.method}); handler ${round(percentile(node.handler, 50))} ms; ${node.rows} rows`,
    );

    const loadAtStart = loadavg()[0] ?? 0;
    const app = await startWebApp({ dataDir: dir });
    const browser = await launchChromium();
    try {
      const paints: number[] = [];
      const requested: number[] = [];
      const firstByte: number[] = [];
      const responses: number[] = [];
      const jumps: number[] = [];
      const inApp: number[] = [];
      let longest = 0;
      for (let run = 0; run < RUNS; run++) {
        const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
        await page.addInitScript(INIT_SCRIPT);
        await page.goto(`${app.launchUrl}#/compare?left=${ids.left}&right=${ids.right}`);
        await page.waitForFunction(
          () =>
            (window as unknown as { __bench: { rowsPaintedAt: number | null } }).__bench.rowsPaintedAt !==
            null,
          undefined,
          { timeout: 60_000 },
        );
        paints.push(
          await page.evaluate(
            () => (window as unknown as { __bench: { rowsPaintedAt: number } }).__bench.rowsPaintedAt,
          ),
        );
        const call = await page.evaluate(() => {
          const entry = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find(
            (r) => r.name.includes('compare%3Asessions') || r.name.includes('compare:sessions'),
          );
          return entry ? [entry.startTime, entry.responseStart, entry.responseEnd] : [NaN, NaN, NaN];
        });
        requested.push(call[0]!);
        firstByte.push(call[1]!);
        responses.push(call[2]!);
        jumps.push(await timeJump(page));
        // Opening it from inside the app (the usual way: from the list, the palette or a session),
        // alternating the sides so every open asks the core afresh.
        for (const [left, right] of [
          [ids.right, ids.left],
          [ids.left, ids.right],
        ]) {
          await page.evaluate(() => (window.location.hash = '#/sessions'));
          await page.getByTestId('sessions-view').waitFor();
          inApp.push(
            await timeNavigation(
              page,
              `#/compare?left=${left}&right=${right}`,
              '[data-testid="compare-step"]',
            ),
          );
        }
        const tasks = await page.evaluate(
          () => (window as unknown as { __bench: { longTasks: { duration: number }[] } }).__bench.longTasks,
        );
        longest = Math.max(longest, ...tasks.map((t) => t.duration));
        const rowsShown = await page.getByTestId('compare-counts').textContent();
        if (run === 0) log(`rows: ${rowsShown}`);
        await page.close();
      }
      log(`navigation → rows painted: ${paints.map(Math.round).join(', ')} ms`);
      log(
        `compare:sessions sent ${requested.map(Math.round).join(', ')}; first byte ${firstByte.map(Math.round).join(', ')}; done ${responses.map(Math.round).join(', ')}`,
      );

      const cold = paints[0]!;
      const warm = percentile(paints.slice(1), 50);
      const inAppP95 = percentile(inApp, 95);
      const markdown = [
        '## Compare view (issue 8): two 10,000-step sessions, Chromium through the web bridge',
        '',
        `\`npm run bench:ui-compare -- --steps ${STEPS}\` — ${machineLine()}, Debian Chromium (headless, no GPU), 1440 × 900. ` +
          `Two synthetic sessions on two targets (AgentOS, LangGraph), ${node.stepCounts.join(' and ')} aligned steps (activity, one row per run, the prompt); ` +
          `the second is the first with edits after its first 30 % (changed tool results, inserted error steps, deleted steps): ${node.rows.toLocaleString('en-US')} aligned rows, alignment \`${node.method}\`. ` +
          `Bridge, SQLite and browser share the machine's ${cpus().length} cores (1-minute load average ${loadAtStart.toFixed(1)} at the start).`,
        '',
        '| figure | value | goal |',
        '| --- | --- | --- |',
        `| **open the comparison from inside the app → aligned rows painted** (hash change → first rows painted), p50 / p95 of ${inApp.length} | ${round(percentile(inApp, 50))} / ${round(inAppP95)} ms | ≤ ${GOAL_MS} ms — ${verdict(inAppP95 <= GOAL_MS)} |`,
        `| open the comparison in a fresh page (navigation start, app start included → first rows painted), first load | ${round(cold)} ms | |`,
        `| the same, median of ${paints.length - 1} reloads | ${round(warm)} ms | |`,
        `| of which: \`compare:sessions\` sent / first byte / last byte (medians, from navigation start) | ${round(percentile(requested, 50))} / ${round(percentile(firstByte, 50))} / ${round(percentile(responses, 50))} ms | |`,
        `| alignment alone (\`compareSteps\` over both sides' steps), median / max of ${RUNS} | ${round(percentile(node.align, 50))} / ${round(Math.max(...node.align))} ms | |`,
        `| \`compare:sessions\` handler in Node (store reads, steps, alignment, deltas), median | ${round(percentile(node.handler, 50))} ms | |`,
        `| jump to first divergence → selected row painted, median | ${round(percentile(jumps, 50))} ms | |`,
        `| longest task in the page (load, alignment rendering, jump) | ${round(longest)} ms | |`,
      ].join('\n');
      process.stdout.write(`${markdown}\n`);
      writeBenchmarkSection('ui-compare', markdown);
    } finally {
      await browser.close();
      await app.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
