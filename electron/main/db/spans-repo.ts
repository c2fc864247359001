import type { IngestSpan } from '@shared/models/ingest';
import type { Span, SpanEvent } from '@shared/models/span';
import type { Db } from './connection';
import { stringifyJson } from './json';
import { SPAN_INLINE_CHARS } from './limits';
import { insertPayload } from './payloads-repo';
import { prepared, toRowId } from './statements';
import { markChanged, transact, type Store } from './store';

const UPSERT_SPAN_SQL = `insert into spans (session_id, trace_id, span_id, parent_span_id, name, kind,
    start_ns, end_ns, status, status_message, attributes, events, detail_payload_id)
  values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  on conflict (trace_id, span_id) do update set
    session_id = excluded.session_id, parent_span_id = excluded.parent_span_id,
    name = excluded.name, kind = excluded.kind, start_ns = excluded.start_ns,
    end_ns = excluded.end_ns, status = excluded.status, status_message = excluded.status_message,
    attributes = excluded.attributes, events = excluded.events,
    detail_payload_id = excluded.detail_payload_id`;

/**
 * Writes spans of one session inside the caller's transaction, replacing any stored span with
 * the same (trace id, span id). Attributes and events that are too big for the hot table go
 * to a `detail` payload.
 */
export function insertSpanRows(db: Db, sessionId: number, spans: readonly IngestSpan[], now: number): void {
  const statement = prepared(db, UPSERT_SPAN_SQL);
  for (const span of spans) {
    const attributes = stringifyJson(span.attributes);
    const events = stringifyJson(span.events);
    let payloadId: number | null = null;
    let inlineAttributes = attributes;
    let inlineEvents = events;
    if (attributes.length + events.length > SPAN_INLINE_CHARS) {
      const ref = insertPayload(
        db,
        {
          sessionId,
          owner: 'detail',
          contentType: 'application/json',
          body: `{"attributes":${attributes},"events":${events}}`,
        },
        now,
      );
      payloadId = Number(ref.id);
      inlineAttributes = '{}';
      inlineEvents = '[]';
    }
    statement.run(
      sessionId,
      span.traceId,
      span.spanId,
      span.parentSpanId,
      span.name,
      span.kind,
      span.startNs,
      span.endNs,
      span.status,
      span.statusMessage,
      inlineAttributes,
      inlineEvents,
      payloadId,
    );
  }
}

/**
 * Adds or updates spans of a session as they arrive (e.g. from the OTLP receiver), in one
 * transaction. Returns false (writing nothing) when there is no such session.
 */
export function upsertSpans(
  store: Store,
  sessionId: string,
  spans: readonly IngestSpan[],
  now: number = Date.now(),
): boolean {
  const rowId = toRowId(sessionId);
  if (rowId === null) return false;
  return transact(store, () => {
    const exists = prepared(store.db, 'select 1 from sessions where id = ?').get(rowId);
    if (!exists) return false;
    insertSpanRows(store.db, rowId, spans, now);
    markChanged(store, ['spans', 'payloads']);
    return true;
  });
}

interface SpanRow {
  session_id: bigint;
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  name: string;
  kind: string;
  start_ns: bigint;
  end_ns: bigint | null;
  status: Span['status'];
  status_message: string | null;
  attributes: string;
  events: string;
  id: bigint;
  detail_json: string | null;
}

function toSpan(row: SpanRow): Span {
  let attributes = JSON.parse(row.attributes) as Record<string, unknown>;
  let events = JSON.parse(row.events) as SpanEvent[];
  if (row.detail_json !== null) {
    const detail = JSON.parse(row.detail_json) as {
      attributes: Record<string, unknown>;
      events: SpanEvent[];
    };
    attributes = detail.attributes;
    events = detail.events;
  }
  return {
    sessionId: row.session_id.toString(),
    traceId: row.trace_id,
    spanId: row.span_id,
    parentSpanId: row.parent_span_id,
    name: row.name,
    kind: row.kind,
    startNs: row.start_ns.toString(),
    endNs: row.end_ns === null ? null : row.end_ns.toString(),
    status: row.status,
    statusMessage: row.status_message,
    attributes,
    events,
  };
}

/** Where a span window starts: after this span in (start time, row) order. */
export interface SpanCursor {
  startNs: string;
  /** Opaque tie-breaker from the previous window's `next`. */
  key: string;
}

/**
 * Up to `limit` spans of a session in start-time order, beginning after `after` (or at the
 * first span starting at or after `fromNs`, or at the first span). `next` continues the window;
 * null when there are no more. Empty for an unknown session. Costs the same at any depth.
 */
export function spanWindow(
  db: Db,
  sessionId: string,
  options: { after?: SpanCursor | null; fromNs?: string | null; limit?: number } = {},
): { spans: Span[]; next: SpanCursor | null } {
  const rowId = toRowId(sessionId);
  const limit = Math.max(0, Math.min(options.limit ?? 500, 10_000));
  if (rowId === null || limit === 0) return { spans: [], next: null };
  const select = `select s.session_id, s.trace_id, s.span_id, s.parent_span_id, s.name, s.kind,
      s.start_ns, s.end_ns, s.status, s.status_message, s.attributes, s.events, s.id,
      b.body_text as detail_json
    from spans s left join payloads b on b.id = s.detail_payload_id`;
  let rows: SpanRow[];
  if (options.after) {
    rows = prepared<SpanRow>(
      db,
      `${select} where s.session_id = ? and (s.start_ns, s.id) > (?, ?) order by s.start_ns, s.id limit ?`,
    )
      .safeIntegers(true)
      .all(rowId, BigInt(options.after.startNs), BigInt(options.after.key), limit);
  } else {
    rows = prepared<SpanRow>(
      db,
      `${select} where s.session_id = ? and s.start_ns >= ? order by s.start_ns, s.id limit ?`,
    )
      .safeIntegers(true)
      .all(rowId, BigInt(options.fromNs ?? 0), limit);
  }
  const last = rows.at(-1);
  return {
    spans: rows.map(toSpan),
    next:
      last && rows.length === limit ? { startNs: last.start_ns.toString(), key: last.id.toString() } : null,
  };
}
