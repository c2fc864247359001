// npm run bench:sync -- --sessions N --out FILE.json
// Syncs N sessions (~50 activity items each) from the AgentOS peer, running in its own process
// on 127.0.0.1, into a fresh store; then times a no-op resync and a plain better-sqlite3
// insert of the same rows for comparison.
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createCore } from '../electron/main/core';
import { createTarget } from '../electron/main/db/targets-repo';
import { machineLine, percentile, verdict, writeBenchmarkSection } from './lib/report';

const { values } = parseArgs({
  options: {
    sessions: { type: 'string', default: '10000' },
    items: { type: 'string', default: '50' },
    out: { type: 'string' },
  },
});
const sessionCount = Number(values.sessions);
const root = resolve(import.meta.dirname, '..');

function startPeer(): Promise<{ url: string; stop: () => void }> {
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
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolvePromise({ url: match[1], stop: () => child.kill('SIGTERM') });
    });
    child.on('exit', (code) => reject(new Error(`peer exited with ${code}: ${output}`)));
  });
}

const peer = await startPeer();
const dataDir = mkdtempSync(join(tmpdir(), 'tracedeck-bench-sync-'));
const core = createCore({ dataDir, appVersion: 'bench', transport: 'web' });
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

  const started = performance.now();
  const result = await core.deps.sync.sync(target.id, 'full');
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 'ok') throw new Error(`sync failed: ${JSON.stringify(result)}`);

  const noop: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    await core.deps.sync.sync(target.id);
    noop.push(performance.now() - t);
  }

  // The physical limit: the same normalized rows inserted by plain prepared statements into
  // tables of the same columns, in one transaction, with no mapping, indexes or search.
  const db = core.deps.db;
  // Every table the sync wrote rows to, except bookkeeping and the search index.
  const tables = (
    db
      .prepare(
        `select name from sqlite_master where type = 'table' and name not like 'search_docs%'
         and name not like 'sqlite_%' and name not in ('schema_migrations', 'targets', 'sync_state', 'session_facets')`,
      )
      .all() as { name: string }[]
  ).map((t) => t.name);
  const raw = new Database(':memory:');
  let rawRows = 0;
  let rawMs = 0;
  for (const table of tables) {
    const columns = (db.prepare(`pragma table_info(${table})`).all() as { name: string }[]).map(
      (c) => c.name,
    );
    const rows = db
      .prepare(`select ${columns.join(', ')} from ${table}`)
      .raw()
      .all() as unknown[][];
    raw.exec(`create table ${table} (${columns.join(', ')})`);
    const insert = raw.prepare(`insert into ${table} values (${columns.map(() => '?').join(', ')})`);
    const t = performance.now();
    raw.transaction(() => {
      for (const row of rows) insert.run(row);
    })();
    rawMs += performance.now() - t;
    rawRows += rows.length;
  }
  const items = (db.prepare('select count(*) as n from activity_items').get() as { n: number }).n;
  const syncRowsPerSec = rawRows / seconds;
  const rawRowsPerSec = rawRows / (rawMs / 1000);
  const figures = {
    sessions: result.sessions,
    items,
    seconds: Number(seconds.toFixed(2)),
    sessionsPerSec: Math.round(result.sessions / seconds),
    rows: rawRows,
    syncRowsPerSec: Math.round(syncRowsPerSec),
    rawRowsPerSec: Math.round(rawRowsPerSec),
    rawInsertRatio: Number((syncRowsPerSec / rawRowsPerSec).toFixed(3)),
    noopResyncMs: Number(percentile(noop, 50).toFixed(1)),
    noopResyncP95Ms: Number(percentile(noop, 95).toFixed(1)),
  };
  console.log(JSON.stringify(figures, null, 2));
  if (values.out) writeFileSync(values.out, `${JSON.stringify(figures, null, 2)}\n`);

  writeBenchmarkSection(
    'sync',
    `## Sync (issue 4): AgentOS peer → store

\`npm run bench:sync -- --sessions ${sessionCount}\` — ${machineLine()}. The peer runs in its own process on 127.0.0.1; the sync does every HTTP request, validation and mapping for real.

| figure | value | goal |
| --- | --- | --- |
| sessions / activity items | ${figures.sessions} / ${figures.items} | 10,000 / ~50 each |
| full sync | ${figures.seconds} s (${figures.sessionsPerSec} sessions/s) | ≤ 20 s — ${verdict(sessionCount < 10_000 || figures.seconds <= 20)} |
| rows written | ${figures.rows} (${figures.syncRowsPerSec} rows/s) | |
| plain insert of the same rows | ${figures.rawRowsPerSec} rows/s | |
| rawInsertRatio | ${figures.rawInsertRatio} | ≥ 0.3 — ${verdict(figures.rawInsertRatio >= 0.3)} |
| no-op resync (median / p95 of 7) | ${figures.noopResyncMs} / ${figures.noopResyncP95Ms} ms | ≤ 300 ms — ${verdict(figures.noopResyncMs <= 300)} |`,
  );
} finally {
  await core.close();
  peer.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
