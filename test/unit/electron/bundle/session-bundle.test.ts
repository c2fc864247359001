import { afterEach, describe, expect, it } from 'vitest';
import type { IngestSessionDetail } from '@shared/models/ingest';
import type { SessionDetail } from '@shared/models/session-detail';
import {
  BundleError,
  bundleFileName,
  exportSessionBundle,
  importSessionBundle,
  parseSessionBundle,
} from '../../../../electron/main/bundle/session-bundle';
import { getPayload } from '../../../../electron/main/db/payloads-repo';
import { listSessionRawRecords } from '../../../../electron/main/db/raw-records-repo';
import {
  activityWindow,
  getSessionDetail,
  storeSessionDetail,
} from '../../../../electron/main/db/session-detail-repo';
import { setSessionNotes, setSessionTags, upsertSessions } from '../../../../electron/main/db/sessions-repo';
import { spanWindow } from '../../../../electron/main/db/spans-repo';
import { getTarget } from '../../../../electron/main/db/targets-repo';
import {
  addTarget,
  createTestStore,
  makeActivity,
  makeDetail,
  makeRun,
  makeSession,
  NOW,
  type TestStore,
} from '../../db/helpers';

const stores: TestStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});
function newStore(): TestStore {
  const s = createTestStore();
  stores.push(s);
  return s;
}

const BIG = JSON.stringify({ rows: Array.from({ length: 3000 }, (_, i) => ({ i, text: `row ${i} ✓` })) });
const LONG_PROMPT = `Summarise 東京都 orders. ${'x'.repeat(5000)}`;

function richDetail(): IngestSessionDetail {
  return makeDetail({
    session: makeSession({
      remoteId: 'sess-1',
      name: 'Refund agent',
      prompt: LONG_PROMPT,
      parentRemoteId: 'boss',
    }),
    runs: [
      makeRun({ remoteId: 'run-1', input: { contentType: 'application/json', body: '{"q":1}' } }),
      makeRun({
        remoteId: 'run-2',
        parentRemoteId: 'run-1',
        output: { contentType: 'text/plain', body: BIG },
      }),
    ],
    activity: [
      makeActivity({ runRemoteId: 'run-1', text: 'Hello' }),
      makeActivity({
        kind: 'tool-call',
        role: null,
        text: null,
        runRemoteId: 'run-2',
        tool: {
          callId: 'c1',
          name: 'lookup',
          args: { contentType: 'application/json', body: '{"id":7}' },
          result: { contentType: 'application/json', body: BIG },
          state: 'failed',
          errorCategory: 'timeout',
          errorMessage: 'took too long',
          retryCount: 3,
          durationMs: 5000,
        },
      }),
      makeActivity({
        kind: 'link',
        role: null,
        text: null,
        link: { relation: 'called', sessionRemoteId: 'child', runRemoteId: 'cr', name: 'Child agent' },
      }),
      makeActivity({
        kind: 'control',
        role: null,
        text: null,
        control: { action: 'pause', phase: 'completed', by: 'ana', detail: null },
      }),
    ],
    spans: [
      {
        traceId: 't1',
        spanId: 's1',
        parentSpanId: null,
        name: 'agent.run',
        kind: 'internal',
        startNs: 1_750_000_000_000_000_123n,
        endNs: 1_750_000_000_500_000_000n,
        status: 'error',
        statusMessage: 'boom',
        attributes: { 'gen_ai.request.model': 'gpt-4o', nested: { a: [1, 2] } },
        events: [{ name: 'log', timeNs: 1_750_000_000_100_000_000n, attributes: { message: 'hi' } }],
      },
    ],
    raw: [
      { entity: 'session', remoteId: 'sess-1', json: '{"session_id":"sess-1","unknown_field":42}' },
      { entity: 'CustomThing', remoteId: 'x', json: '{"x":1}', parseError: 'unexpected shape' },
    ],
  });
}

/** A detail with the store's ids and sync times blanked, to compare two stores' copies. */
function comparable(detail: SessionDetail | null) {
  if (!detail) return detail;
  const ref = <T extends { id: string; isComplete: boolean } | null>(r: T) =>
    r ? { ...r, id: r.isComplete ? 'inline' : 'stored' } : r;
  return {
    ...detail,
    session: { ...detail.session, id: 'x', targetId: 'x', parentSessionId: null, syncedAt: null },
    runs: detail.runs.map((r) => ({
      ...r,
      id: 'x',
      sessionId: 'x',
      parentRunId: r.parentRunId && 'p',
      input: ref(r.input),
      output: ref(r.output),
      error: ref(r.error),
    })),
    activity: detail.activity.map((a) => ({
      ...a,
      id: 'x',
      sessionId: 'x',
      runId: a.runId && 'r',
      body: ref(a.body),
      tool: a.tool && { ...a.tool, args: ref(a.tool.args), result: ref(a.tool.result) },
      link: a.link && { ...a.link, targetId: null },
    })),
    promptBody: ref(detail.promptBody),
    summaryBody: ref(detail.summaryBody),
  };
}

describe('session bundles', () => {
  it('export then import into another store gives the same session, bodies, spans and raw records', () => {
    const source = newStore();
    addTarget(source.store, 'origin', { name: 'Local AgentOS', baseUrl: 'http://127.0.0.1:7777' });
    upsertSessions(source.store, 'origin', [makeSession({ remoteId: 'boss', name: 'Boss' })], NOW);
    const id = storeSessionDetail(source.store, 'origin', richDetail(), NOW);
    setSessionTags(source.store, id, ['regression', 'refunds']);
    setSessionNotes(source.store, id, 'fails on big results');

    const bundle = exportSessionBundle(source.db, id, '0.1.0', NOW + 1);
    expect(bundle).not.toBeNull();
    expect(bundle!.origin).toEqual({
      targetName: 'Local AgentOS',
      targetKind: 'agentos',
      location: 'local',
      baseUrl: 'http://127.0.0.1:7777',
    });
    expect(bundle!.session.parentRemoteId).toBe('boss');
    expect(bundle!.session.prompt).toBe(LONG_PROMPT);
    const text = JSON.stringify(bundle);
    expect(text).not.toMatch(/credential|secret/i);

    const destination = newStore();
    const imported = importSessionBundle(destination.store, parseSessionBundle(text), NOW + 2);
    const target = getTarget(destination.db, imported.targetId);
    expect(target).toMatchObject({
      name: 'Imported · Local AgentOS',
      enabled: false,
      readOnly: true,
      kind: 'agentos',
    });

    const before = getSessionDetail(source.db, id, { activityLimit: 100 });
    const after = getSessionDetail(destination.db, imported.sessionId, { activityLimit: 100 });
    expect(comparable(after)).toEqual(comparable(before));
    expect(after!.session.tags).toEqual(['regression', 'refunds']);
    expect(after!.session.notes).toBe('fails on big results');

    // Bodies kept outside the hot rows come back whole.
    const tool = activityWindow(destination.db, imported.sessionId, 0, 10).find(
      (a) => a.kind === 'tool-call',
    )!.tool!;
    expect(tool.result!.isComplete).toBe(false);
    expect(getPayload(destination.db, tool.result!.id)!.body).toBe(BIG);
    expect(getPayload(destination.db, after!.promptBody!.id)!.body).toBe(LONG_PROMPT);

    const spans = spanWindow(destination.db, imported.sessionId).spans;
    expect(spans).toEqual(
      spanWindow(source.db, id).spans.map((s) => ({ ...s, sessionId: imported.sessionId })),
    );
    expect(spans[0]!.startNs).toBe('1750000000000000123');

    const raw = listSessionRawRecords(destination.db, imported.sessionId).map((r) => [
      r.entity,
      r.remoteKey,
      r.json,
      r.parseError,
    ]);
    expect(raw).toEqual(
      listSessionRawRecords(source.db, id).map((r) => [r.entity, r.remoteKey, r.json, r.parseError]),
    );
  });

  it('importing the same bundle twice refreshes one session', () => {
    const source = newStore();
    addTarget(source.store, 'origin');
    const id = storeSessionDetail(source.store, 'origin', richDetail(), NOW);
    const text = JSON.stringify(exportSessionBundle(source.db, id, '0.1.0', NOW));
    const destination = newStore();
    const first = importSessionBundle(destination.store, parseSessionBundle(text), NOW);
    const second = importSessionBundle(destination.store, parseSessionBundle(text), NOW + 5);
    expect(second).toEqual(first);
    expect(destination.db.prepare('select count(*) as n from sessions').get()).toEqual({ n: 1 });
  });

  it('names the file after the session, safely', () => {
    const source = newStore();
    addTarget(source.store, 'origin');
    const id = storeSessionDetail(
      source.store,
      'origin',
      makeDetail({ session: makeSession({ name: 'a/b: c*d?' }) }),
      NOW,
    );
    expect(bundleFileName(exportSessionBundle(source.db, id, '0.1.0', NOW)!)).toBe('a-b-c-d.tracedeck.json');
    expect(exportSessionBundle(source.db, '999', '0.1.0', NOW)).toBeNull();
  });

  it('rejects files that are not bundles with a clear message, storing nothing', () => {
    expect(() => parseSessionBundle('not json')).toThrow(BundleError);
    expect(() => parseSessionBundle('{"format":"other"}')).toThrow('not a Tracedeck session bundle');
    expect(() => parseSessionBundle('{"format":"tracedeck.session-bundle","version":99}')).toThrow(
      'newer Tracedeck',
    );
    expect(() =>
      parseSessionBundle('{"format":"tracedeck.session-bundle","version":1,"session":{}}'),
    ).toThrow(/damaged: \w+/);
  });
});
