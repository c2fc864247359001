import { afterEach, describe, expect, it } from 'vitest';
import type { IngestSpan } from '@shared/models/ingest';
import { SPAN_INLINE_CHARS } from '../../../electron/main/db/limits';
import { upsertSessions } from '../../../electron/main/db/sessions-repo';
import {
  getSpan,
  OUTLINE_SQL,
  searchTrace,
  traceOutline,
  upsertSpans,
} from '../../../electron/main/db/spans-repo';
import { makeTraceSpans, spanIdOf } from '../../support/trace-spans';
import { addTarget, createTestStore, makeSession, NOW, type TestStore } from './helpers';

let t: TestStore;
afterEach(() => t.close());

const T0 = 1_750_000_000_123_456_789n;

function span(spanId: string, startUs: number, patch: Partial<IngestSpan> = {}): IngestSpan {
  const startNs = T0 + BigInt(startUs) * 1000n;
  return {
    traceId: 'trace-a',
    spanId,
    parentSpanId: null,
    name: `op ${spanId}`,
    kind: 'internal',
    startNs,
    endNs: startNs + 500_000n,
    status: 'ok',
    statusMessage: null,
    attributes: {},
    events: [],
    ...patch,
  };
}

function sessionWith(spans: IngestSpan[]): string {
  t = createTestStore();
  addTarget(t.store);
  const [id = ''] = upsertSessions(t.store, 'target-1', [makeSession()], NOW);
  upsertSpans(t.store, id, spans);
  return id;
}

describe('trace outline', () => {
  it('lists spans in start order with parents resolved to indexes and values interned', () => {
    const id = sessionWith([
      span('child', 100, { parentSpanId: 'root', status: 'error', kind: 'client' }),
      span('root', 0, { endNs: T0 + 2_000_000n }),
      span('orphan', 50, { parentSpanId: 'not-stored' }),
      span('self', 300, { parentSpanId: 'self', endNs: null }),
      // The same span id in another trace is another span, whose parent is in that trace.
      span('child', 200, { traceId: 'trace-b', parentSpanId: 'root', name: 'op child' }),
    ]);
    const outline = traceOutline(t.db, id)!;
    expect(outline.count).toBe(5);
    expect(outline.totalCount).toBe(5);
    expect(outline.startNs).toBe(T0.toString());
    expect(outline.spanIds).toEqual(['root', 'orphan', 'child', 'child', 'self']);
    expect(outline.parents).toEqual([-1, -1, 0, -1, -1]);
    expect(outline.traceIds).toEqual(['trace-a', 'trace-b']);
    expect(outline.traces).toEqual([0, 0, 0, 1, 0]);
    expect(outline.startsUs).toEqual([0, 50, 100, 200, 300]);
    expect(outline.durationsUs).toEqual([2000, 500, 500, 500, -1]);
    expect(outline.durationUs).toBe(2000);
    expect(outline.nameIds.map((n) => outline.names[n])).toEqual([
      'op root',
      'op orphan',
      'op child',
      'op child',
      'op self',
    ]);
    expect(outline.names).toHaveLength(4);
    expect(outline.kindIds.map((k) => outline.kinds[k])).toEqual([
      'internal',
      'internal',
      'client',
      'internal',
      'internal',
    ]);
    expect(outline.statuses).toEqual([1, 1, 2, 1, 1]);
    expect(getSpan(t.db, id, outline.rowIds[2]!)).toMatchObject({ spanId: 'child', status: 'error' });
  });

  it('rounds offsets and durations to the nearest microsecond', () => {
    const id = sessionWith([
      span('a', 0, { endNs: T0 + 1_499n }),
      span('b', 0, { startNs: T0 + 500n, endNs: T0 + 2_000n }),
      span('c', 0, { startNs: T0 + 2_499n, endNs: T0 + 2_000n }),
    ]);
    const outline = traceOutline(t.db, id)!;
    expect(outline.startsUs).toEqual([0, 1, 2]);
    // An end before the start (clock skew) counts as no time at all.
    expect(outline.durationsUs).toEqual([1, 2, 0]);
    expect(outline.durationUs).toBe(2);
  });

  it('is empty for a session without spans and null for an unknown one', () => {
    const id = sessionWith([]);
    expect(traceOutline(t.db, id)).toMatchObject({ count: 0, totalCount: 0, startNs: null, durationUs: 0 });
    expect(traceOutline(t.db, '999')).toBeNull();
    expect(traceOutline(t.db, 'nope')).toBeNull();
  });

  it('stops at the limit and says how many spans there are', () => {
    const id = sessionWith(makeTraceSpans(50, { fanout: 3 }));
    const outline = traceOutline(t.db, id, 20)!;
    expect(outline.count).toBe(20);
    expect(outline.totalCount).toBe(50);
    expect(outline.rowIds).toHaveLength(20);
    // Whichever spans are in, every parent index points inside the outline.
    expect(outline.parents.every((p) => p >= -1 && p < 20)).toBe(true);
  });

  it('reads spans from the covering index, in order, without touching the table or sorting', () => {
    sessionWith([]);
    const plan = (
      t.db.prepare(`explain query plan ${OUTLINE_SQL}`).all({ start: 0, session: 1, limit: 10 }) as {
        detail: string;
      }[]
    )
      .map((p) => p.detail)
      .join('\n');
    expect(plan).toMatch(/USING COVERING INDEX spans_outline \(session_id=\?\)/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
  });
});

describe('trace search and single spans', () => {
  it('matches names, status messages, attribute and event values case-insensitively, in outline order', () => {
    const big = 'needle-in-payload '.padEnd(SPAN_INLINE_CHARS * 2, 'x');
    const id = sessionWith([
      span('a', 30, { name: 'Chat GPT' }),
      span('b', 10, { attributes: { model: 'gpt-4.1' } }),
      span('c', 20, { status: 'error', statusMessage: 'Rate limit from GPT' }),
      span('d', 40, { events: [{ name: 'log', timeNs: T0, attributes: { message: 'gpt said hi' } }] }),
      span('e', 50, { attributes: { prompt: big } }),
      span('f', 60),
    ]);
    const outline = traceOutline(t.db, id)!;
    const ids = (text: string) =>
      searchTrace(t.db, id, text).rowIds.map((rowId) => outline.spanIds[outline.rowIds.indexOf(rowId)]);
    expect(ids('gpt')).toEqual(['b', 'c', 'a', 'd']);
    expect(ids('NEEDLE-IN')).toEqual(['e']);
    expect(ids('op f')).toEqual(['f']);
    expect(ids('nothing like it')).toEqual([]);
    expect(searchTrace(t.db, 'nope', 'gpt')).toEqual({ rowIds: [], isTruncated: false });
  });

  it('gives a full span only within its session, with payload-held attributes', () => {
    const prompt = 'p'.repeat(SPAN_INLINE_CHARS * 2);
    const id = sessionWith([span('a', 0, { attributes: { prompt } })]);
    const [other = ''] = upsertSessions(t.store, 'target-1', [makeSession({ remoteId: 'remote-2' })], NOW);
    const rowId = traceOutline(t.db, id)!.rowIds[0]!;
    expect(getSpan(t.db, id, rowId)?.attributes).toEqual({ prompt });
    expect(getSpan(t.db, other, rowId)).toBeNull();
    expect(getSpan(t.db, id, rowId + 1)).toBeNull();
  });

  it('outlines a generated tree with its shape intact', () => {
    const spans = makeTraceSpans(200, { fanout: 4 });
    const id = sessionWith(spans);
    const outline = traceOutline(t.db, id)!;
    expect(outline.count).toBe(200);
    const indexOf = new Map(outline.spanIds.map((s, i) => [s, i]));
    for (let i = 1; i < 200; i++) {
      const index = indexOf.get(spanIdOf(i))!;
      expect(outline.spanIds[outline.parents[index]!]).toBe(spanIdOf(Math.floor((i - 1) / 4)));
    }
    expect(outline.durationUs).toBe(60_000_000);
  });
});
