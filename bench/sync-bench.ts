// npm run bench:sync -- --sessions N --out FILE.json
// Syncs N sessions (~50 activity items each) from the AgentOS peer, running in its own process
// on 127.0.0.1, into a fresh store; then times a no-op resync and plain better-sqlite3 inserts
// of the same rows (into the same schema, and into bare tables) for comparison. Rewrites the
// `sync` section of docs/benchmarks.md when run with 10,000 sessions or more.
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createCore } from '../electron/main/core';
import { openDatabase } from '../electron/main/db/connection';
import { migrate } from '../electron/main/db/migrate';
import { createTarget } from '../electron/main/db/targets-repo';
import { machineLine, percentile, verdict, writeBenchmarkSection } from './lib/report';

const { values } = parseArgs({
  options: {
    sessions: { type: 'string', default: '10000' },
    items: { type: 'string', default: '50' },
    // Worker threads fetching and mapping session details (0: on the main thread).
    'fetch-workers': { type: 'string', default: '2' },
    out: { type: 'string' },
    // Leaves the synced store in place (its path is printed) for inspection.
    keep: { type: 'boolean', default: false },
  },
});
const sessionCount = Number(values.sessions);
const root = resolve(import.meta.dirname, '..');

/** CPU time (user + system, ms) a process has used so far, from /proc; null where there is none. */
function processCpuMs(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

const threadCpuMs = () => {
  const usage = process.threadCpuUsage();
  return (usage.user + usage.system) / 1000;
};

function startPeer(): Promise<{ url: string; pid: number | undefined; stop: () => void }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      [
        'test/peers/agentos/cli.ts',
        '--port',
        '0',
        '--sessions',
        String(sessionCount),
        '--items',
        String(values.items),
        '--seed',
        '1',
        // Serialized before it listens: its CPU stands for a server elsewhere, not this machine.
        '--prerender',
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolvePromise({ url: match[1], pid: child.pid, stop: () => child.kill('SIGTERM') });
    });
    child.on('exit', (code) => reject(new Error(`peer exited with ${code}: ${output}`)));
  });
}

const peer = await startPeer();
const dataDir = mkdtempSync(join(tmpdir(), 'tracedeck-bench-sync-'));
const core = createCore({
  dataDir,
  appVersion: 'bench',
  transport: 'web',
  fetchWorkers: Number(values['fetch-workers']),
});
try {
  const target = createTarget(core.deps.store, {
    name: 'bench',
    kind: 'agentos',
    location: 'local',
    baseUrl: peer.url,
    authMode: 'none',
    hasCredential: false,
    enabled: true,
    readOnly: false,
  });

  const loadAtStart = loadavg();
  const started = performance.now();
  const mainCpuStart = threadCpuMs();
  const processCpuStart = process.cpuUsage();
  const peerCpuStart = processCpuMs(peer.pid);
  const result = await core.deps.sync.sync(target.id, 'full');
  const seconds = (performance.now() - started) / 1000;
  const mainCpuMs = threadCpuMs() - mainCpuStart;
  const processCpu = process.cpuUsage(processCpuStart);
  const peerCpuEnd = processCpuMs(peer.pid);
  const peerCpuMs = peerCpuStart === null || peerCpuEnd === null ? null : peerCpuEnd - peerCpuStart;
  if (result.status !== 'ok') throw new Error(`sync failed: ${JSON.stringify(result)}`);

  const noop: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    await core.deps.sync.sync(target.id);
    noop.push(performance.now() - t);
  }

  // The physical limit, defined as bench:store does: the very rows the sync stored (search
  // documents included), read back and inserted with one plain prepared INSERT per table, in one
  // transaction, into a fresh store of the same schema on the same disk (same pragmas, indexes,
  // facet triggers and trigram index). A second baseline inserts them into bare in-memory tables
  // (no indexes, triggers, search index or file): what SQLite does with no schema at all.
  const db = core.deps.db;
  const tables = ['sessions', 'payloads', 'runs', 'activity_items', 'spans', 'raw_records'];
  const rowsOf = (table: string, columns: string[]) =>
    db
      .prepare(`select ${columns.join(', ')} from ${table} order by rowid`)
      .raw()
      .all() as unknown[][];
  const data = tables.map((table) => {
    const columns = (db.prepare(`pragma table_info(${table})`).all() as { name: string }[]).map(
      (c) => c.name,
    );
    return { table, columns, rows: rowsOf(table, columns) };
  });
  data.push({
    table: 'search_docs',
    columns: ['rowid', 'title', 'prompt', 'activity'],
    rows: rowsOf('search_docs', ['rowid', 'title', 'prompt', 'activity']),
  });
  const rawRows = data.reduce((sum, d) => sum + d.rows.length, 0);
  const insertAll = (into: Database.Database): number => {
    const statements = data.map((d) => ({
      rows: d.rows,
      insert: into.prepare(
        `insert into ${d.table} (${d.columns.join(', ')}) values (${d.columns.map(() => '?').join(', ')})`,
      ),
    }));
    const t = performance.now();
    into.transaction(() => {
      for (const { rows, insert } of statements) for (const row of rows) insert.run(row);
    })();
    return performance.now() - t;
  };

  const rawStore = openDatabase(join(dataDir, 'raw-insert.sqlite'));
  migrate(rawStore);
  const targetRow = db.prepare('select * from targets where id = ?').get(target.id) as Record<
    string,
    unknown
  >;
  rawStore
    .prepare(
      `insert into targets (${Object.keys(targetRow).join(', ')}) values (${Object.keys(targetRow)
        .map(() => '?')
        .join(', ')})`,
    )
    .run(Object.values(targetRow));
  const rawMs = insertAll(rawStore);
  rawStore.close();

  const bare = new Database(':memory:');
  for (const d of data) {
    const columns = d.table === 'search_docs' ? d.columns.slice(1) : d.columns;
    bare.exec(`create table ${d.table} (${columns.join(', ')})`);
  }
  const bareMs = insertAll(bare);
  bare.close();

  const items = (db.prepare('select count(*) as n from activity_items').get() as { n: number }).n;
  const syncRowsPerSec = rawRows / seconds;
  const rawRowsPerSec = rawRows / (rawMs / 1000);
  const bareRowsPerSec = rawRows / (bareMs / 1000);
  const figures = {
    sessions: result.sessions,
    items,
    seconds: Number(seconds.toFixed(2)),
    sessionsPerSec: Math.round(result.sessions / seconds),
    rows: rawRows,
    syncRowsPerSec: Math.round(syncRowsPerSec),
    rawRowsPerSec: Math.round(rawRowsPerSec),
    rawInsertRatio: Number((syncRowsPerSec / rawRowsPerSec).toFixed(3)),
    bareRowsPerSec: Math.round(bareRowsPerSec),
    bareInsertRatio: Number((syncRowsPerSec / bareRowsPerSec).toFixed(3)),
    noopResyncMs: Number(percentile(noop, 50).toFixed(1)),
    noopResyncP95Ms: Number(percentile(noop, 95).toFixed(1)),
    // CPU per synced session: the sync's main thread, its whole process (with worker threads),
    // and the peer process; wall time above also includes waiting for a core.
    mainCpuMsPerSession: Number((mainCpuMs / result.sessions).toFixed(3)),
    processCpuMsPerSession: Number(
      ((processCpu.user + processCpu.system) / 1000 / result.sessions).toFixed(3),
    ),
    peerCpuMsPerSession: peerCpuMs === null ? null : Number((peerCpuMs / result.sessions).toFixed(3)),
    loadAverageAtStart: loadAtStart.map((n) => Number(n.toFixed(2))),
    loadAverage: loadavg().map((n) => Number(n.toFixed(2))),
  };
  console.log(JSON.stringify(figures, null, 2));
  if (values.out) writeFileSync(values.out, `${JSON.stringify(figures, null, 2)}\n`);

  const perSession = (ms: number | null) => (ms === null ? '–' : `${ms.toFixed(2)} ms`);
  const workerCpuMs = figures.processCpuMsPerSession - figures.mainCpuMsPerSession;
  const totalCpuMs = figures.processCpuMsPerSession + (figures.peerCpuMsPerSession ?? 0);
  const markdown = `## Sync (issue 4): AgentOS peer → store

\`npm run bench:sync -- --sessions ${sessionCount}\` — ${machineLine()}; load average ${figures.loadAverageAtStart.join(', ')} at the start of the sync and ${figures.loadAverage.join(', ')} at its end (other jobs shared the 2 cores). The peer runs in its own process on 127.0.0.1; the sync does every HTTP request, validation and mapping for real, on ${values['fetch-workers']} fetch worker threads.

| figure | value | goal |
| --- | --- | --- |
| sessions / activity items | ${figures.sessions} / ${figures.items} | 10,000 / ~50 each |
| full sync | ${figures.seconds} s (${figures.sessionsPerSec} sessions/s) | ≤ 20 s — ${verdict(figures.seconds <= 20)} |
| rows written (search documents included) | ${figures.rows} (${figures.syncRowsPerSec} rows/s) | |
| plain insert of the same rows into the same schema | ${figures.rawRowsPerSec} rows/s | |
| **rawInsertRatio** | ${figures.rawInsertRatio} | ≥ 0.3 — ${verdict(figures.rawInsertRatio >= 0.3)} |
| plain insert into bare in-memory tables / ratio to it | ${figures.bareRowsPerSec} rows/s / ${figures.bareInsertRatio} | |
| no-op resync (median / p95 of 7) | ${figures.noopResyncMs} / ${figures.noopResyncP95Ms} ms | ≤ 300 ms — ${verdict(figures.noopResyncMs <= 300)} |
| CPU per session: sync main thread / its other threads (fetch workers) / whole sync process / peer process | ${perSession(figures.mainCpuMsPerSession)} / ${perSession(workerCpuMs)} / ${perSession(figures.processCpuMsPerSession)} / ${perSession(figures.peerCpuMsPerSession)} | |

How to read it:

- \`rawInsertRatio\` is defined as bench:store defines its raw insert (issue 3, "the physical limit"): the very rows the sync stored, read back and inserted with one prepared INSERT per table, in one transaction, into a fresh store with the same schema on the same disk. Both rates count the same rows: sessions, runs, activity items, spans, payload rows, raw records and search documents. Before 2026-11-22 the baseline inserted them into bare tables in memory without the search documents; that figure is kept in the row below it.
- CPU time hardly depends on how busy the machine is, wall time does: with other jobs on the 2 cores the full sync takes longer than its CPU time divided by two. (CPU figures still grow by up to a third when the cores are contended.)
- The main thread lists pages, runs the engine and writes each page in one transaction with its cursor. Each session's two requests, JSON.parse, zod validation and mapping run on worker threads (\`SessionFetchPool\`, \`electron/main/sync/fetch-worker.ts\`), which post the mapped detail back. The engine hands the pool a whole page as soon as it is listed and each worker runs 4 fetches at a time from its own queue, so the workers go on fetching while the main thread writes the previous page. The peer serializes every session's responses once, before it listens (\`--prerender\`): a request then costs it little more than writing the bytes, as a server on another machine would cost this one nothing.
- Where the time goes (CPU profile of a 2,000-session sync, ms per session, profiler overhead included). Main thread: committing the page's transaction 1.09 (WAL pages for about 80 KB of raw JSON per session, and the FTS5 segment flush), raw record inserts 0.40, the other repository row inserts 0.37, the search document 0.19, garbage collection 0.35, receiving details from the workers about 0.15. Workers: zod validation 0.74, JSON.parse 0.45, the raw records' JSON.stringify 0.44, the rest of the mapping 0.27, the HTTP client with UTF-8 decoding about 0.6 (GETs go through \`node:http\` with keep-alive: half of what \`fetch\` cost), posting the detail back (structured clone) about 0.3, garbage collection 0.33.
- Raw records compressed on the workers (deflateRaw level 1, a BLOB column) were measured and not adopted: compressing cost 0.5–1.0 ms per session on a worker and saved 0.3–0.7 ms of the main thread's commit (80 KB → 12 KB of raw JSON per session), so on 2 cores the sync got slower, not faster.
- What the ≤ 20 s goal takes: 10,000 sessions in 20 s on 2 cores allow 4 ms of CPU per session for the sync and the peer together. Measured: ${perSession(figures.mainCpuMsPerSession)} on the main thread and ${perSession(workerCpuMs)} on its other threads, the fetch workers (${perSession(figures.processCpuMsPerSession)} for the sync process), plus ${perSession(figures.peerCpuMsPerSession)} in the peer: ${perSession(totalCpuMs)} in all, so two idle cores need at least ${((totalCpuMs * figures.sessions) / 2000).toFixed(1)} s${(totalCpuMs * figures.sessions) / 2000 <= 20 ? ', within the goal' : ', more than the goal'}. In this run the sync and the peer kept ${((totalCpuMs * figures.sessions) / 1000 / figures.seconds).toFixed(2)} of the 2 cores busy${figures.seconds <= 20 ? '.' : ': the rest is time the main thread (which writes each page of 100 sessions in one transaction, about 150 ms) and the workers spend waiting for each other, and other jobs on the machine (see the load average), so the goal is **not met** here.'}`;
  if (sessionCount >= 10_000) writeBenchmarkSection('sync', markdown);
  else console.log('docs/benchmarks.md left as is (it records runs of 10,000 sessions or more)');
} finally {
  await core.close();
  peer.stop();
  if (values.keep) console.log(`store kept in ${dataDir}`);
  else rmSync(dataDir, { recursive: true, force: true });
}
