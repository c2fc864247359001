import type { IngestRaw } from '@shared/models/ingest';
import type { RawRecord } from '@shared/models/raw-record';
import type { Db } from './connection';
import { prepared, toRowId } from './statements';
import { markChanged, transact, type Store } from './store';

/** A raw record to keep; `entity` is free text so new record types need no schema change. */
export interface RawRecordInput {
  entity: string;
  remoteKey: string;
  json: string;
  parseError?: string | null;
}

const UPSERT_SQL = `insert into raw_records
    (target_id, session_id, entity, remote_key, json, parse_error, received_at)
  values (?, ?, ?, ?, ?, ?, ?)
  on conflict (target_id, entity, remote_key) do update set
    session_id = excluded.session_id, json = excluded.json, parse_error = excluded.parse_error,
    received_at = excluded.received_at`;

/** Writes raw records inside the caller's transaction, replacing any with the same key. */
export function insertRawRows(
  db: Db,
  targetId: string,
  sessionId: number | null,
  records: readonly RawRecordInput[],
  now: number,
): void {
  const statement = prepared(db, UPSERT_SQL);
  for (const r of records) {
    statement.run(targetId, sessionId, r.entity, r.remoteKey, r.json, r.parseError ?? null, now);
  }
}

/** The ingest shape (`remoteId`) as a raw record input. */
export function fromIngestRaw(raw: IngestRaw): RawRecordInput {
  return { entity: raw.entity, remoteKey: raw.remoteId, json: raw.json, parseError: raw.parseError ?? null };
}

/**
 * Keeps raw records of a target, e.g. ones that failed validation before any session could be
 * stored (`sessionId` null). Replaces records with the same (target, entity, remote key).
 * `now` (epoch ms) is their received time. Throws a foreign-key error for an unknown target
 * or session.
 */
export function putRawRecords(
  store: Store,
  targetId: string,
  sessionId: string | null,
  records: readonly RawRecordInput[],
  now: number = Date.now(),
): void {
  if (records.length === 0) return;
  const rowId = sessionId === null ? null : (toRowId(sessionId) ?? -1);
  transact(store, () => {
    insertRawRows(store.db, targetId, rowId, records, now);
    markChanged(store, ['raw_records']);
  });
}

interface RawRow {
  id: number;
  target_id: string;
  session_id: number | null;
  entity: string;
  remote_key: string;
  json: string;
  parse_error: string | null;
  received_at: number;
}

const COLUMNS = 'id, target_id, session_id, entity, remote_key, json, parse_error, received_at';

function toRawRecord(row: RawRow): RawRecord {
  return {
    id: String(row.id),
    targetId: row.target_id,
    sessionId: row.session_id === null ? null : String(row.session_id),
    entity: row.entity,
    remoteKey: row.remote_key,
    json: row.json,
    parseError: row.parse_error,
    receivedAt: row.received_at,
  };
}

/** The raw record a target sent for (entity, remote key), or null. */
export function getRawRecord(db: Db, targetId: string, entity: string, remoteKey: string): RawRecord | null {
  const row = prepared<RawRow>(
    db,
    `select ${COLUMNS} from raw_records where target_id = ? and entity = ? and remote_key = ?`,
  ).get(targetId, entity, remoteKey);
  return row ? toRawRecord(row) : null;
}

/** A session's raw records by entity, then remote key; at most `limit`. Empty when unknown. */
export function listSessionRawRecords(db: Db, sessionId: string, limit = 1000): RawRecord[] {
  const rowId = toRowId(sessionId);
  if (rowId === null) return [];
  return prepared<RawRow>(
    db,
    `select ${COLUMNS} from raw_records where session_id = ? order by entity, remote_key limit ?`,
  )
    .all(rowId, limit)
    .map(toRawRecord);
}

/** A target's records that failed validation, newest first; at most `limit`. */
export function listParseErrors(db: Db, targetId: string, limit = 100): RawRecord[] {
  return prepared<RawRow>(
    db,
    `select ${COLUMNS} from raw_records where target_id = ? and parse_error is not null
     order by received_at desc limit ?`,
  )
    .all(targetId, limit)
    .map(toRawRecord);
}
