import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, freemem, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase, sqliteVersion } from '../electron/main/db/connection';
import { optimizeStore, storeStats } from '../electron/main/db/maintenance';
import { migrate } from '../electron/main/db/migrate';
import {
  activityWindow,
  getSessionDetail,
  storeSessionDetail,
} from '../electron/main/db/session-detail-repo';
import {
  closeSessionQuery,
  explainSessionQuery,
  openSessionQuery,
  sessionFacets,
  sessionWindow,
} from '../electron/main/db/session-list-repo';
import { transact, type Store } from '../electron/main/db/store';
import { createTarget } from '../electron/main/db/targets-repo';
import type { SessionQuery } from '@shared/models/session-query';
import { insertRawRows, stripToBareTables } from './lib/raw-insert';
import { writeBenchmarkSection } from './lib/report';
import { currentLoad, describeMachine, storeMarkdown } from './lib/store-report';
import { emptyRows, rowCount, RowFlattener } from './lib/raw-rows';
import { syntheticBatches } from './lib/synthetic-batches';
import {
  SYNTHETIC_TARGETS,
  syntheticSessions,
  syntheticWordRank,
  type SyntheticSession,
} from './lib/synthetic-store';

/*
 * Store benchmark (issue 3): builds a synthetic store of N sessions through the repositories,
 * measures the same rows inserted with plain statements, then times list, filter, sort, facet,
 * search and detail queries (p50 / p95 over repeated runs).
 *
 *   node scripts/run-ts.mjs bench/store-bench.ts --sessions 1000000 --out bench-results/store.json
 */

const { values: args } = parseArgs({
  options: {
    sessions: { type: 'string', default: '1000000' },
    out: { type: 'string' },
    dir: { type: 'string' },
    keep: { type: 'boolean', default: false },
    seed: { type: 'string', default: '42' },
    'raw-sample': { type: 'string' },
    reps: { type: 'string', default: '40' },
  },
});

const SESSIONS = Number(args.sessions);
const SEED = Number(args.seed);
const REPS = Number(args.reps);
const RAW_SAMPLE = Math.min(SESSIONS, Number(args['raw-sample'] ?? 50_000));
const BATCH = 2000;
const NOW = Date.UTC(2026, 10, 2);
const END_MS = Date.UTC(2026, 10, 1);
const DAY = 86_400_000;

const log = (message: string) => process.stderr.write(`[store-bench] ${message}\n`);

interface Timing {
  p50: number;
  p95: number;
  max: number;
  runs: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

function measure(runs: number, fn: (i: number) => void, warmup = 2): Timing {
  for (let i = 0; i < warmup; i++) fn(-1 - i);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn(i);
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    p50: round(percentile(samples, 50)),
    p95: round(percentile(samples, 95)),
    max: round(samples.at(-1) ?? 0),
    runs,
  };
}

function fileBytes(path: string): number {
  return [path, `${path}-wal`, `${path}-shm`].reduce(
    (sum, p) => sum + (existsSync(p) ? statSync(p).size : 0),
    0,
  );
}

function setUp(path: string): Store {
  const db = openDatabase(path);
  migrate(db);
  const store: Store = { db, notifyChanged: () => undefined };
  for (const t of SYNTHETIC_TARGETS)
    createTarget(store, { ...t, hasCredential: false, enabled: true, readOnly: false }, NOW);
  return store;
}

function machine() {
  const meminfo = readFileSync('/proc/meminfo', 'utf8');
  return {
    cpuModel: cpus()[0]?.model ?? 'unknown',
    cpus: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    freeMemoryGiB: Math.round((freemem() / 2 ** 30) * 10) / 10,
    memAvailable: /MemAvailable:\s+(\d+ kB)/.exec(meminfo)?.[1] ?? null,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

const benchStart = performance.now();
const loadAtStart = currentLoad();
const dir = args.dir ? resolve(args.dir) : mkdtempSync(join(tmpdir(), 'tracedeck-store-bench-'));
mkdirSync(dir, { recursive: true });
const dbPath = join(dir, 'store.sqlite');
rmSync(dbPath, { force: true });
rmSync(`${dbPath}-wal`, { force: true });
log(`${SESSIONS} sessions into ${dbPath}`);
const store = setUp(dbPath);
const { db } = store;

// --- Load through the repositories ------------------------------------------------------------
let storeMs = 0;
let sampleStoreMs = 0;
let stored = 0;
let longSessionId: string | null = null;
const loadStart = performance.now();
// Main-thread CPU time of the store calls: unlike wall time, it does not count waiting for a
// core while other processes run.
const threadCpuMs = () => {
  const usage = process.threadCpuUsage();
  return (usage.user + usage.system) / 1000;
};
let storeCpuMs = 0;
const flush = (batch: SyntheticSession[]) => {
  const t = performance.now();
  const cpu = threadCpuMs();
  transact(store, () => {
    for (const s of batch) {
      const id = storeSessionDetail(store, s.targetId, s.detail, NOW);
      if (longSessionId === null && s.detail.activity.length >= 10_000) longSessionId = id;
    }
  });
  storeMs += performance.now() - t;
  storeCpuMs += threadCpuMs() - cpu;
  stored += batch.length;
  if (stored <= RAW_SAMPLE) sampleStoreMs = storeMs;
  if (stored % 50_000 === 0 || stored === SESSIONS) {
    log(
      `${stored} stored, ${Math.round(stored / (storeMs / 1000))} sessions/s in the store, ${Math.round((performance.now() - loadStart) / 1000)} s elapsed`,
    );
  }
};
for await (const batch of syntheticBatches({ sessions: SESSIONS, seed: SEED, endMs: END_MS }, BATCH))
  flush(batch);
const loadWallMs = performance.now() - loadStart;

let t = performance.now();
optimizeStore(db);
const optimizeMs = performance.now() - t;
t = performance.now();
const stats = storeStats(db);
const statsMs = performance.now() - t;
const storedRows =
  stats.sessions +
  stats.runs +
  stats.activityItems +
  stats.spans +
  stats.payloads +
  stats.rawRecords +
  stats.searchDocuments;
log(
  `loaded: ${JSON.stringify(stats)} (optimize ${Math.round(optimizeMs)} ms, count ${Math.round(statsMs)} ms)`,
);

// --- Raw insert of the same rows ---------------------------------------------------------------
// The same rows as the first RAW_SAMPLE sessions of the load, with one plain INSERT per table:
// into the same schema (the goal's baseline), and into bare tables without secondary indexes,
// triggers or the search index (what the schema itself costs).
const rawPath = join(dir, 'raw.sqlite');
const barePath = join(dir, 'bare.sqlite');
for (const path of [rawPath, barePath]) rmSync(path, { force: true });
const rawStore = setUp(rawPath);
const bareStore = setUp(barePath);
stripToBareTables(bareStore.db);
const flattener = new RowFlattener(NOW);
let rawMs = 0;
let bareMs = 0;
let rawRowsTotal = 0;
let rows = emptyRows();
let flattened = 0;
let searchChars = 0;
for (const s of syntheticSessions({ sessions: SESSIONS, seed: SEED, endMs: END_MS })) {
  if (flattened >= RAW_SAMPLE) break;
  flattener.add(rows, s.targetId, s.detail);
  const doc = rows.search.at(-1) ?? [];
  searchChars += doc.slice(1).reduce<number>((sum, part) => sum + String(part).length, 0);
  flattened++;
  if (flattened % BATCH === 0 || flattened === RAW_SAMPLE) {
    rawRowsTotal += rowCount(rows);
    let start = performance.now();
    insertRawRows(rawStore.db, rows);
    rawMs += performance.now() - start;
    start = performance.now();
    insertRawRows(bareStore.db, rows);
    bareMs += performance.now() - start;
    rows = emptyRows();
  }
}
for (const [store, path] of [
  [rawStore, rawPath],
  [bareStore, barePath],
] as const) {
  store.db.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
}
// Same sessions through the repositories: the first RAW_SAMPLE of the load (batches are 2,000).
const sampleRows = rawRowsTotal;
log(
  `raw insert: ${rawRowsTotal} rows of ${RAW_SAMPLE} sessions in ${Math.round(rawMs)} ms (bare tables ${Math.round(bareMs)} ms)`,
);

// --- Queries -------------------------------------------------------------------------------
const total = stats.sessions;
const rng = (() => {
  let a = 12345;
  return () => {
    a = (a * 1103515245 + 12345) % 2147483648;
    return a / 2147483648;
  };
})();

const openAndWindow = (query: SessionQuery, position = 0) => {
  const info = openSessionQuery(db, query);
  const rows = sessionWindow(db, info.queryId, Math.floor(position * info.total), 100);
  closeSessionQuery(db, info.queryId);
  return { info, rows };
};

const FILTER: SessionQuery = { statuses: ['failed'], kinds: ['workflow'] };
const SORT_COST: SessionQuery = { sort: { field: 'costUsd', direction: 'desc' } };
const LAST_7_DAYS: SessionQuery = { startedFrom: END_MS - 7 * DAY };
const WORD = 'refund';
const SUBSTRING = 'econcil';
const CJK = '東京都';

log('queries…');
const results: Record<string, Timing> = {};
const counts: Record<string, number> = {};

results.listOpen = measure(REPS, () => {
  const info = openSessionQuery(db, {});
  closeSessionQuery(db, info.queryId);
});
results.listWindow = measure(REPS, () => openAndWindow({}));
const open = openSessionQuery(db, {});
results.listWindowWarm = measure(REPS, () => sessionWindow(db, open.queryId, 0, 100));
results.deepJumpCold = measure(Math.min(REPS, 10), () => openAndWindow({}, 0.9), 1);
sessionWindow(db, open.queryId, Math.floor(total * 0.9), 100);
results.deepWindow = measure(REPS, () =>
  sessionWindow(db, open.queryId, Math.floor(total * 0.9) + Math.floor((rng() - 0.5) * 2000), 100),
);
results.windowTop = measure(REPS, () => sessionWindow(db, open.queryId, Math.floor(rng() * 1000), 100));
results.windowMiddle = measure(REPS, () =>
  sessionWindow(db, open.queryId, Math.floor(total / 2 + rng() * 1000), 100),
);
results.windowBottom = measure(REPS, () =>
  sessionWindow(db, open.queryId, Math.max(0, total - 100 - Math.floor(rng() * 1000)), 100),
);
closeSessionQuery(db, open.queryId);

results.filter = measure(REPS, () => openAndWindow(FILTER));
counts.filter = openAndWindow(FILTER).info.total;
results.filterDeepCold = measure(Math.min(REPS, 10), () => openAndWindow(FILTER, 0.9), 1);
results.sort = measure(REPS, () => openAndWindow(SORT_COST));
results.sortDeepCold = measure(Math.min(REPS, 10), () => openAndWindow(SORT_COST, 0.9), 1);
const sortOpen = openSessionQuery(db, SORT_COST);
sessionWindow(db, sortOpen.queryId, Math.floor(total * 0.9), 100);
results.sortDeepWindow = measure(REPS, () =>
  sessionWindow(db, sortOpen.queryId, Math.floor(total * 0.9) + Math.floor((rng() - 0.5) * 2000), 100),
);
closeSessionQuery(db, sortOpen.queryId);
results.timeRange = measure(REPS, () => openAndWindow(LAST_7_DAYS));
counts.timeRange = openAndWindow(LAST_7_DAYS).info.total;

results.facetCounts = measure(REPS, () => sessionFacets(db, {}));
results.facetCountsFiltered = measure(REPS, () => sessionFacets(db, FILTER));
results.facetCountsTimeRange = measure(REPS, () => sessionFacets(db, LAST_7_DAYS));

results.fts = measure(REPS, () => openAndWindow({ text: WORD }));
counts.fts = openAndWindow({ text: WORD }).info.total;
results.ftsSubstring = measure(REPS, () => openAndWindow({ text: SUBSTRING }));
counts.ftsSubstring = openAndWindow({ text: SUBSTRING }).info.total;
results.ftsCjk = measure(REPS, () => openAndWindow({ text: CJK }));
counts.ftsCjk = openAndWindow({ text: CJK }).info.total;
results.ftsFiltered = measure(REPS, () => openAndWindow({ text: WORD, ...FILTER }));
results.ftsShortQuery = measure(Math.min(REPS, 10), () => openAndWindow({ text: '東京' }), 1);
counts.ftsShortQuery = openAndWindow({ text: '東京' }).info.total;
results.facetCountsText = measure(Math.min(REPS, 10), () => sessionFacets(db, { text: WORD }), 1);

const detailId: string = longSessionId ?? '1';
results.detail10k = measure(REPS, () => getSessionDetail(db, detailId, { activityLimit: 10_000 }));
results.detailFirstWindow = measure(REPS, () => getSessionDetail(db, detailId));
results.activityWindowDeep = measure(REPS, () =>
  activityWindow(db, detailId, 9000 + Math.floor(rng() * 500), 500),
);
counts.detailItems = getSessionDetail(db, detailId, { activityLimit: 10_000 })?.activity.length ?? 0;

const plan = explainSessionQuery(db, {});
const dbBytes = fileBytes(dbPath);
const sqlite = sqliteVersion(db);
db.close();
if (!args.keep && !args.dir) rmSync(dir, { recursive: true, force: true });

// --- Report ------------------------------------------------------------------------------
const rate = (rowCount: number, ms: number) => Math.round(rowCount / (ms / 1000));
const insertRowsPerSec = rate(storedRows, storeMs);
const sampleInsertRowsPerSec = rate(sampleRows, sampleStoreMs);
const rawInsertRowsPerSec = rate(rawRowsTotal, rawMs);
const bareInsertRowsPerSec = rate(rawRowsTotal, bareMs);
const p95 = (key: string) => results[key]?.p95 ?? Number.NaN;
const goals = [
  { metric: 'listWindowP95Ms', value: p95('listWindow'), goal: 20, unit: 'ms' },
  { metric: 'deepWindowP95Ms', value: p95('deepWindow'), goal: 20, unit: 'ms' },
  { metric: 'filterP95Ms', value: p95('filter'), goal: 20, unit: 'ms' },
  { metric: 'sortP95Ms', value: p95('sort'), goal: 20, unit: 'ms' },
  { metric: 'facetCountsP95Ms', value: p95('facetCounts'), goal: 20, unit: 'ms' },
  { metric: 'timeRangeP95Ms', value: p95('timeRange'), goal: 20, unit: 'ms' },
  { metric: 'facetCountsTimeRangeP95Ms', value: p95('facetCountsTimeRange'), goal: 20, unit: 'ms' },
  { metric: 'ftsP95Ms', value: p95('fts'), goal: 100, unit: 'ms' },
  { metric: 'ftsSubstringP95Ms', value: p95('ftsSubstring'), goal: 100, unit: 'ms' },
  { metric: 'ftsCjkP95Ms', value: p95('ftsCjk'), goal: 100, unit: 'ms' },
  { metric: 'detail10kP95Ms', value: p95('detail10k'), goal: 50, unit: 'ms' },
].map((g) => ({ ...g, pass: g.value <= g.goal }));
const insertRatio = Math.round((sampleInsertRowsPerSec / rawInsertRowsPerSec) * 100) / 100;
goals.push({
  metric: 'insert / raw insert (same sessions)',
  value: insertRatio,
  goal: 0.3,
  unit: 'ratio',
  pass: insertRatio >= 0.3,
});

const report = {
  sessions: stats.sessions,
  activityItems: stats.activityItems,
  runs: stats.runs,
  spans: stats.spans,
  payloads: stats.payloads,
  rawRecords: stats.rawRecords,
  storedRows,
  insertRowsPerSec,
  sampleInsertRowsPerSec,
  rawInsertRowsPerSec,
  bareInsertRowsPerSec,
  rawSampleSessions: RAW_SAMPLE,
  insertSessionsPerSec: Math.round(stats.sessions / (storeMs / 1000)),
  searchableCharsPerSession: Math.round(searchChars / Math.max(1, flattened)),
  listOpenP95Ms: p95('listOpen'),
  listWindowP95Ms: p95('listWindow'),
  listWindowWarmP95Ms: p95('listWindowWarm'),
  deepWindowP95Ms: p95('deepWindow'),
  deepJumpColdP95Ms: p95('deepJumpCold'),
  filterP95Ms: p95('filter'),
  sortP95Ms: p95('sort'),
  facetCountsP95Ms: p95('facetCounts'),
  timeRangeP95Ms: p95('timeRange'),
  facetCountsTimeRangeP95Ms: p95('facetCountsTimeRange'),
  ftsP95Ms: p95('fts'),
  ftsSubstringP95Ms: p95('ftsSubstring'),
  ftsCjkP95Ms: p95('ftsCjk'),
  detail10kP95Ms: p95('detail10k'),
  dbBytes,
  timings: results,
  matches: counts,
  queries: {
    filter: FILTER,
    sort: SORT_COST,
    timeRange: LAST_7_DAYS,
    word: WORD,
    wordRank: syntheticWordRank(WORD),
    substring: SUBSTRING,
    cjk: CJK,
    shortQuery: '東京',
  },
  defaultOrderPlan: plan,
  goals,
  load: {
    storeMs: Math.round(storeMs),
    storeCpuMs: Math.round(storeCpuMs),
    loadWallMs: Math.round(loadWallMs),
    optimizeMs: Math.round(optimizeMs),
    rawMs: Math.round(rawMs),
    bareMs: Math.round(bareMs),
    rawRows: rawRowsTotal,
    batchSessions: BATCH,
  },
  benchWallMs: Math.round(performance.now() - benchStart),
  machine: {
    ...machine(),
    ...describeMachine(),
    sqlite,
    betterSqlite3: '13.2.0',
    loadAverage: { start: loadAtStart, end: currentLoad() },
  },
  seed: SEED,
  reps: REPS,
  generatedAt: new Date().toISOString(),
};

if (args.out) {
  const out = resolve(args.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
}

const lines = [
  `sessions ${report.sessions}, activity items ${report.activityItems}, rows ${storedRows}, db ${(dbBytes / 2 ** 30).toFixed(2)} GiB, searchable text ${report.searchableCharsPerSession} chars/session, bench ${Math.round(report.benchWallMs / 1000)} s`,
  `insert ${insertRowsPerSec} rows/s overall (${report.insertSessionsPerSec} sessions/s); first ${RAW_SAMPLE} sessions ${sampleInsertRowsPerSec} rows/s vs raw ${rawInsertRowsPerSec} rows/s (${insertRatio}), bare tables ${bareInsertRowsPerSec} rows/s`,
  ...Object.entries(results).map(
    ([name, r]) =>
      `${name.padEnd(22)} p50 ${String(r.p50).padStart(8)} ms   p95 ${String(r.p95).padStart(8)} ms   max ${String(r.max).padStart(8)} ms  (${r.runs} runs)`,
  ),
  `matches ${JSON.stringify(counts)}`,
  ...goals.map(
    (g) =>
      `${g.pass ? 'PASS' : 'FAIL'} ${g.metric} = ${g.value} (goal ${g.unit === 'ratio' ? '≥' : '≤'} ${g.goal}${g.unit === 'ms' ? ' ms' : ''})`,
  ),
];
process.stdout.write(`${lines.join('\n')}\n`);
if (SESSIONS >= 1_000_000) {
  writeBenchmarkSection('store', storeMarkdown(report));
  log('docs/benchmarks.md: store section written');
}
