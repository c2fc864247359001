import type {
  ActivityItem,
  ActivityKind,
  MessageRole,
  ToolCallState,
  ErrorCategory,
} from '@shared/models/activity';
import type { IngestActivity, IngestRun, IngestSessionDetail } from '@shared/models/ingest';
import type { PayloadRef } from '@shared/models/payload';
import type { Run } from '@shared/models/run';
import type { SessionDetail } from '@shared/models/session-detail';
import type { SessionKind } from '@shared/models/session';
import type { ControlAction, SessionStatus } from '@shared/models/status';
import type { Db } from './connection';
import { cut, EXCERPT_CHARS } from './limits';
import {
  bodyColumns,
  bodyRefFrom,
  insertPayload,
  payloadRefColumns,
  payloadRefFrom,
  storeBody,
  type StoredBody,
} from './payloads-repo';
import { fromIngestRaw, insertRawRows } from './raw-records-repo';
import { activityDocument, activityPiece, writeSearchDocument } from './search-docs';
import { getSession, SESSION_TABLES, upsertSessionRow } from './sessions-repo';
import { insertSpanRows } from './spans-repo';
import { placeholders, prepared, toInt, toRowId } from './statements';
import { markChanged, transact, type Store } from './store';

/** Tables a detail write touches, for `db:changed`. */
export const DETAIL_TABLES = [
  'runs',
  'activity_items',
  'spans',
  'payloads',
  'raw_records',
  'search_docs',
] as const;

/** A session's detail as connectors deliver it, without the session record itself. */
export type DetailInput = Omit<IngestSessionDetail, 'session'>;

const INSERT_RUN_SQL = `insert into runs (session_id, seq, remote_id, parent_remote_id, kind, status,
    component_name, input_type, input_size, input_preview, input_payload_id, output_type, output_size,
    output_preview, output_payload_id, error_type, error_size, error_preview, error_payload_id,
    input_tokens, output_tokens, total_tokens, time_to_first_token_ms, duration_ms, cost_usd, model,
    provider, created_at, started_at, finished_at)
  values (${placeholders(30)})`;

const INSERT_ACTIVITY_SQL = `insert into activity_items (session_id, seq, run_id, kind, at, role, title,
    text, body_payload_id, tool_call_id, tool_name, tool_args_type, tool_args_size, tool_args_preview,
    tool_args_payload_id, tool_result_type, tool_result_size, tool_result_preview,
    tool_result_payload_id, tool_state, error_category, error_message, retry_count, duration_ms,
    control_action, control_phase, control_by, control_detail, link_relation,
    link_session_remote_id, link_run_remote_id, link_name, source_type)
  values (${placeholders(33)})`;

function bodyValues(body: StoredBody | null): [string | null, number | null, string | null, number | null] {
  return body === null
    ? [null, null, null, null]
    : [body.contentType, body.byteSize, body.preview, body.payloadId];
}

function insertRuns(db: Db, sessionId: number, runs: readonly IngestRun[], now: number) {
  const statement = prepared(db, INSERT_RUN_SQL);
  const ids = new Map<string, number>();
  const errorPreviews: string[] = [];
  runs.forEach((run, seq) => {
    const input = storeBody(db, sessionId, run.input, now);
    const output = storeBody(db, sessionId, run.output, now);
    const error = storeBody(db, sessionId, run.error, now);
    if (error) errorPreviews.push(error.preview);
    const m = run.metrics;
    const result = statement.run(
      sessionId,
      seq,
      run.remoteId,
      run.parentRemoteId,
      run.kind,
      run.status,
      run.componentName,
      ...bodyValues(input),
      ...bodyValues(output),
      ...bodyValues(error),
      toInt(m.inputTokens),
      toInt(m.outputTokens),
      toInt(m.totalTokens),
      toInt(m.timeToFirstTokenMs),
      toInt(m.durationMs),
      m.costUsd,
      run.model,
      run.provider,
      toInt(run.createdAt),
      toInt(run.startedAt),
      toInt(run.finishedAt),
    );
    if (!ids.has(run.remoteId)) ids.set(run.remoteId, Number(result.lastInsertRowid));
  });
  return { ids, errorPreviews };
}

function insertActivity(
  db: Db,
  sessionId: number,
  items: readonly IngestActivity[],
  runIds: ReadonlyMap<string, number>,
  promptExcerpt: string | null,
  now: number,
): string[] {
  const statement = prepared(db, INSERT_ACTIVITY_SQL);
  const pieces: string[] = [];
  items.forEach((item, seq) => {
    const text = item.text === null ? null : cut(item.text, EXCERPT_CHARS);
    const fullText =
      item.body ??
      (item.text !== null && text !== item.text ? { contentType: 'text/plain', body: item.text } : null);
    const bodyId =
      fullText === null
        ? null
        : Number(
            insertPayload(
              db,
              { sessionId, owner: 'detail', contentType: fullText.contentType, body: fullText.body },
              now,
            ).id,
          );
    const tool = item.tool;
    const args = tool ? storeBody(db, sessionId, tool.args, now) : null;
    const result = tool ? storeBody(db, sessionId, tool.result, now) : null;
    const errorMessage = tool?.errorMessage == null ? null : cut(tool.errorMessage, EXCERPT_CHARS);
    statement.run(
      sessionId,
      seq,
      item.runRemoteId === null ? null : (runIds.get(item.runRemoteId) ?? null),
      item.kind,
      toInt(item.at),
      item.role,
      item.title,
      text,
      bodyId,
      tool?.callId ?? null,
      tool?.name ?? null,
      ...bodyValues(args),
      ...bodyValues(result),
      tool?.state ?? null,
      tool?.errorCategory ?? null,
      errorMessage,
      tool ? toInt(tool.retryCount) : null,
      tool ? toInt(tool.durationMs) : null,
      item.control?.action ?? null,
      item.control?.phase ?? null,
      item.control?.by ?? null,
      item.control?.detail ?? null,
      item.link?.relation ?? null,
      item.link?.sessionRemoteId ?? null,
      item.link?.runRemoteId ?? null,
      item.link?.name ?? null,
      item.sourceType,
    );
    pieces.push(
      activityPiece({
        title: item.title,
        // The first user message usually repeats the prompt, which is indexed already.
        text: text === promptExcerpt ? null : text,
        toolName: tool?.name ?? null,
        argsPreview: args?.preview ?? null,
        resultPreview: result?.preview ?? null,
        errorMessage,
      }),
    );
  });
  return pieces;
}

/** Replaces everything below a session inside the caller's transaction. */
function writeDetail(
  db: Db,
  session: { id: number; targetId: string; promptExcerpt: string | null; isNew: boolean },
  detail: DetailInput,
  now: number,
): string {
  const sessionId = session.id;
  if (!session.isNew) {
    for (const table of ['runs', 'activity_items', 'spans', 'raw_records']) {
      prepared(db, `delete from ${table} where session_id = ?`).run(sessionId);
    }
    prepared(db, "delete from payloads where session_id = ? and owner = 'detail'").run(sessionId);
  }
  const runs = insertRuns(db, sessionId, detail.runs, now);
  const pieces = insertActivity(db, sessionId, detail.activity, runs.ids, session.promptExcerpt, now);
  insertSpanRows(db, sessionId, detail.spans, now);
  insertRawRows(db, session.targetId, sessionId, detail.raw.map(fromIngestRaw), now);
  return activityDocument(pieces, runs.errorPreviews);
}

/**
 * Replaces a session's runs, activity, spans, their payloads and its raw records with `detail`,
 * in one transaction, and re-indexes its activity for search. Activity `seq` is the item's
 * index in `detail.activity`. Storing the same detail again leaves the same content (under new
 * row ids), so re-syncs are harmless. Returns false (writing nothing) when there is no such
 * session. `now` is epoch ms.
 */
export function replaceSessionDetail(
  store: Store,
  sessionId: string,
  detail: DetailInput,
  now: number = Date.now(),
): boolean {
  const rowId = toRowId(sessionId);
  if (rowId === null) return false;
  return transact(store, () => {
    const session = prepared<{ target_id: string; prompt: string | null }>(
      store.db,
      'select target_id, prompt from sessions where id = ?',
    ).get(rowId);
    if (!session) return false;
    const activity = writeDetail(
      store.db,
      { id: rowId, targetId: session.target_id, promptExcerpt: session.prompt, isNew: false },
      detail,
      now,
    );
    writeSearchDocument(store.db, rowId, false, { activity });
    markChanged(store, DETAIL_TABLES);
    return true;
  });
}

/**
 * Upserts a session (as `upsertSessions`) and replaces its detail (as `replaceSessionDetail`)
 * in one transaction; returns the session's local id. Throws a foreign-key error when the
 * target does not exist.
 */
export function storeSessionDetail(
  store: Store,
  targetId: string,
  detail: IngestSessionDetail,
  now: number = Date.now(),
): string {
  return transact(store, () => {
    const row = upsertSessionRow(store.db, targetId, detail.session, now);
    const activity = writeDetail(
      store.db,
      { id: row.id, targetId, promptExcerpt: row.promptExcerpt, isNew: row.isNew },
      detail,
      now,
    );
    writeSearchDocument(store.db, row.id, row.isNew, { title: row.title, prompt: row.prompt, activity });
    markChanged(store, [...SESSION_TABLES, ...DETAIL_TABLES]);
    return String(row.id);
  });
}

interface RunRow extends Record<string, unknown> {
  id: number;
  session_id: number;
  remote_id: string;
  parent_remote_id: string | null;
  kind: SessionKind;
  status: SessionStatus;
  component_name: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  total_tokens: number | null;
  time_to_first_token_ms: number | null;
  duration_ms: number | null;
  cost_usd: number | null;
  model: string | null;
  provider: string | null;
  created_at: number | null;
  started_at: number | null;
  finished_at: number | null;
}

/** A session's runs in source order (empty for an unknown session). */
export function listRuns(db: Db, sessionId: string): Run[] {
  const rowId = toRowId(sessionId);
  if (rowId === null) return [];
  const rows = prepared<RunRow>(
    db,
    `select r.id, r.session_id, r.remote_id, r.parent_remote_id, r.kind, r.status, r.component_name,
       ${bodyColumns('r', 'input')}, ${bodyColumns('r', 'output')}, ${bodyColumns('r', 'error')},
       r.input_tokens, r.output_tokens, r.total_tokens, r.time_to_first_token_ms, r.duration_ms,
       r.cost_usd, r.model, r.provider, r.created_at, r.started_at, r.finished_at
     from runs r
     where r.session_id = ? order by r.seq`,
  ).all(rowId);
  const idByRemote = new Map<string, number>();
  for (const row of rows) if (!idByRemote.has(row.remote_id)) idByRemote.set(row.remote_id, row.id);
  return rows.map((row) => {
    const parent = row.parent_remote_id === null ? undefined : idByRemote.get(row.parent_remote_id);
    return {
      id: String(row.id),
      sessionId: String(row.session_id),
      remoteId: row.remote_id,
      kind: row.kind,
      parentRunId: parent === undefined ? null : String(parent),
      status: row.status,
      componentName: row.component_name,
      input: bodyRefFrom(row, 'input', `r${row.id}.input`),
      output: bodyRefFrom(row, 'output', `r${row.id}.output`),
      error: bodyRefFrom(row, 'error', `r${row.id}.error`),
      metrics: {
        inputTokens: row.input_tokens,
        outputTokens: row.output_tokens,
        totalTokens: row.total_tokens,
        timeToFirstTokenMs: row.time_to_first_token_ms,
        durationMs: row.duration_ms,
        costUsd: row.cost_usd,
      },
      model: row.model,
      provider: row.provider,
      createdAt: row.created_at,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
    };
  });
}

interface ActivityRow extends Record<string, unknown> {
  id: number;
  session_id: number;
  run_id: number | null;
  seq: number;
  kind: ActivityKind;
  at: number | null;
  role: MessageRole | null;
  title: string | null;
  text: string | null;
  tool_call_id: string | null;
  tool_name: string | null;
  tool_state: ToolCallState | null;
  error_category: ErrorCategory | null;
  error_message: string | null;
  retry_count: number | null;
  duration_ms: number | null;
  control_action: ControlAction | null;
  control_phase: 'requested' | 'completed' | 'failed' | null;
  control_by: string | null;
  control_detail: string | null;
  link_relation: 'called' | 'member' | 'step' | 'parent' | null;
  link_session_remote_id: string | null;
  link_run_remote_id: string | null;
  link_name: string | null;
  link_session_id: number | null;
  source_type: string | null;
  pb_id: number | null;
  tool_args_type: string | null;
  tool_args_size: number | null;
  tool_args_preview: string | null;
  tool_args_payload_id: number | null;
  tool_result_type: string | null;
  tool_result_size: number | null;
  tool_result_preview: string | null;
  tool_result_payload_id: number | null;
}

const ACTIVITY_SQL = `select a.id, a.session_id, a.run_id, a.seq, a.kind, a.at, a.role, a.title, a.text,
    ${payloadRefColumns('pb')}, a.tool_call_id, a.tool_name, ${bodyColumns('a', 'tool_args')},
    ${bodyColumns('a', 'tool_result')}, a.tool_state, a.error_category, a.error_message, a.retry_count,
    a.duration_ms, a.control_action, a.control_phase, a.control_by, a.control_detail,
    a.link_relation, a.link_session_remote_id, a.link_run_remote_id, a.link_name,
    ls.id as link_session_id, a.source_type
  from activity_items a
  left join payloads pb on pb.id = a.body_payload_id
  left join sessions ls on ls.target_id = @targetId and ls.remote_id = a.link_session_remote_id
  where a.session_id = @sessionId and a.seq >= @fromSeq
  order by a.seq
  limit @limit`;

// Direct property reads: this runs for every item of a window (10,000 for a long session).
function inlineRef(
  id: string,
  contentType: string | null,
  byteSize: number | null,
  preview: string | null,
  payloadId: number | null,
): PayloadRef | null {
  if (contentType === null) return null;
  return {
    id: payloadId === null ? id : String(payloadId),
    contentType,
    byteSize: byteSize ?? 0,
    preview: preview ?? '',
    isComplete: payloadId === null,
  };
}

interface ItemContext {
  targetId: string;
  sessionId: string;
  /** Run id strings, made once per run rather than once per item. */
  runIds: Map<number, string>;
}

function runIdOf(context: ItemContext, runId: number | null): string | null {
  if (runId === null) return null;
  let id = context.runIds.get(runId);
  if (id === undefined) {
    id = String(runId);
    context.runIds.set(runId, id);
  }
  return id;
}

function toActivityItem(row: ActivityRow, context: ItemContext): ActivityItem {
  return {
    id: String(row.id),
    sessionId: context.sessionId,
    runId: runIdOf(context, row.run_id),
    seq: row.seq,
    kind: row.kind,
    at: row.at,
    role: row.role,
    title: row.title,
    text: row.text,
    body: row.pb_id === null ? null : payloadRefFrom(row, 'pb'),
    tool:
      row.tool_name === null
        ? null
        : {
            callId: row.tool_call_id,
            name: row.tool_name,
            args: inlineRef(
              `a${row.id}.args`,
              row.tool_args_type,
              row.tool_args_size,
              row.tool_args_preview,
              row.tool_args_payload_id,
            ),
            result: inlineRef(
              `a${row.id}.result`,
              row.tool_result_type,
              row.tool_result_size,
              row.tool_result_preview,
              row.tool_result_payload_id,
            ),
            state: row.tool_state ?? 'succeeded',
            errorCategory: row.error_category,
            errorMessage: row.error_message,
            retryCount: row.retry_count ?? 0,
            durationMs: row.duration_ms,
          },
    control:
      row.control_action === null
        ? null
        : {
            action: row.control_action,
            phase: row.control_phase ?? 'requested',
            by: row.control_by ?? '',
            detail: row.control_detail,
          },
    link:
      row.link_relation === null
        ? null
        : {
            relation: row.link_relation,
            targetId: context.targetId,
            sessionRemoteId: row.link_session_remote_id,
            runRemoteId: row.link_run_remote_id,
            sessionId: row.link_session_id === null ? null : String(row.link_session_id),
            name: row.link_name,
          },
    sourceType: row.source_type,
  };
}

function readActivity(
  db: Db,
  rowId: number,
  targetId: string,
  fromSeq: number,
  limit: number,
): ActivityItem[] {
  const context: ItemContext = { targetId, sessionId: String(rowId), runIds: new Map() };
  return prepared<ActivityRow>(db, ACTIVITY_SQL)
    .all({
      targetId,
      sessionId: rowId,
      fromSeq: Math.max(0, Math.floor(fromSeq)),
      limit: Math.max(0, Math.floor(limit)),
    })
    .map((row) => toActivityItem(row, context));
}

/** The most activity items one window returns. */
export const MAX_ACTIVITY_WINDOW = 20_000;

/**
 * Up to `limit` (at most 20,000) activity items of a session from `fromSeq` on, in seq order.
 * The cost depends on the window size, not on where it starts. Empty for an unknown session.
 */
export function activityWindow(db: Db, sessionId: string, fromSeq: number, limit: number): ActivityItem[] {
  const rowId = toRowId(sessionId);
  if (rowId === null) return [];
  const session = prepared<{ target_id: string }>(db, 'select target_id from sessions where id = ?').get(
    rowId,
  );
  if (!session) return [];
  return readActivity(db, rowId, session.target_id, fromSeq, Math.min(limit, MAX_ACTIVITY_WINDOW));
}

/**
 * A session with its runs, an activity window (`activityLimit` items from `activityFrom`,
 * default the first 500) and what it holds in payloads, spans and raw records. Null when there
 * is no such session.
 */
export function getSessionDetail(
  db: Db,
  id: string,
  options: { activityFrom?: number; activityLimit?: number } = {},
): SessionDetail | null {
  const rowId = toRowId(id);
  if (rowId === null) return null;
  const session = getSession(db, id);
  if (!session) return null;
  const activityFrom = Math.max(0, Math.floor(options.activityFrom ?? 0));
  const refs = prepared<Record<string, unknown>>(
    db,
    `select ${payloadRefColumns('pp')}, ${payloadRefColumns('ps')}
     from sessions s
     left join payloads pp on pp.id = s.prompt_payload_id
     left join payloads ps on ps.id = s.summary_payload_id
     where s.id = ?`,
  ).get(rowId) as Record<string, unknown>;
  const counts = prepared<{ activity: number; spans: number; raw: number }>(
    db,
    `select
       (select coalesce(max(seq) + 1, 0) from activity_items where session_id = @id) as activity,
       (select count(*) from spans where session_id = @id) as spans,
       (select count(*) from raw_records where session_id = @id) as raw`,
  ).get({ id: rowId }) as { activity: number; spans: number; raw: number };
  // Bodies kept inline in runs and activity rows, plus every payload row (long bodies among
  // them are referenced from a hot row too, so inline ones are those without a payload id).
  const bodies = prepared<{ n: number; bytes: number }>(
    db,
    `select sum(n) as n, sum(bytes) as bytes from (
       select count(*) as n, coalesce(sum(byte_size), 0) as bytes from payloads where session_id = @id
       union all
       select (input_type is not null and input_payload_id is null)
           + (output_type is not null and output_payload_id is null)
           + (error_type is not null and error_payload_id is null),
         coalesce(iif(input_payload_id is null, input_size, 0), 0)
           + coalesce(iif(output_payload_id is null, output_size, 0), 0)
           + coalesce(iif(error_payload_id is null, error_size, 0), 0)
       from runs where session_id = @id
       union all
       select (tool_args_type is not null and tool_args_payload_id is null)
           + (tool_result_type is not null and tool_result_payload_id is null),
         coalesce(iif(tool_args_payload_id is null, tool_args_size, 0), 0)
           + coalesce(iif(tool_result_payload_id is null, tool_result_size, 0), 0)
       from activity_items where session_id = @id
     )`,
  ).get({ id: rowId }) as { n: number | null; bytes: number | null };
  return {
    session,
    runs: listRuns(db, id),
    activity: readActivity(
      db,
      rowId,
      session.targetId,
      activityFrom,
      Math.min(options.activityLimit ?? 500, MAX_ACTIVITY_WINDOW),
    ),
    activityStart: activityFrom,
    activityTotal: counts.activity,
    promptBody: payloadRefFrom(refs, 'pp'),
    summaryBody: payloadRefFrom(refs, 'ps'),
    payloadCount: bodies.n ?? 0,
    payloadBytes: bodies.bytes ?? 0,
    spanCount: counts.spans,
    rawRecordCount: counts.raw,
  };
}
