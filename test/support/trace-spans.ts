import type { IngestSpan } from '@shared/models/ingest';

const OPERATIONS = [
  { name: 'invoke_agent support-agent', kind: 'internal', operation: 'invoke_agent' },
  { name: 'chat gpt-4.1-mini', kind: 'client', operation: 'chat' },
  { name: 'execute_tool lookup_order', kind: 'internal', operation: 'execute_tool' },
  { name: 'GET /orders/{id}', kind: 'client', operation: 'http' },
  { name: 'retrieve policy_docs', kind: 'internal', operation: 'retrieve' },
  { name: 'embeddings text-embedding-3-small', kind: 'client', operation: 'embeddings' },
] as const;

/**
 * `count` spans of one trace shaped as a complete `fanout`-ary tree (span 0 the root, span i's
 * parent `(i - 1) / fanout`), each child inside its parent's time, chat spans with a log event.
 * Deterministic, so tests and benchmarks can name spans by index.
 */
export function makeTraceSpans(
  count: number,
  options: { fanout?: number; traceId?: string; startNs?: bigint; durationNs?: bigint } = {},
): IngestSpan[] {
  const fanout = options.fanout ?? 8;
  const traceId = options.traceId ?? '4bf92f3577b34da6a3ce929d0e0e4736';
  const spans: IngestSpan[] = [];
  for (let i = 0; i < count; i++) {
    const parent = i === 0 ? null : spans[Math.floor((i - 1) / fanout)]!;
    let startNs = options.startNs ?? 1_750_000_000_000_000_000n;
    let durationNs = options.durationNs ?? 60_000_000_000n;
    if (parent) {
      // Children split their parent's time in order, each using 90 % of its slot.
      const slot = (parent.endNs! - parent.startNs) / BigInt(fanout);
      startNs = parent.startNs + slot * BigInt((i - 1) % fanout);
      durationNs = (slot * 9n) / 10n;
    }
    const op = OPERATIONS[i === 0 ? 0 : 1 + (i % (OPERATIONS.length - 1))]!;
    spans.push({
      traceId,
      spanId: spanIdOf(i),
      parentSpanId: parent?.spanId ?? null,
      name: op.name,
      kind: op.kind,
      startNs,
      endNs: startNs + durationNs,
      status: 'ok',
      statusMessage: null,
      attributes: { 'gen_ai.operation.name': op.operation, 'span.index': i },
      events:
        op.operation === 'chat'
          ? [
              {
                name: 'gen_ai.user.message',
                timeNs: startNs + 1000n,
                attributes: { content: `Question ${i}` },
              },
            ]
          : [],
    });
  }
  return spans;
}

/** The span id `makeTraceSpans` gives span `index`. */
export function spanIdOf(index: number): string {
  return (index + 1).toString(16).padStart(16, '0');
}
