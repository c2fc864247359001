import { randomUUID } from 'node:crypto';
import type { Target } from '@shared/models/target';
import type { Db } from './connection';
import { prepared } from './statements';
import { markChanged, transact, type Store } from './store';

/** The fields a user sets on a target; ids and times are the store's. */
export type TargetInput = Omit<Target, 'id' | 'createdAt' | 'updatedAt'>;

interface TargetRow {
  id: string;
  name: string;
  kind: Target['kind'];
  location: Target['location'];
  base_url: string;
  auth_mode: Target['authMode'];
  has_credential: number;
  enabled: number;
  read_only: number;
  created_at: number;
  updated_at: number;
}

const COLUMNS =
  'id, name, kind, location, base_url, auth_mode, has_credential, enabled, read_only, created_at, updated_at';

function toTarget(row: TargetRow): Target {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    location: row.location,
    baseUrl: row.base_url,
    authMode: row.auth_mode,
    hasCredential: row.has_credential === 1,
    enabled: row.enabled === 1,
    readOnly: row.read_only === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * Adds a target and returns it. `id` defaults to a random UUID; `now` (epoch ms) becomes its
 * created and updated time. Throws a SQLite constraint error if the id is taken.
 */
export function createTarget(
  store: Store,
  input: TargetInput & { id?: string },
  now: number = Date.now(),
): Target {
  const target: Target = { ...input, id: input.id ?? randomUUID(), createdAt: now, updatedAt: now };
  transact(store, () => {
    prepared(store.db, `insert into targets (${COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      target.id,
      target.name,
      target.kind,
      target.location,
      target.baseUrl,
      target.authMode,
      target.hasCredential ? 1 : 0,
      target.enabled ? 1 : 0,
      target.readOnly ? 1 : 0,
      now,
      now,
    );
    markChanged(store, ['targets']);
  });
  return target;
}

/**
 * Changes some fields of a target and returns it as stored, or null when there is no such
 * target. `now` (epoch ms) becomes its updated time.
 */
export function updateTarget(
  store: Store,
  id: string,
  patch: Partial<TargetInput>,
  now: number = Date.now(),
): Target | null {
  return transact(store, () => {
    const current = getTarget(store.db, id);
    if (!current) return null;
    const next: Target = { ...current, ...patch, id, createdAt: current.createdAt, updatedAt: now };
    prepared(
      store.db,
      `update targets set name = ?, kind = ?, location = ?, base_url = ?, auth_mode = ?,
         has_credential = ?, enabled = ?, read_only = ?, updated_at = ?
       where id = ?`,
    ).run(
      next.name,
      next.kind,
      next.location,
      next.baseUrl,
      next.authMode,
      next.hasCredential ? 1 : 0,
      next.enabled ? 1 : 0,
      next.readOnly ? 1 : 0,
      now,
      id,
    );
    markChanged(store, ['targets']);
    return next;
  });
}

/** The target with this id, or null. */
export function getTarget(db: Db, id: string): Target | null {
  const row = prepared<TargetRow>(db, `select ${COLUMNS} from targets where id = ?`).get(id);
  return row ? toTarget(row) : null;
}

/** Every target, by name (case-insensitive), then id. */
export function listTargets(db: Db): Target[] {
  return prepared<TargetRow>(db, `select ${COLUMNS} from targets order by name collate nocase, id`)
    .all()
    .map(toTarget);
}

/**
 * Deletes a target with everything synced from it (sessions and all below them, sync state,
 * raw records). Returns false when there was no such target. Takes time proportional to the
 * number of rows removed.
 */
export function deleteTarget(store: Store, id: string): boolean {
  return transact(store, () => {
    const changes = prepared(store.db, 'delete from targets where id = ?').run(id).changes;
    if (changes === 0) return false;
    prepared(store.db, 'delete from session_facets where target_id = ? and n = 0').run(id);
    markChanged(store, [
      'targets',
      'sync_state',
      'sessions',
      'runs',
      'activity_items',
      'spans',
      'payloads',
      'raw_records',
    ]);
    return true;
  });
}
