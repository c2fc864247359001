import { z } from 'zod';

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
