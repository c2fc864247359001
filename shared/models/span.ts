import { z } from 'zod';
import { SPAN_STATUS_CODES } from './vocabulary';

/** Nanosecond epoch timestamps exceed 2^53, so they cross IPC as decimal strings. */
export const NanoTime = z.string().regex(/^\d+$/);

export const SpanEvent = z.object({
  name: z.string(),
  timeNs: NanoTime,
  attributes: z.record(z.string(), z.unknown()),
});
export type SpanEvent = z.infer<typeof SpanEvent>;

/** One OpenTelemetry-style span of a session's trace. */
export const Span = z.object({
  sessionId: z.string(),
  traceId: z.string(),
  spanId: z.string(),
  parentSpanId: z.string().nullable(),
  name: z.string(),
  kind: z.string(),
  startNs: NanoTime,
  endNs: NanoTime.nullable(),
  status: z.enum(['unset', 'ok', 'error']),
  statusMessage: z.string().nullable(),
  attributes: z.record(z.string(), z.unknown()),
  events: z.array(SpanEvent),
});
export type Span = z.infer<typeof Span>;

const INT64_MAX = 2n ** 63n - 1n;

/** The most spans one trace outline carries; a bigger session's outline is its earliest spans. */
export const MAX_TRACE_SPANS = 200_000;

export { SPAN_STATUS_CODES };

/**
 * All of a session's spans, as parallel arrays for the waterfall: element `i` of every array
 * describes span `i`, spans in (start time, row) order. Columnar and interned so that 100,000
 * spans stay a few MB of JSON. Times are whole microseconds relative to `startNs`.
 */
export const TraceOutline = z.object({
  /** Spans the session holds; more than `count` when the outline stops at `MAX_TRACE_SPANS`. */
  totalCount: z.number().int().nonnegative(),
  count: z.number().int().nonnegative(),
  /** Epoch ns of the earliest span start; null without spans. */
  startNs: NanoTime.nullable(),
  /** From the earliest start to the latest end (or start, for spans without an end), µs. */
  durationUs: z.number().nonnegative(),
  /** Distinct trace ids, names and kinds, referred to by index. */
  traceIds: z.array(z.string()),
  names: z.array(z.string()),
  kinds: z.array(z.string()),
  /** Local row id of each span: the key of `sessions:span` and of trace search results. */
  rowIds: z.array(z.number().int()),
  spanIds: z.array(z.string()),
  /** Index of the span's parent; -1 when it has none or its parent is not stored (a root). */
  parents: z.array(z.number().int()),
  traces: z.array(z.number().int()),
  nameIds: z.array(z.number().int()),
  kindIds: z.array(z.number().int()),
  /** Index into `SPAN_STATUS_CODES`. */
  statuses: z.array(z.number().int().min(0).max(2)),
  startsUs: z.array(z.number()),
  /** -1 for a span that has not ended. */
  durationsUs: z.array(z.number()),
});
export type TraceOutline = z.infer<typeof TraceOutline>;

/** Spans of a session whose text matches a search, in outline order. */
export const TraceSearchResult = z.object({
  rowIds: z.array(z.number().int()),
  /** True when more spans matched than `rowIds` holds. */
  isTruncated: z.boolean(),
});
export type TraceSearchResult = z.infer<typeof TraceSearchResult>;

/** Where a page of raw spans continues (see `spanWindow`). */
export const SpanPageCursor = z.object({
  startNs: NanoTime.max(19).refine((ns) => BigInt(ns) <= INT64_MAX, 'Out of range'),
  key: z.string().regex(/^\d{1,15}$/),
});
export type SpanPageCursor = z.infer<typeof SpanPageCursor>;

/** A page of a session's full spans in start order; `next` is null after the last page. */
export const SpanPage = z.object({ spans: z.array(Span), next: SpanPageCursor.nullable() });
export type SpanPage = z.infer<typeof SpanPage>;
