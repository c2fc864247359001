import { afterEach, describe, expect, it } from 'vitest';
import type { IngestSpan } from '@shared/models/ingest';
import { SPAN_INLINE_CHARS } from '../../../electron/main/db/limits';
import { upsertSessions } from '../../../electron/main/db/sessions-repo';
import { spanWindow, upsertSpans } from '../../../electron/main/db/spans-repo';
import { addTarget, createTestStore, makeSession, NOW, type TestStore } from './helpers';

let t: TestStore;
afterEach(() => t.close());

const BASE = 1_750_000_000_123_456_789n;

function span(spanId: string, offset: bigint, patch: Partial<IngestSpan> = {}): IngestSpan {
  return {
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    spanId,
    parentSpanId: null,
    name: `chat ${spanId}`,
    kind: 'client',
    startNs: BASE + offset,
    endNs: BASE + offset + 999n,
    status: 'ok',
    statusMessage: null,
    attributes: { 'gen_ai.request.model': 'gpt-4.1', 'gen_ai.usage.input_tokens': 12n },
    events: [{ name: 'gen_ai.choice', timeNs: BASE + offset + 5n, attributes: { index: 0 } }],
    ...patch,
  };
}

describe('spans repository', () => {
  it('keeps nanosecond times exact and returns them as decimal strings', () => {
    t = createTestStore();
    addTarget(t.store);
    const [id = ''] = upsertSessions(t.store, 'target-1', [makeSession()], NOW);
    expect(
      upsertSpans(t.store, id, [
        span('s1', 1n, { parentSpanId: null }),
        span('s2', 0n, { status: 'error', statusMessage: 'boom' }),
      ]),
    ).toBe(true);
    const { spans, next } = spanWindow(t.db, id);
    expect(next).toBeNull();
    expect(spans.map((s) => s.spanId)).toEqual(['s2', 's1']);
    expect(spans[1]).toEqual({
      sessionId: id,
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: 's1',
      parentSpanId: null,
      name: 'chat s1',
      kind: 'client',
      startNs: '1750000000123456790',
      endNs: '1750000000123457789',
      status: 'ok',
      statusMessage: null,
      attributes: { 'gen_ai.request.model': 'gpt-4.1', 'gen_ai.usage.input_tokens': '12' },
      events: [{ name: 'gen_ai.choice', timeNs: '1750000000123456795', attributes: { index: 0 } }],
    });
    expect(spans[0]).toMatchObject({ status: 'error', statusMessage: 'boom' });
    expect(upsertSpans(t.store, '999', [span('x', 0n)])).toBe(false);
  });

  it('pages by start time with a cursor and from a start time, and updates re-sent spans', () => {
    t = createTestStore();
    addTarget(t.store);
    const [id = ''] = upsertSessions(t.store, 'target-1', [makeSession()], NOW);
    upsertSpans(
      t.store,
      id,
      Array.from({ length: 25 }, (_, i) => span(`s${String(i).padStart(2, '0')}`, BigInt(i % 5) * 1000n)),
    );
    const seen: string[] = [];
    let page = spanWindow(t.db, id, { limit: 10 });
    seen.push(...page.spans.map((s) => s.spanId));
    while (page.next) {
      page = spanWindow(t.db, id, { after: page.next, limit: 10 });
      seen.push(...page.spans.map((s) => s.spanId));
    }
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
    const starts = seen.map((s) => Number(s.slice(1)) % 5);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    const from = spanWindow(t.db, id, { fromNs: (BASE + 3000n).toString(), limit: 100 }).spans;
    expect(from.map((s) => BigInt(s.startNs) - BASE)).toEqual(
      Array.from({ length: 10 }, (_, i) => (i < 5 ? 3000n : 4000n)),
    );

    upsertSpans(t.store, id, [span('s00', 0n, { name: 'renamed' })]);
    expect(
      spanWindow(t.db, id, { limit: 100 })
        .spans.filter((s) => s.spanId === 's00')
        .map((s) => s.name),
    ).toEqual(['renamed']);
  });

  it('moves oversized attributes to a payload and reads them back transparently', () => {
    t = createTestStore();
    addTarget(t.store);
    const [id = ''] = upsertSessions(t.store, 'target-1', [makeSession()], NOW);
    const prompt = 'x'.repeat(SPAN_INLINE_CHARS * 2);
    upsertSpans(t.store, id, [span('big', 0n, { attributes: { 'gen_ai.prompt': prompt } })]);
    expect(spanWindow(t.db, id).spans[0]?.attributes).toEqual({ 'gen_ai.prompt': prompt });
    const inline = t.db.prepare('select attributes, detail_payload_id from spans').get() as {
      attributes: string;
      detail_payload_id: number;
    };
    expect(inline.attributes).toBe('{}');
    expect(inline.detail_payload_id).toBeGreaterThan(0);
  });
});
