import type { IngestSpan } from '@shared/models/ingest';
import {
  MAX_TRACE_SPANS,
  type Span,
  type SpanEvent,
  type TraceOutline,
  type TraceSearchResult,
} from '@shared/models/span';
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

const SELECT_SPANS = `select s.session_id, s.trace_id, s.span_id, s.parent_span_id, s.name, s.kind,
    s.start_ns, s.end_ns, s.status, s.status_message, s.attributes, s.events, s.id,
    b.body_text as detail_json
  from spans s left join payloads b on b.id = s.detail_payload_id`;

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
  let rows: SpanRow[];
  if (options.after) {
    rows = prepared<SpanRow>(
      db,
      `${SELECT_SPANS} where s.session_id = ? and (s.start_ns, s.id) > (?, ?) order by s.start_ns, s.id limit ?`,
    )
      .safeIntegers(true)
      .all(rowId, BigInt(options.after.startNs), BigInt(options.after.key), limit);
  } else {
    rows = prepared<SpanRow>(
      db,
      `${SELECT_SPANS} where s.session_id = ? and s.start_ns >= ? order by s.start_ns, s.id limit ?`,
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

/** One span with its attributes and events, by its local row id; null when it is not in that session. */
export function getSpan(db: Db, sessionId: string, rowId: number): Span | null {
  const session = toRowId(sessionId);
  if (session === null) return null;
  const row = prepared<SpanRow>(db, `${SELECT_SPANS} where s.id = ? and s.session_id = ?`)
    .safeIntegers(true)
    .get(rowId, session);
  return row ? toSpan(row) : null;
}

/**
 * The outline's one read, served by the covering index `spans_outline` (exported for the
 * query-plan test). Offsets are taken in SQL, in 64-bit integers (epoch nanoseconds do not
 * fit a double), and rounded to whole microseconds.
 */
export const OUTLINE_SQL = `select id, trace_id, span_id, parent_span_id, name, kind,
    case status when 'ok' then 1 when 'error' then 2 else 0 end,
    (start_ns - @start + 500) / 1000,
    case when end_ns is null then -1 else (max(0, end_ns - start_ns) + 500) / 1000 end,
    (coalesce(max(end_ns, start_ns), start_ns) - @start + 500) / 1000
  from spans where session_id = @session order by start_ns, id limit @limit`;

type OutlineRow = [
  id: number,
  traceId: string,
  spanId: string,
  parentSpanId: string | null,
  name: string,
  kind: string,
  /** Index into `SPAN_STATUS_CODES`. */
  status: number,
  startUs: number,
  durationUs: number,
  endUs: number,
];

/**
 * A session's spans as a columnar outline for the waterfall (see `TraceOutline`): at most
 * `limit` (default and cap `MAX_TRACE_SPANS`) of the earliest, each parent resolved to its
 * index. A span whose parent is not among them, or is itself, is a root. Null for an unknown
 * session.
 */
export function traceOutline(
  db: Db,
  sessionId: string,
  limit: number = MAX_TRACE_SPANS,
): TraceOutline | null {
  const rowId = toRowId(sessionId);
  if (rowId === null) return null;
  if (!prepared(db, 'select 1 from sessions where id = ?').get(rowId)) return null;
  const first = prepared<{ start: bigint | null }>(
    db,
    'select min(start_ns) as start from spans where session_id = ?',
  )
    .safeIntegers(true)
    .get(rowId);
  const start = first?.start ?? null;
  const max = Math.max(0, Math.min(limit, MAX_TRACE_SPANS));
  const rows =
    start === null
      ? []
      : (prepared(db, OUTLINE_SQL)
          .raw(true)
          .all({ start, session: rowId, limit: max + 1 }) as OutlineRow[]);
  const isTruncated = rows.length > max;
  if (isTruncated) rows.length = max;
  const count = rows.length;
  const traceIds: string[] = [];
  const names: string[] = [];
  const kinds: string[] = [];
  const traceIndex = interner(traceIds);
  const nameIndex = interner(names);
  const kindIndex = interner(kinds);
  // Filled with push: packed arrays build and serialise faster than preallocated holey ones.
  const rowIds: number[] = [];
  const spanIds: string[] = [];
  const traces: number[] = [];
  const nameIds: number[] = [];
  const kindIds: number[] = [];
  const statuses: number[] = [];
  const startsUs: number[] = [];
  const durationsUs: number[] = [];
  // Span ids are unique per trace, so a parent is looked up by trace, then span id.
  const byTrace: Map<string, number>[] = [];
  let endUs = 0;
  for (let i = 0; i < count; i++) {
    const row = rows[i]!;
    const trace = traceIndex(row[1]);
    rowIds.push(row[0]);
    spanIds.push(row[2]);
    traces.push(trace);
    nameIds.push(nameIndex(row[4]));
    kindIds.push(kindIndex(row[5]));
    statuses.push(row[6]);
    startsUs.push(row[7]);
    durationsUs.push(row[8]);
    if (row[9] > endUs) endUs = row[9];
    (byTrace[trace] ??= new Map()).set(row[2], i);
  }
  const parents: number[] = [];
  for (let i = 0; i < count; i++) {
    const parentSpanId = rows[i]![3];
    const parent = parentSpanId === null ? undefined : byTrace[traces[i]!]!.get(parentSpanId);
    parents.push(parent === undefined || parent === i ? -1 : parent);
  }
  return {
    totalCount: isTruncated
      ? (prepared<{ n: number }>(db, 'select count(*) as n from spans where session_id = ?').get(rowId)?.n ??
        count)
      : count,
    count,
    startNs: start === null ? null : start.toString(),
    durationUs: endUs,
    traceIds,
    names,
    kinds,
    rowIds,
    spanIds,
    parents,
    traces,
    nameIds,
    kindIds,
    statuses,
    startsUs,
    durationsUs,
  };
}

function interner(table: string[]): (value: string) => number {
  const indexes = new Map<string, number>();
  return (value) => {
    let index = indexes.get(value);
    if (index === undefined) {
      index = table.push(value) - 1;
      indexes.set(value, index);
    }
    return index;
  };
}

/** The most matches one trace search returns. */
export const MAX_TRACE_MATCHES = 50_000;

/**
 * Spans of a session whose name, span id, status message, attributes or events (keys and
 * values, including those moved to a payload) contain `text`, ignoring ASCII case. Row ids in
 * outline order, at most `MAX_TRACE_MATCHES`. Empty for an unknown session or empty text.
 */
export function searchTrace(db: Db, sessionId: string, text: string): TraceSearchResult {
  const rowId = toRowId(sessionId);
  if (rowId === null || text.length === 0) return { rowIds: [], isTruncated: false };
  const ids = prepared(
    db,
    `select s.id from spans s left join payloads b on b.id = s.detail_payload_id
     where s.session_id = @session and (
       instr(lower(s.name), lower(@text)) or instr(lower(s.span_id), lower(@text))
       or instr(lower(coalesce(s.status_message, '')), lower(@text))
       or instr(lower(s.attributes), lower(@text)) or instr(lower(s.events), lower(@text))
       or instr(lower(coalesce(b.body_text, '')), lower(@text)))
     order by s.start_ns, s.id limit @limit`,
  )
    .pluck(true)
    .all({ session: rowId, text, limit: MAX_TRACE_MATCHES + 1 }) as number[];
  const isTruncated = ids.length > MAX_TRACE_MATCHES;
  if (isTruncated) ids.length = MAX_TRACE_MATCHES;
  return { rowIds: ids, isTruncated };
}
