import type { SyncProgress, SyncState, SyncStatus } from '@shared/models/sync-state';
import type { Db } from './connection';
import { prepared, toInt } from './statements';
import { markChanged, transact, type Store } from './store';

/** The scope used when a connector pages a single collection. */
export const DEFAULT_SYNC_SCOPE = 'sessions';

interface SyncStateRow {
  target_id: string;
  scope: string;
  cursor: string | null;
  status: SyncStatus;
  last_error_code: string | null;
  last_error_message: string | null;
  last_attempt_at: number | null;
  last_success_at: number | null;
  next_attempt_at: number | null;
  attempt: number;
  progress_pages: number;
  progress_records: number;
  progress_total: number | null;
  updated_at: number;
}

const COLUMNS =
  'target_id, scope, cursor, status, last_error_code, last_error_message, last_attempt_at, ' +
  'last_success_at, next_attempt_at, attempt, progress_pages, progress_records, progress_total, updated_at';

function toSyncState(row: SyncStateRow): SyncState {
  return {
    targetId: row.target_id,
    scope: row.scope,
    cursor: row.cursor,
    status: row.status,
    lastErrorCode: row.last_error_code,
    lastErrorMessage: row.last_error_message,
    lastAttemptAt: row.last_attempt_at,
    lastSuccessAt: row.last_success_at,
    nextAttemptAt: row.next_attempt_at,
    attempt: row.attempt,
    progress: { pages: row.progress_pages, records: row.progress_records, total: row.progress_total },
    updatedAt: row.updated_at,
  };
}

/** A target's sync state for `scope`, or null before its first sync. */
export function getSyncState(db: Db, targetId: string, scope: string = DEFAULT_SYNC_SCOPE): SyncState | null {
  const row = prepared<SyncStateRow>(
    db,
    `select ${COLUMNS} from sync_state where target_id = ? and scope = ?`,
  ).get(targetId, scope);
  return row ? toSyncState(row) : null;
}

/** Every stored sync state, by target then scope. */
export function listSyncStates(db: Db): SyncState[] {
  return prepared<SyncStateRow>(db, `select ${COLUMNS} from sync_state order by target_id, scope`)
    .all()
    .map(toSyncState);
}

/**
 * Writes a whole sync state (insert or replace). Throws a foreign-key error when the target
 * does not exist.
 */
export function putSyncState(store: Store, state: SyncState): void {
  transact(store, () => {
    prepared(
      store.db,
      `insert into sync_state (${COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       on conflict (target_id, scope) do update set
         cursor = excluded.cursor, status = excluded.status,
         last_error_code = excluded.last_error_code, last_error_message = excluded.last_error_message,
         last_attempt_at = excluded.last_attempt_at, last_success_at = excluded.last_success_at,
         next_attempt_at = excluded.next_attempt_at, attempt = excluded.attempt,
         progress_pages = excluded.progress_pages, progress_records = excluded.progress_records,
         progress_total = excluded.progress_total, updated_at = excluded.updated_at`,
    ).run(
      state.targetId,
      state.scope,
      state.cursor,
      state.status,
      state.lastErrorCode,
      state.lastErrorMessage,
      toInt(state.lastAttemptAt),
      toInt(state.lastSuccessAt),
      toInt(state.nextAttemptAt),
      state.attempt,
      state.progress.pages,
      state.progress.records,
      toInt(state.progress.total),
      toInt(state.updatedAt),
    );
    markChanged(store, ['sync_state']);
  });
}

/**
 * Moves the cursor after a page was stored, adding the page's records to the progress and
 * keeping the status `running`. Call it inside the same `transact` as the page's upserts, so
 * the cursor only moves if the page was stored: a crash then resumes from the last stored
 * page. Creates the state if there was none. Throws a foreign-key error for an unknown target.
 */
export function advanceSyncCursor(
  store: Store,
  input: {
    targetId: string;
    scope?: string;
    cursor: string | null;
    records: number;
    total?: number | null;
  },
  now: number = Date.now(),
): SyncState {
  const scope = input.scope ?? DEFAULT_SYNC_SCOPE;
  return transact(store, () => {
    const current = getSyncState(store.db, input.targetId, scope);
    const progress: SyncProgress = {
      pages: (current?.progress.pages ?? 0) + 1,
      records: (current?.progress.records ?? 0) + input.records,
      total: input.total === undefined ? (current?.progress.total ?? null) : input.total,
    };
    const next: SyncState = {
      targetId: input.targetId,
      scope,
      cursor: input.cursor,
      status: 'running',
      lastErrorCode: current?.lastErrorCode ?? null,
      lastErrorMessage: current?.lastErrorMessage ?? null,
      lastAttemptAt: current?.lastAttemptAt ?? now,
      lastSuccessAt: current?.lastSuccessAt ?? null,
      nextAttemptAt: current?.nextAttemptAt ?? null,
      attempt: current?.attempt ?? 0,
      progress,
      updatedAt: now,
    };
    putSyncState(store, next);
    return next;
  });
}
