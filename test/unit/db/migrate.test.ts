import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/main/db/connection';
import {
  bundledMigrations,
  checksumOf,
  migrate,
  MigrationError,
  parseMigrationFiles,
  schemaVersion,
  type Migration,
} from '../../../electron/main/db/migrate';
import { getPayload } from '../../../electron/main/db/payloads-repo';
import { getSessionDetail } from '../../../electron/main/db/session-detail-repo';
import { openSessionQuery, sessionFacets, sessionWindow } from '../../../electron/main/db/session-list-repo';
import { getSession } from '../../../electron/main/db/sessions-repo';
import { getSyncState } from '../../../electron/main/db/sync-state-repo';
import { getRawRecord } from '../../../electron/main/db/raw-records-repo';
import { createTestStore, type TestStore } from './helpers';

const all = bundledMigrations();
let current: TestStore | null = null;

afterEach(() => {
  current?.close();
  current = null;
});

function tableNames(store: TestStore): string[] {
  return (
    store.db
      .prepare("select name from sqlite_schema where type in ('table', 'view') order by name")
      .all() as {
      name: string;
    }[]
  ).map((r) => r.name);
}

/** Fills a database that has only migration 0001 with one of everything, in 0001's columns. */
function fillFirstRelease(store: TestStore): void {
  store.db.exec(`
    insert into targets (id, name, kind, location, base_url, auth_mode, has_credential, enabled, read_only, created_at, updated_at)
      values ('t1', 'Local AgentOS', 'agentos', 'local', 'http://127.0.0.1:7777', 'none', 0, 1, 0, 1, 2);
    insert into sync_state (target_id, scope, cursor, status, attempt, progress_pages, progress_records, updated_at)
      values ('t1', 'sessions', 'page-7', 'ok', 0, 7, 700, 3);
    insert into sessions (id, target_id, remote_id, kind, name, status, trigger_type, component_type, prompt,
        summary, sort_at, started_at, duration_ms, total_tokens, cost_usd, error_count, tool_call_count, tags, notes)
      values (1, 't1', 'sess-a', 'agent', 'Weather bot', 'completed', 'manual', 'agent',
        'What is the weather in 東京都 today?', 'Sunny', 1000, 1000, 500, 42, 0.5, 0, 1, '["keep"]', 'my note'),
      (2, 't1', 'sess-b', 'workflow', 'Nightly report', 'failed', 'schedule', 'workflow',
        'Build the nightly report', null, 2000, 2000, 900, 7, 0.1, 1, 0, '[]', null);
    insert into payloads (id, session_id, owner, content_type, byte_size, preview, created_at, body_text)
      values (1, 1, 'detail', 'application/json', 5000, '{"rows":[', 5, '{"rows":[' || printf('%.4989c', 'x') || ']}');
    insert into runs (id, session_id, seq, remote_id, kind, status, output_type, output_size, output_preview)
      values (1, 1, 0, 'run-a', 'agent', 'completed', 'text/plain', 5, 'sunny');
    insert into activity_items (id, session_id, seq, run_id, kind, role, text, tool_name, tool_result_type,
        tool_result_size, tool_result_preview, tool_result_payload_id, tool_state)
      values (1, 1, 0, 1, 'message', 'user', 'What is the weather in 東京都 today?', null, null, null, null, null, null),
        (2, 1, 1, 1, 'tool-call', null, null, 'get_forecast', 'application/json', 5000, '{"rows":[', 1, 'succeeded'),
        (3, 2, 0, null, 'error', null, 'Upstream quota exhausted', null, null, null, null, null, null);
    insert into raw_records (target_id, session_id, entity, remote_key, json, parse_error, received_at)
      values ('t1', 1, 'session', 'sess-a', '{"session_id":"sess-a","unknown_field":1}', null, 9);
  `);
}

describe('migrations', () => {
  it('creates the whole schema on a new database and records every migration', () => {
    current = createTestStore();
    expect(schemaVersion(current.db)).toBe(all.length);
    expect(tableNames(current)).toEqual(
      expect.arrayContaining([
        'activity_items',
        'payloads',
        'raw_records',
        'runs',
        'schema_migrations',
        'search_docs',
        'session_facets',
        'sessions',
        'spans',
        'sync_state',
        'targets',
      ]),
    );
    const recorded = current.db
      .prepare('select version, name, checksum from schema_migrations order by version')
      .all();
    expect(recorded).toEqual(
      all.map((m) => ({ version: m.version, name: m.name, checksum: checksumOf(m.sql) })),
    );
    expect(tableNames(current).some((name) => /credential|secret/i.test(name))).toBe(false);
    const targetColumns = (
      current.db.prepare('select name from pragma_table_info(?)').all('targets') as { name: string }[]
    ).map((c) => c.name);
    expect(targetColumns.filter((c) => /credential|secret|token|key/i.test(c))).toEqual(['has_credential']);
  });

  it('spans at least two migrations, the first being the core tables', () => {
    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(all[0]?.sql).toContain('create table sessions');
    expect(all[0]?.sql).not.toContain('fts5');
  });

  it('upgrades a database of the first migration set with its data intact, and backs it up first', () => {
    current = createTestStore({ migrations: all.slice(0, 1) });
    fillFirstRelease(current);
    current.db.close();

    const db = openDatabase(current.path);
    current.db = db;
    current.store.db = db;
    const result = migrate(db);
    expect(result).toEqual({ from: 1, to: all.length, backupPath: `${current.path}.bak-1` });

    const a = getSession(db, '1');
    expect(a).toMatchObject({
      remoteId: 'sess-a',
      name: 'Weather bot',
      tags: ['keep'],
      notes: 'my note',
      costUsd: 0.5,
    });
    const detail = getSessionDetail(db, '1');
    expect(detail?.runs.map((r) => r.output?.preview)).toEqual(['sunny']);
    expect(detail?.activity.map((i) => i.kind)).toEqual(['message', 'tool-call']);
    const result5k = detail?.activity[1]?.tool?.result;
    expect(result5k).toMatchObject({ id: '1', byteSize: 5000, isComplete: false });
    expect(getPayload(db, '1')?.body).toHaveLength(5000);
    expect(getSyncState(db, 't1')).toMatchObject({
      cursor: 'page-7',
      status: 'ok',
      progress: { pages: 7, records: 700 },
    });
    expect(getRawRecord(db, 't1', 'session', 'sess-a')?.json).toContain('unknown_field');

    // 0002 built the facet counts and the search documents from the existing rows.
    expect(sessionFacets(db, {}).total).toBe(2);
    expect(sessionFacets(db, {}).statuses.find((s) => s.value === 'failed')?.count).toBe(1);
    const byPrompt = openSessionQuery(db, { text: 'nightly' });
    expect(sessionWindow(db, byPrompt.queryId, 0, 10)?.map((r) => r.session.remoteId)).toEqual(['sess-b']);
    const byToolName = openSessionQuery(db, { text: 'forecast' });
    expect(sessionWindow(db, byToolName.queryId, 0, 10)?.map((r) => r.session.remoteId)).toEqual(['sess-a']);
    const byError = openSessionQuery(db, { text: 'quota' });
    expect(byError.total).toBe(1);
    const byCjk = openSessionQuery(db, { text: '東京都' });
    expect(byCjk.total).toBe(1);

    // The backup is the database as it was before the upgrade.
    expect(existsSync(`${current.path}.bak-1`)).toBe(true);
    const backup = openDatabase(`${current.path}.bak-1`, { readonly: true });
    try {
      expect(schemaVersion(backup)).toBe(1);
      expect(backup.prepare('select count(*) as n from sessions').get()).toEqual({ n: 2 });
    } finally {
      backup.close();
    }
  });

  it('does nothing, and takes no backup, when the database is current', () => {
    current = createTestStore();
    expect(migrate(current.db)).toEqual({ from: all.length, to: all.length, backupPath: null });
    expect(existsSync(`${current.path}.bak-${all.length}`)).toBe(false);
  });

  it('refuses a database whose applied migration was edited afterwards', () => {
    current = createTestStore();
    const edited: Migration[] = all.map((m, i) => (i === 0 ? { ...m, sql: `${m.sql}\n-- edited` } : m));
    expect(() => migrate(current!.db, edited)).toThrow(MigrationError);
    expect(() => migrate(current!.db, edited)).toThrow(/0001_initial was changed after it was applied/);
  });

  it('refuses a database upgraded by a newer Tracedeck', () => {
    current = createTestStore({
      migrations: [
        ...all,
        { version: all.length + 1, name: 'from_the_future', sql: 'create table future (id integer)' },
      ],
    });
    expect(() => migrate(current!.db, all)).toThrow(/upgraded by a newer Tracedeck/);
  });

  it('rolls a failing migration back and keeps the ones before it', () => {
    current = createTestStore({ migrations: all.slice(0, 1) });
    const broken: Migration[] = [
      ...all,
      {
        version: all.length + 1,
        name: 'broken',
        sql: 'create table half_done (id integer); select * from no_such_table;',
      },
    ];
    expect(() => migrate(current!.db, broken)).toThrow(/no_such_table/);
    expect(schemaVersion(current.db)).toBe(all.length);
    expect(tableNames(current)).not.toContain('half_done');
  });

  it('reads numbered migration files and rejects gaps and odd names', () => {
    expect(parseMigrationFiles({ './migrations/0002_b.sql': 'b', './migrations/0001_a.sql': 'a' })).toEqual([
      { version: 1, name: 'a', sql: 'a' },
      { version: 2, name: 'b', sql: 'b' },
    ]);
    expect(() => parseMigrationFiles({ './migrations/0002_b.sql': 'b' })).toThrow(/Migration 1 is missing/);
    expect(() => parseMigrationFiles({ './migrations/2_b.sql': 'b' })).toThrow(/not understood/);
  });
});
