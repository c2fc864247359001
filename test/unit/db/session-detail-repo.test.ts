import { afterEach, describe, expect, it } from 'vitest';
import type { IngestActivity } from '@shared/models/ingest';
import type { SessionDetail } from '@shared/models/session-detail';
import { EXCERPT_CHARS, PAYLOAD_PREVIEW_CHARS } from '../../../electron/main/db/limits';
import { getPayload, getPayloadBytes, getPayloadRef } from '../../../electron/main/db/payloads-repo';
import { listSessionRawRecords } from '../../../electron/main/db/raw-records-repo';
import {
  activityWindow,
  getSessionDetail,
  listRuns,
  replaceSessionDetail,
  storeSessionDetail,
} from '../../../electron/main/db/session-detail-repo';
import { openSessionQuery } from '../../../electron/main/db/session-list-repo';
import { upsertSessions } from '../../../electron/main/db/sessions-repo';
import { spanWindow } from '../../../electron/main/db/spans-repo';
import {
  addTarget,
  createTestStore,
  makeActivity,
  makeDetail,
  makeRun,
  makeSession,
  NOW,
  type TestStore,
} from './helpers';

let t: TestStore;
afterEach(() => t.close());

const everyKind: IngestActivity[] = [
  makeActivity({ text: 'Plan the trip to Lisbon' }),
  makeActivity({
    kind: 'reasoning',
    role: 'assistant',
    text: 'Need flights first',
    sourceType: 'ReasoningStep',
  }),
  makeActivity({
    kind: 'tool-call',
    role: null,
    text: null,
    runRemoteId: 'run-2',
    sourceType: 'ToolCallCompleted',
    tool: {
      callId: 'call_9',
      name: 'search_flights',
      args: { contentType: 'application/json', body: '{"to":"LIS"}' },
      result: null,
      state: 'failed',
      errorCategory: 'rate-limited',
      errorMessage: 'Rate limit exceeded: retry after 12 seconds',
      retryCount: 2,
      durationMs: 812,
    },
  }),
  makeActivity({ kind: 'error', role: null, text: 'Flight search failed', sourceType: 'RunError' }),
  makeActivity({
    kind: 'control',
    role: null,
    text: null,
    control: { action: 'pause', phase: 'completed', by: 'ana@acme.dev', detail: 'lunch' },
    sourceType: 'RunPaused',
  }),
  makeActivity({
    kind: 'input-wait',
    role: null,
    title: 'Approve the booking?',
    text: 'Total 420 EUR',
    sourceType: 'RunPaused',
  }),
  makeActivity({
    kind: 'link',
    role: null,
    text: null,
    link: { relation: 'called', sessionRemoteId: 'helper', runRemoteId: 'run-h', name: 'Booking helper' },
    sourceType: 'TeamRunMemberStarted',
  }),
  makeActivity({
    kind: 'link',
    role: null,
    text: null,
    link: { relation: 'member', sessionRemoteId: 'not-synced', runRemoteId: null, name: null },
    sourceType: 'TeamRunMemberStarted',
  }),
  makeActivity({
    kind: 'step',
    role: null,
    text: null,
    title: 'step extract',
    runRemoteId: null,
    sourceType: 'StepCompleted',
  }),
  makeActivity({
    kind: 'event',
    role: null,
    title: 'CustomEvent',
    text: '{"x":1}',
    at: null,
    sourceType: 'CustomEvent',
  }),
];

function withoutIds(detail: SessionDetail | null) {
  if (!detail) return detail;
  const strip = (ref: { id: string } | null) => (ref ? { ...ref, id: 'x' } : ref);
  return {
    ...detail,
    runs: detail.runs.map((r) => ({
      ...r,
      id: 'x',
      parentRunId: r.parentRunId ? 'x' : null,
      input: strip(r.input),
      output: strip(r.output),
      error: strip(r.error),
    })),
    activity: detail.activity.map((a) => ({
      ...a,
      id: 'x',
      runId: a.runId ? 'x' : null,
      body: strip(a.body),
      tool: a.tool ? { ...a.tool, args: strip(a.tool.args), result: strip(a.tool.result) } : null,
    })),
  };
}

describe('session detail repository', () => {
  it('stores a session with runs and every kind of activity item, and reads it back', () => {
    t = createTestStore();
    addTarget(t.store);
    const [helper] = upsertSessions(t.store, 'target-1', [makeSession({ remoteId: 'helper' })], NOW);
    t.changes.length = 0;
    const id = storeSessionDetail(
      t.store,
      'target-1',
      makeDetail({
        runs: [
          makeRun(),
          makeRun({
            remoteId: 'run-2',
            parentRemoteId: 'run-1',
            status: 'failed',
            output: null,
            error: { contentType: 'application/json', body: '{"error":"quota"}' },
          }),
        ],
        activity: everyKind,
      }),
      NOW,
    );
    expect(t.changes).toHaveLength(1);
    expect(t.changes[0]).toEqual(
      expect.arrayContaining(['sessions', 'runs', 'activity_items', 'search_docs']),
    );

    const detail = getSessionDetail(t.db, id);
    expect(detail?.session.id).toBe(id);
    const [run1, run2] = detail?.runs ?? [];
    expect(run1).toMatchObject({
      remoteId: 'run-1',
      parentRunId: null,
      status: 'completed',
      input: {
        id: `r${run1?.id}.input`,
        contentType: 'text/plain',
        preview: 'Find the refund policy',
        isComplete: true,
      },
      output: { contentType: 'application/json', isComplete: true },
      error: null,
      metrics: { inputTokens: 100, timeToFirstTokenMs: 320, costUsd: 0.0123 },
      model: 'gpt-4.1-mini',
      provider: 'openai',
    });
    expect(run2).toMatchObject({
      parentRunId: run1?.id,
      status: 'failed',
      output: null,
      error: { preview: '{"error":"quota"}' },
    });
    expect(getPayload(t.db, run1?.input?.id ?? '')).toMatchObject({
      body: 'Find the refund policy',
      encoding: 'utf8',
    });
    expect(getPayloadRef(t.db, run2?.error?.id ?? '')).toMatchObject({ byteSize: 17, isComplete: true });
    expect(listRuns(t.db, id)).toEqual(detail?.runs);

    const items = detail?.activity ?? [];
    expect(items.map((i) => [i.seq, i.kind])).toEqual(everyKind.map((a, seq) => [seq, a.kind]));
    expect(items[0]).toMatchObject({
      sessionId: id,
      runId: run1?.id,
      role: 'user',
      text: 'Plan the trip to Lisbon',
      body: null,
    });
    expect(items[2]?.runId).toBe(run2?.id);
    expect(items[2]?.tool).toEqual({
      callId: 'call_9',
      name: 'search_flights',
      args: {
        id: `a${items[2]?.id}.args`,
        contentType: 'application/json',
        byteSize: 12,
        preview: '{"to":"LIS"}',
        isComplete: true,
      },
      result: null,
      state: 'failed',
      errorCategory: 'rate-limited',
      errorMessage: 'Rate limit exceeded: retry after 12 seconds',
      retryCount: 2,
      durationMs: 812,
    });
    expect(getPayload(t.db, items[2]?.tool?.args?.id ?? '')?.body).toBe('{"to":"LIS"}');
    expect(items[3]).toMatchObject({ kind: 'error', text: 'Flight search failed', tool: null });
    expect(items[4]?.control).toEqual({
      action: 'pause',
      phase: 'completed',
      by: 'ana@acme.dev',
      detail: 'lunch',
    });
    expect(items[5]).toMatchObject({ title: 'Approve the booking?', text: 'Total 420 EUR' });
    expect(items[6]?.link).toEqual({
      relation: 'called',
      targetId: 'target-1',
      sessionRemoteId: 'helper',
      runRemoteId: 'run-h',
      sessionId: helper,
      name: 'Booking helper',
    });
    expect(items[7]?.link?.sessionId).toBeNull();
    expect(items[8]).toMatchObject({ runId: null, title: 'step extract' });
    expect(items[9]).toMatchObject({ at: null, sourceType: 'CustomEvent' });
    expect(detail).toMatchObject({
      activityStart: 0,
      activityTotal: everyKind.length,
      promptBody: null,
      summaryBody: null,
      spanCount: 0,
      rawRecordCount: 1,
    });
    // run-1 input + output, run-2 input + error, one tool argument body.
    expect(detail?.payloadCount).toBe(5);
    expect(listSessionRawRecords(t.db, id).map((r) => r.json)).toEqual([
      '{"session_id":"remote-1","extra":true}',
    ]);
  });

  it('re-storing the same detail leaves the same content, not a second copy', () => {
    t = createTestStore();
    addTarget(t.store);
    const long = `${'A long assistant answer. '.repeat(100)}`;
    const detail = makeDetail({
      activity: [...everyKind, makeActivity({ role: 'assistant', text: long })],
      spans: [
        {
          traceId: 'trace-1',
          spanId: 'span-1',
          parentSpanId: null,
          name: 'invoke_agent',
          kind: 'internal',
          startNs: 1_750_000_000_123_456_789n,
          endNs: 1_750_000_001_000_000_000n,
          status: 'ok',
          statusMessage: null,
          attributes: { 'gen_ai.system': 'openai' },
          events: [],
        },
      ],
    });
    const id = storeSessionDetail(t.store, 'target-1', detail, NOW);
    const first = getSessionDetail(t.db, id);
    const again = storeSessionDetail(t.store, 'target-1', detail, NOW);
    expect(again).toBe(id);
    const second = getSessionDetail(t.db, id);
    expect(withoutIds(second)).toEqual(withoutIds(first));
    expect(second?.spanCount).toBe(1);
    expect(second?.rawRecordCount).toBe(1);
    expect(t.db.prepare('select count(*) as n from payloads').get()).toEqual({ n: 1 });
    expect(openSessionQuery(t.db, { text: 'Lisbon' }).total).toBe(1);
  });

  it('keeps an excerpt of a long message inline and the whole text in a payload', () => {
    t = createTestStore();
    addTarget(t.store);
    const text = `${'word '.repeat(1000)}NEEDLE-AT-THE-END`;
    const explicit = { contentType: 'text/markdown', body: '# Full answer\n\nwith **markdown**' };
    const id = storeSessionDetail(
      t.store,
      'target-1',
      makeDetail({
        activity: [makeActivity({ text }), makeActivity({ text: 'Full answer', body: explicit })],
      }),
      NOW,
    );
    const [long, withBody] = getSessionDetail(t.db, id)?.activity ?? [];
    expect(long?.text).toHaveLength(EXCERPT_CHARS);
    expect(long?.body).toMatchObject({ contentType: 'text/plain', byteSize: text.length, isComplete: false });
    expect(getPayload(t.db, long?.body?.id ?? '')?.body).toBe(text);
    expect(withBody?.body).toMatchObject({ contentType: 'text/markdown', isComplete: true });
    expect(getPayload(t.db, withBody?.body?.id ?? '')?.body).toBe(explicit.body);
    expect(openSessionQuery(t.db, { text: 'NEEDLE-AT-THE-END' }).total).toBe(0);
    expect(openSessionQuery(t.db, { text: 'word word' }).total).toBe(1);
  });

  it('stores a 10 MB tool result out of the hot table and reads it back whole', () => {
    t = createTestStore();
    addTarget(t.store);
    const body = `{"rows":"${'0123456789'.repeat(1024 * 1024).slice(11)}"}`;
    expect(body).toHaveLength(10 * 1024 * 1024);
    const id = storeSessionDetail(
      t.store,
      'target-1',
      makeDetail({
        activity: [
          makeActivity({
            kind: 'tool-call',
            text: null,
            tool: {
              callId: null,
              name: 'export_table',
              args: null,
              result: { contentType: 'application/json', body },
              state: 'succeeded',
              errorCategory: null,
              errorMessage: null,
              retryCount: 0,
              durationMs: null,
            },
          }),
        ],
      }),
      NOW,
    );
    const detail = getSessionDetail(t.db, id);
    const ref = detail?.activity[0]?.tool?.result;
    expect(ref).toMatchObject({ byteSize: 10 * 1024 * 1024, isComplete: false });
    expect(ref?.id).toMatch(/^\d+$/);
    expect(ref?.preview).toHaveLength(PAYLOAD_PREVIEW_CHARS);
    expect(detail?.payloadBytes).toBeGreaterThanOrEqual(10 * 1024 * 1024);
    const hot = t.db
      .prepare(
        'select max(length(tool_result_preview)) as preview, sum(length(text)) as text from activity_items',
      )
      .get() as { preview: number; text: number | null };
    expect(hot.preview).toBe(PAYLOAD_PREVIEW_CHARS);
    const payload = getPayload(t.db, ref?.id ?? '');
    expect(payload?.body.length).toBe(body.length);
    expect(payload?.body === body).toBe(true);
    expect(getPayloadBytes(t.db, ref?.id ?? '')?.byteLength).toBe(10 * 1024 * 1024);
  });

  it('replaces the detail of a stored session and re-indexes it for search', () => {
    t = createTestStore();
    addTarget(t.store);
    const id = storeSessionDetail(t.store, 'target-1', makeDetail({ activity: everyKind }), NOW);
    expect(openSessionQuery(t.db, { text: 'Lisbon' }).total).toBe(1);
    expect(
      replaceSessionDetail(t.store, id, {
        runs: [makeRun()],
        activity: [makeActivity({ text: 'Now about Porto' })],
        spans: [],
        raw: [],
      }),
    ).toBe(true);
    expect(getSessionDetail(t.db, id)?.activity.map((a) => a.text)).toEqual(['Now about Porto']);
    expect(getSessionDetail(t.db, id)?.rawRecordCount).toBe(0);
    expect(openSessionQuery(t.db, { text: 'Lisbon' }).total).toBe(0);
    expect(openSessionQuery(t.db, { text: 'Porto' }).total).toBe(1);
    expect(replaceSessionDetail(t.store, '424242', { runs: [], activity: [], spans: [], raw: [] })).toBe(
      false,
    );
  });

  it('reads activity in windows by seq, at any depth', () => {
    t = createTestStore();
    addTarget(t.store);
    const activity = Array.from({ length: 1200 }, (_, i) => makeActivity({ text: `item ${i}` }));
    const id = storeSessionDetail(t.store, 'target-1', makeDetail({ activity }), NOW);
    expect(activityWindow(t.db, id, 1000, 3).map((a) => [a.seq, a.text])).toEqual([
      [1000, 'item 1000'],
      [1001, 'item 1001'],
      [1002, 'item 1002'],
    ]);
    expect(activityWindow(t.db, id, 1199, 50).map((a) => a.seq)).toEqual([1199]);
    expect(activityWindow(t.db, id, 5000, 50)).toEqual([]);
    expect(activityWindow(t.db, '999', 0, 50)).toEqual([]);
    const detail = getSessionDetail(t.db, id, { activityFrom: 600, activityLimit: 2 });
    expect(detail?.activity.map((a) => a.seq)).toEqual([600, 601]);
    expect(detail).toMatchObject({ activityStart: 600, activityTotal: 1200 });
    expect(getSessionDetail(t.db, id)?.activity).toHaveLength(500);
    expect(getSessionDetail(t.db, '999')).toBeNull();
  });

  it('stores the spans of a detail and replaces them on re-sync', () => {
    t = createTestStore();
    addTarget(t.store);
    const span = (spanId: string, startNs: bigint) => ({
      traceId: 'trace-9',
      spanId,
      parentSpanId: null,
      name: `span ${spanId}`,
      kind: 'client',
      startNs,
      endNs: null,
      status: 'unset' as const,
      statusMessage: null,
      attributes: {},
      events: [],
    });
    const id = storeSessionDetail(
      t.store,
      'target-1',
      makeDetail({ spans: [span('a', 2n), span('b', 1n)] }),
      NOW,
    );
    expect(spanWindow(t.db, id).spans.map((s) => s.spanId)).toEqual(['b', 'a']);
    storeSessionDetail(t.store, 'target-1', makeDetail({ spans: [span('c', 3n)] }), NOW);
    expect(spanWindow(t.db, id).spans.map((s) => s.spanId)).toEqual(['c']);
  });
});
