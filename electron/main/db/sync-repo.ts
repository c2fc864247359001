import type { SessionKind } from '@shared/models/session';
import type { SessionStatus } from '@shared/models/status';
import type { Db } from './connection';
import { deleteSessions } from './sessions-repo';
import { placeholders, prepared } from './statements';
import type { Store } from './store';

// Queries the sync engine and the control service need beyond the generic repositories.

/** Sessions in these statuses can change at the source without the user doing anything. */
export const ACTIVE_STATUSES: readonly SessionStatus[] = [
  'pending',
  'queued',
  'running',
  'waiting',
  'pausing',
  'paused',
  'canceling',
];

const LOOKUP_CHUNK = 500;

/**
 * The stored remote-updated-at and status of a target's sessions, keyed by remote id; ids not
 * stored are absent.
 */
export function localVersions(
  db: Db,
  targetId: string,
  remoteIds: readonly string[],
): Map<string, { remoteUpdatedAt: number | null; status: SessionStatus }> {
  const versions = new Map<string, { remoteUpdatedAt: number | null; status: SessionStatus }>();
  for (let i = 0; i < remoteIds.length; i += LOOKUP_CHUNK) {
    const chunk = remoteIds.slice(i, i + LOOKUP_CHUNK);
    const rows = prepared<{ remote_id: string; remote_updated_at: number | null; status: SessionStatus }>(
      db,
      `select remote_id, remote_updated_at, status from sessions
       where target_id = ? and remote_id in (${placeholders(chunk.length)})`,
    ).all(targetId, ...chunk);
    for (const row of rows) {
      versions.set(row.remote_id, { remoteUpdatedAt: row.remote_updated_at, status: row.status });
    }
  }
  return versions;
}

export interface ActiveSessionRef {
  id: string;
  remoteId: string;
  kind: SessionKind;
  scope: string | null;
  status: SessionStatus;
  updatedAt: number | null;
}

/** A target's sessions that can still change (see `ACTIVE_STATUSES`), most recent first. */
export function activeSessions(db: Db, targetId: string, limit: number): ActiveSessionRef[] {
  return prepared<{
    id: number;
    remote_id: string;
    kind: SessionKind;
    remote_scope: string | null;
    status: SessionStatus;
    remote_updated_at: number | null;
  }>(
    db,
    `select id, remote_id, kind, remote_scope, status, remote_updated_at from sessions
     where target_id = ? and status in (${placeholders(ACTIVE_STATUSES.length)})
     order by sort_at desc limit ?`,
  )
    .all(targetId, ...ACTIVE_STATUSES, limit)
    .map((row) => ({
      id: String(row.id),
      remoteId: row.remote_id,
      kind: row.kind,
      scope: row.remote_scope,
      status: row.status,
      updatedAt: row.remote_updated_at,
    }));
}

/** Records where a session lives at its source. Call inside the transaction that stored it. */
export function setRemoteScope(db: Db, targetId: string, remoteId: string, scope: string | null): void {
  prepared(db, 'update sessions set remote_scope = ? where target_id = ? and remote_id = ?').run(
    scope,
    targetId,
    remoteId,
  );
}

/** Where a stored session lives at its source, for fetching or controlling it again. */
export function sessionSource(
  db: Db,
  sessionId: string,
): {
  targetId: string;
  remoteId: string;
  kind: SessionKind;
  scope: string | null;
  componentId: string | null;
  status: SessionStatus;
} | null {
  const row = prepared<{
    target_id: string;
    remote_id: string;
    kind: SessionKind;
    remote_scope: string | null;
    component_id: string | null;
    status: SessionStatus;
  }>(
    db,
    'select target_id, remote_id, kind, remote_scope, component_id, status from sessions where id = ?',
  ).get(Number(sessionId));
  return row
    ? {
        targetId: row.target_id,
        remoteId: row.remote_id,
        kind: row.kind,
        scope: row.remote_scope,
        componentId: row.component_id,
        status: row.status,
      }
    : null;
}

/**
 * After a full resync: deletes the target's sessions the source no longer has. Returns how
 * many were deleted.
 */
export function deleteUnseenSessions(store: Store, targetId: string, seen: ReadonlySet<string>): number {
  const stale = prepared<{ id: number; remote_id: string }>(
    store.db,
    'select id, remote_id from sessions where target_id = ?',
  )
    .all(targetId)
    .filter((row) => !seen.has(row.remote_id))
    .map((row) => String(row.id));
  return deleteSessions(store, stale);
}

/** Stored sessions per target id, from the facet counts triggers keep current (no table scan). */
export function sessionCountsByTarget(db: Db): Map<string, number> {
  const rows = prepared<{ target_id: string; n: number }>(
    db,
    'select target_id, sum(n) as n from session_facets group by target_id having sum(n) > 0',
  ).all();
  return new Map(rows.map((row) => [row.target_id, row.n]));
}

/** Overwrites a session's status (the control service's transitional states). */
export function setSessionStatus(db: Db, sessionId: string, status: SessionStatus): void {
  prepared(db, 'update sessions set status = ? where id = ?').run(status, Number(sessionId));
}
