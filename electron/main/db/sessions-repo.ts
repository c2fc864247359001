import type { IngestSession } from '@shared/models/ingest';
import type { Session } from '@shared/models/session';
import type { Db } from './connection';
import { cut, EXCERPT_CHARS } from './limits';
import { insertPayload } from './payloads-repo';
import { promptDocument, titleDocument, writeSearchDocument } from './search-docs';
import { SESSION_COLUMNS, SESSION_PARENT_JOIN, toSession, type SessionRow } from './session-rows';
import { placeholders, prepared, toInt, toRowId } from './statements';
import { markChanged, transact, type Store } from './store';

/** Tables a session upsert can touch, for `db:changed`. */
export const SESSION_TABLES = ['sessions', 'payloads', 'search_docs', 'session_facets'] as const;

interface ExistingRow {
  id: number;
  prompt_payload_id: number | null;
  summary_payload_id: number | null;
}

const UPSERT_SQL = `insert into sessions (
    target_id, remote_id, kind, name, status, trigger_type, trigger_source, trigger_raw, actor,
    project, component_type, component_id, component_name, prompt, summary, parent_remote_id,
    created_at, queued_at, started_at, finished_at, sort_at, duration_ms, input_tokens,
    output_tokens, total_tokens, cost_usd, models, services, error_count, tool_call_count,
    remote_updated_at, synced_at)
  values (${placeholders(32)})
  on conflict (target_id, remote_id) do update set
    kind = excluded.kind, name = excluded.name, status = excluded.status,
    trigger_type = excluded.trigger_type, trigger_source = excluded.trigger_source,
    trigger_raw = excluded.trigger_raw, actor = excluded.actor, project = excluded.project,
    component_type = excluded.component_type, component_id = excluded.component_id,
    component_name = excluded.component_name, prompt = excluded.prompt,
    summary = excluded.summary, parent_remote_id = excluded.parent_remote_id,
    created_at = excluded.created_at, queued_at = excluded.queued_at,
    started_at = excluded.started_at, finished_at = excluded.finished_at,
    sort_at = excluded.sort_at, duration_ms = excluded.duration_ms,
    input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens,
    total_tokens = excluded.total_tokens, cost_usd = excluded.cost_usd,
    models = excluded.models, services = excluded.services, error_count = excluded.error_count,
    tool_call_count = excluded.tool_call_count, remote_updated_at = excluded.remote_updated_at,
    synced_at = excluded.synced_at
  returning id`;

/** The value the list orders and filters "start time" by (see `sessions.sort_at`). */
export function sortAtOf(s: Pick<IngestSession, 'startedAt' | 'queuedAt' | 'createdAt'>): number {
  return toInt(s.startedAt ?? s.queuedAt ?? s.createdAt) ?? 0;
}

/**
 * Keeps the full text of a long prompt or summary in a payload next to the row's excerpt.
 * Returns the payload id to store (null when the text fits the excerpt).
 */
function syncLongText(
  db: Db,
  sessionId: number,
  currentPayloadId: number | null,
  text: string | null,
  now: number,
): number | null {
  const isLong = text !== null && text.length > EXCERPT_CHARS;
  if (currentPayloadId !== null) {
    if (isLong) {
      const current = prepared<{ body_text: string | null }>(
        db,
        'select body_text from payloads where id = ?',
      ).get(currentPayloadId);
      if (current?.body_text === text) return currentPayloadId;
    }
    prepared(db, 'delete from payloads where id = ?').run(currentPayloadId);
  }
  if (!isLong) return null;
  const ref = insertPayload(db, { sessionId, owner: 'session', contentType: 'text/plain', body: text }, now);
  return Number(ref.id);
}

/** What `upsertSessionRow` wrote: the row's id and the text its search document needs. */
export interface UpsertedSession {
  id: number;
  isNew: boolean;
  /** The stored prompt excerpt. */
  promptExcerpt: string | null;
  title: string;
  prompt: string;
}

/**
 * Inserts or updates one session row inside the caller's transaction, leaving tags and notes
 * alone, and keeps long prompts and summaries in payloads. The search document is the
 * caller's job (`writeSearchDocument`), so a detail write can index everything at once.
 */
export function upsertSessionRow(db: Db, targetId: string, s: IngestSession, now: number): UpsertedSession {
  const existing = prepared<ExistingRow>(
    db,
    'select id, prompt_payload_id, summary_payload_id from sessions where target_id = ? and remote_id = ?',
  ).get(targetId, s.remoteId);
  const prompt = s.prompt === null ? null : cut(s.prompt, EXCERPT_CHARS);
  const summary = s.summary === null ? null : cut(s.summary, EXCERPT_CHARS);
  const row = prepared<{ id: number }>(db, UPSERT_SQL).get(
    targetId,
    s.remoteId,
    s.kind,
    s.name,
    s.status,
    s.trigger.type,
    s.trigger.source,
    s.trigger.raw,
    s.actor,
    s.project,
    s.component.type,
    s.component.id,
    s.component.name,
    prompt,
    summary,
    s.parentRemoteId,
    toInt(s.createdAt),
    toInt(s.queuedAt),
    toInt(s.startedAt),
    toInt(s.finishedAt),
    sortAtOf(s),
    toInt(s.durationMs),
    toInt(s.tokens.input),
    toInt(s.tokens.output),
    toInt(s.tokens.total),
    s.costUsd,
    JSON.stringify(s.models),
    JSON.stringify(s.services),
    toInt(s.errorCount) ?? 0,
    toInt(s.toolCallCount) ?? 0,
    toInt(s.remoteUpdatedAt),
    now,
  ) as { id: number };
  const id = row.id;
  const currentPrompt = existing?.prompt_payload_id ?? null;
  const currentSummary = existing?.summary_payload_id ?? null;
  if (currentPrompt !== null || currentSummary !== null || prompt !== s.prompt || summary !== s.summary) {
    const promptPayload = syncLongText(db, id, currentPrompt, s.prompt, now);
    const summaryPayload = syncLongText(db, id, currentSummary, s.summary, now);
    if (promptPayload !== currentPrompt || summaryPayload !== currentSummary) {
      prepared(db, 'update sessions set prompt_payload_id = ?, summary_payload_id = ? where id = ?').run(
        promptPayload,
        summaryPayload,
        id,
      );
    }
  }
  return {
    id,
    isNew: existing === undefined,
    promptExcerpt: prompt,
    title: titleDocument({
      name: s.name,
      componentName: s.component.name,
      componentId: s.component.id,
      actor: s.actor,
      project: s.project,
      triggerSource: s.trigger.source,
    }),
    prompt: promptDocument(prompt, summary),
  };
}

/**
 * Inserts or updates sessions of one target by `(targetId, remoteId)`, all in one transaction,
 * and returns their local ids in input order. Synced fields are overwritten; local tags and
 * notes are kept. Prompts and summaries longer than 2,000 characters are stored as an excerpt
 * on the row plus a payload with the whole text (see `getSessionDetail`). `now` (epoch ms)
 * becomes `syncedAt`. Throws a foreign-key error when the target does not exist.
 */
export function upsertSessions(
  store: Store,
  targetId: string,
  sessions: readonly IngestSession[],
  now: number = Date.now(),
): string[] {
  if (sessions.length === 0) return [];
  return transact(store, () => {
    const ids = sessions.map((s) => {
      const row = upsertSessionRow(store.db, targetId, s, now);
      writeSearchDocument(store.db, row.id, row.isNew, { title: row.title, prompt: row.prompt });
      return String(row.id);
    });
    markChanged(store, SESSION_TABLES);
    return ids;
  });
}

/** The session with this local id, or null. */
export function getSession(db: Db, id: string): Session | null {
  const rowId = toRowId(id);
  if (rowId === null) return null;
  const row = prepared<SessionRow>(
    db,
    `select ${SESSION_COLUMNS} from sessions s ${SESSION_PARENT_JOIN} where s.id = ?`,
  ).get(rowId);
  return row ? toSession(row) : null;
}

/** The session a target knows by `remoteId`, or null. */
export function getSessionByRemoteId(db: Db, targetId: string, remoteId: string): Session | null {
  const row = prepared<SessionRow>(
    db,
    `select ${SESSION_COLUMNS} from sessions s ${SESSION_PARENT_JOIN}
     where s.target_id = ? and s.remote_id = ?`,
  ).get(targetId, remoteId);
  return row ? toSession(row) : null;
}

/**
 * Sessions this one called (those whose parent is it), oldest first, at most `limit`.
 * Empty when the session does not exist.
 */
export function listChildSessions(db: Db, id: string, limit = 1000): Session[] {
  const rowId = toRowId(id);
  if (rowId === null) return [];
  return prepared<SessionRow>(
    db,
    `select ${SESSION_COLUMNS}
     from sessions me join sessions s on s.target_id = me.target_id and s.parent_remote_id = me.remote_id
     ${SESSION_PARENT_JOIN}
     where me.id = ? order by s.sort_at, s.id limit ?`,
  )
    .all(rowId, limit)
    .map(toSession);
}

function normaliseTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((t) => t.trim()).filter((t) => t.length > 0))];
}

/**
 * Replaces a session's local tags (trimmed, empty ones dropped, duplicates removed, order
 * kept) and returns the session, or null when there is no such session.
 */
export function setSessionTags(store: Store, id: string, tags: readonly string[]): Session | null {
  const rowId = toRowId(id);
  if (rowId === null) return null;
  return transact(store, () => {
    const { changes } = prepared(store.db, 'update sessions set tags = ? where id = ?').run(
      JSON.stringify(normaliseTags(tags)),
      rowId,
    );
    if (changes === 0) return null;
    markChanged(store, ['sessions']);
    return getSession(store.db, id);
  });
}

/** Sets (or with null clears) a session's local notes; null when there is no such session. */
export function setSessionNotes(store: Store, id: string, notes: string | null): Session | null {
  const rowId = toRowId(id);
  if (rowId === null) return null;
  return transact(store, () => {
    const { changes } = prepared(store.db, 'update sessions set notes = ? where id = ?').run(notes, rowId);
    if (changes === 0) return null;
    markChanged(store, ['sessions']);
    return getSession(store.db, id);
  });
}

/**
 * Deletes sessions with everything below them (runs, activity, spans, payloads, raw records,
 * search documents) in one transaction. Unknown ids are skipped; returns how many were deleted.
 * Sessions they called stay, and show no parent until it is synced again.
 */
export function deleteSessions(store: Store, ids: readonly string[]): number {
  const rowIds = ids.map(toRowId).filter((id): id is number => id !== null);
  if (rowIds.length === 0) return 0;
  return transact(store, () => {
    const statement = prepared(store.db, 'delete from sessions where id = ?');
    let deleted = 0;
    for (const id of rowIds) deleted += statement.run(id).changes;
    if (deleted > 0) {
      markChanged(store, [
        'sessions',
        'runs',
        'activity_items',
        'spans',
        'payloads',
        'raw_records',
        'search_docs',
        'session_facets',
      ]);
    }
    return deleted;
  });
}

/** Deletes one session (see `deleteSessions`); false when there was no such session. */
export function deleteSession(store: Store, id: string): boolean {
  return deleteSessions(store, [id]) === 1;
}
