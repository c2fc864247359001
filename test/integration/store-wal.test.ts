import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { storeSessionDetail } from '../../electron/main/db/session-detail-repo';
import { waitFor } from '../support/temp-core';
import {
  addTarget,
  createTestStore,
  makeActivity,
  makeDetail,
  makeSession,
  NOW,
  type TestStore,
} from '../unit/db/helpers';

/*
 * WAL: a second connection, on another thread, reads consistent snapshots while one long write
 * transaction is open, never sees a partly written session, and sees everything once it commits.
 */

const ITEMS_PER_SESSION = 3;

// Plain JS run by the worker thread: one read transaction per observation.
const READER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { readonly: true });
db.pragma('busy_timeout = 5000');
const flags = new Int32Array(workerData.flags);
const statements = {
  sessions: db.prepare('select count(*) as n from sessions').pluck(),
  items: db.prepare('select count(*) as n from activity_items').pluck(),
  facets: db.prepare('select coalesce(sum(n), 0) from session_facets').pluck(),
  searchable: db.prepare("select count(*) from search_docs where search_docs match '\\"walmarker\\"'").pluck(),
};
const observe = db.transaction(() => ({
  sessions: statements.sessions.get(),
  items: statements.items.get(),
  facets: statements.facets.get(),
  searchable: statements.searchable.get(),
}));
while (Atomics.load(flags, 0) === 0) {
  try {
    parentPort.postMessage({ ok: true, ...observe() });
  } catch (error) {
    parentPort.postMessage({ ok: false, error: String(error) });
  }
  Atomics.add(flags, 1, 1);
}
db.close();
parentPort.postMessage({ done: true });
`;

interface Observation {
  ok: boolean;
  error?: string;
  sessions: number;
  items: number;
  facets: number;
  searchable: number;
}

function detail(i: number) {
  return makeDetail({
    session: makeSession({ remoteId: `wal-${i}`, prompt: `walmarker session ${i}` }),
    activity: Array.from({ length: ITEMS_PER_SESSION }, (_, k) =>
      makeActivity({ text: `item ${k} of ${i}` }),
    ),
    raw: [],
  });
}

let t: TestStore | null = null;
let worker: Worker | null = null;

afterEach(async () => {
  await worker?.terminate();
  worker = null;
  t?.close();
  t = null;
});

describe('concurrent read during a long write (WAL)', () => {
  it('a reader on another thread sees the last committed state while a long transaction writes', async () => {
    t = createTestStore();
    const store = t.store;
    addTarget(store);
    const before = 200;
    for (let i = 0; i < before; i++) storeSessionDetail(store, 'target-1', detail(i), NOW);

    const flags = new Int32Array(new SharedArrayBuffer(8));
    const observations: Observation[] = [];
    let isDone = false;
    worker = new Worker(READER, {
      eval: true,
      workerData: {
        path: t.path,
        driver: createRequire(import.meta.url).resolve('better-sqlite3'),
        flags: flags.buffer,
      },
    });
    worker.on('message', (message: Observation & { done?: boolean }) => {
      if (message.done) isDone = true;
      else observations.push(message);
    });
    await waitFor(() => observations.length >= 3, { what: 'the reader to start' });

    const batches = 5;
    const perBatch = 100;
    const duringWrite: Observation[] = [];
    t.db.exec('begin immediate');
    try {
      for (let b = 0; b < batches; b++) {
        for (let i = 0; i < perBatch; i++)
          storeSessionDetail(store, 'target-1', detail(before + b * perBatch + i), NOW);
        const seen = observations.length;
        await waitFor(() => observations.length >= seen + 2, { what: 'reads while the write is open' });
      }
      duringWrite.push(...observations);
      t.db.exec('commit');
    } catch (error) {
      t.db.exec('rollback');
      throw error;
    }
    const after = before + batches * perBatch;
    await waitFor(() => observations.at(-1)?.sessions === after, { what: 'the reader to see the commit' });
    Atomics.store(flags, 0, 1);
    await waitFor(() => isDone, { what: 'the reader to stop' });

    expect(observations.filter((o) => !o.ok)).toEqual([]);
    expect(duringWrite.length).toBeGreaterThanOrEqual(3 + batches * 2);
    expect(new Set(duringWrite.map((o) => o.sessions))).toEqual(new Set([before]));
    for (const o of observations) {
      expect([before, after]).toContain(o.sessions);
      expect(o.items).toBe(o.sessions * ITEMS_PER_SESSION);
      expect(o.facets).toBe(o.sessions);
      expect(o.searchable).toBe(o.sessions);
    }
  });
});
