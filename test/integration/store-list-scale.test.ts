import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { optimizeStore } from '../../electron/main/db/maintenance';
import {
  closeSessionQuery,
  explainSessionQuery,
  openSessionQuery,
  sessionFacets,
  sessionWindow,
} from '../../electron/main/db/session-list-repo';
import { addTarget, createTestStore, type TestStore } from '../unit/db/helpers';

/*
 * HOUSE-STYLE §7: with 1,000,000 sessions a window costs the same at the top, the middle and
 * the bottom of the list, and the default order is read off an index without a sort. The rows
 * are seeded with one SQL statement (the repositories are not what is measured here), with the
 * list indexes and triggers rebuilt afterwards exactly as the migrations define them.
 */

const ROWS = 1_000_000;
let t: TestStore;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function timeWindows(queryId: number, start: number): number {
  const samples: number[] = [];
  for (let i = 0; i < 15; i++) {
    const begin = performance.now();
    const rows = sessionWindow(t.db, queryId, start + (i % 3), 100);
    samples.push(performance.now() - begin);
    expect(rows).toHaveLength(100);
  }
  return median(samples);
}

beforeAll(() => {
  t = createTestStore();
  for (const id of ['t0', 't1', 't2']) addTarget(t.store, id);
  const objects = t.db
    .prepare(
      `select type, name, sql from sqlite_schema
       where tbl_name = 'sessions' and sql is not null and
         ((type = 'index' and name <> 'sessions_by_remote_id') or (type = 'trigger' and name like 'sessions_facets_%'))`,
    )
    .all() as { type: 'index' | 'trigger'; name: string; sql: string }[];
  for (const o of objects) t.db.exec(`drop ${o.type} ${o.name}`);
  t.db.exec(`
    with recursive n(i) as (select 1 union all select i + 1 from n where i < ${ROWS})
    insert into sessions (target_id, remote_id, kind, name, status, trigger_type, component_type, sort_at,
      started_at, duration_ms, total_tokens, cost_usd, error_count)
    select 't' || (i % 3), 'r' || i, case i % 7 when 0 then 'workflow' when 1 then 'team' else 'agent' end,
      'session ' || i, case when i % 13 = 0 then 'failed' when i % 29 = 0 then 'running' else 'completed' end,
      case i % 4 when 0 then 'schedule' when 1 then 'api' else 'manual' end,
      case i % 7 when 0 then 'workflow' when 1 then 'team' else 'agent' end,
      1700000000000 + ((i * 7919) % ${ROWS}) * 1000, 1700000000000 + ((i * 7919) % ${ROWS}) * 1000,
      nullif((i * 31) % 100000, 0), (i * 17) % 50000, ((i * 13) % 10000) / 1000.0, (i % 11 = 0)
    from n;
    insert into session_facets (target_id, kind, status, trigger_type, has_errors, n)
      select target_id, kind, status, trigger_type, error_count > 0, count(*) from sessions group by 1, 2, 3, 4, 5;
  `);
  for (const o of objects) t.db.exec(o.sql);
  optimizeStore(t.db);
}, 180_000);

afterAll(() => t.close());

describe('session list at 1,000,000 rows', () => {
  it('reads the default order off an index, with no sort step', () => {
    const plan = explainSessionQuery(t.db, {}).join('\n');
    expect(plan).toContain('sessions_by_sort_at');
    expect(plan).not.toContain('TEMP B-TREE');
  });

  it('costs the same for a window at the top, the middle and the bottom', () => {
    const info = openSessionQuery(t.db, {});
    expect(info.total).toBe(ROWS);
    const bottom = ROWS - 100;
    // First touch of each region fills the query's id table up to there (a one-time cost).
    for (const start of [0, ROWS / 2, bottom]) sessionWindow(t.db, info.queryId, start, 100);
    const top = timeWindows(info.queryId, 0);
    const middle = timeWindows(info.queryId, ROWS / 2);
    const end = timeWindows(info.queryId, bottom - 3);
    expect(middle).toBeLessThan(Math.max(3 * top, top + 2));
    expect(end).toBeLessThan(Math.max(3 * top, top + 2));
    const reference = t.db
      .prepare('select id from sessions order by sort_at desc, id desc limit 100 offset 900000')
      .pluck()
      .all() as number[];
    expect(sessionWindow(t.db, info.queryId, 900_000, 100)?.map((r) => Number(r.session.id))).toEqual(
      reference,
    );
    closeSessionQuery(t.db, info.queryId);
  });

  it('opens a filtered or re-sorted list and counts its facets without scanning the table', () => {
    const begin = performance.now();
    const failed = openSessionQuery(t.db, { statuses: ['failed'], kinds: ['workflow'] });
    const firstWindow = sessionWindow(t.db, failed.queryId, 0, 100);
    const byCost = openSessionQuery(t.db, { sort: { field: 'costUsd', direction: 'desc' } });
    sessionWindow(t.db, byCost.queryId, 0, 100);
    const facets = sessionFacets(t.db, {});
    const elapsed = performance.now() - begin;
    expect(firstWindow?.every((r) => r.session.status === 'failed' && r.session.kind === 'workflow')).toBe(
      true,
    );
    expect(failed.total).toBe(
      t.db
        .prepare("select count(*) from sessions where status = 'failed' and kind = 'workflow'")
        .pluck()
        .get() as number,
    );
    expect(facets.total).toBe(ROWS);
    // A scan of a million rows takes hundreds of milliseconds; all of this takes a few.
    expect(elapsed).toBeLessThan(250);
  });
});
