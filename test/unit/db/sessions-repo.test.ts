import { afterEach, describe, expect, it } from 'vitest';
import { EXCERPT_CHARS } from '../../../electron/main/db/limits';
import { getPayload } from '../../../electron/main/db/payloads-repo';
import { getSessionDetail, storeSessionDetail } from '../../../electron/main/db/session-detail-repo';
import { countSessions, openSessionQuery, sessionFacets } from '../../../electron/main/db/session-list-repo';
import {
  deleteSession,
  deleteSessions,
  getSession,
  getSessionByRemoteId,
  listChildSessions,
  setSessionNotes,
  setSessionTags,
  upsertSessions,
} from '../../../electron/main/db/sessions-repo';
import { transact } from '../../../electron/main/db/store';
import {
  addTarget,
  createTestStore,
  makeActivity,
  makeDetail,
  makeSession,
  NOW,
  type TestStore,
} from './helpers';

let t: TestStore;
afterEach(() => t.close());

describe('sessions repository', () => {
  it('inserts sessions with every field and returns their local ids in input order', () => {
    t = createTestStore();
    addTarget(t.store);
    t.changes.length = 0;
    const ids = upsertSessions(
      t.store,
      'target-1',
      [makeSession({ remoteId: 'b' }), makeSession({ remoteId: 'a', kind: 'team', status: 'pausing' })],
      NOW,
    );
    expect(ids).toHaveLength(2);
    expect(getSession(t.db, ids[0] ?? '')).toEqual({
      id: ids[0],
      targetId: 'target-1',
      remoteId: 'b',
      kind: 'agent',
      name: 'Support agent run',
      status: 'completed',
      trigger: { type: 'manual', source: 'ana@acme.dev', raw: '{"type":"manual"}' },
      actor: 'ana@acme.dev',
      project: 'checkout',
      component: { type: 'agent', id: 'support-agent', name: 'Support agent' },
      prompt: 'Find the refund policy for order 1234',
      summary: 'Found it',
      parentSessionId: null,
      createdAt: NOW - 3000,
      queuedAt: NOW - 2000,
      startedAt: NOW - 1000,
      finishedAt: NOW,
      durationMs: 1000,
      tokens: { input: 100, output: 50, total: 150 },
      costUsd: 0.0123,
      models: ['gpt-4.1-mini'],
      services: ['postgres'],
      errorCount: 0,
      toolCallCount: 1,
      remoteUpdatedAt: NOW,
      syncedAt: NOW,
      tags: [],
      notes: null,
    });
    expect(getSessionByRemoteId(t.db, 'target-1', 'a')).toMatchObject({
      id: ids[1],
      kind: 'team',
      status: 'pausing',
    });
    expect(getSession(t.db, '999')).toBeNull();
    expect(getSession(t.db, 'not-an-id')).toBeNull();
    expect(t.changes).toHaveLength(1);
    expect(t.changes[0]).toEqual(expect.arrayContaining(['sessions', 'search_docs', 'session_facets']));
  });

  it('keeps local tags and notes, and the local id, when a session is synced again', () => {
    t = createTestStore();
    addTarget(t.store);
    const [id = ''] = upsertSessions(t.store, 'target-1', [makeSession()], NOW);
    expect(setSessionTags(t.store, id, [' urgent ', 'billing', 'urgent', ''])?.tags).toEqual([
      'urgent',
      'billing',
    ]);
    expect(setSessionNotes(t.store, id, 'Customer called twice')?.notes).toBe('Customer called twice');
    const [again] = upsertSessions(
      t.store,
      'target-1',
      [makeSession({ status: 'failed', name: 'Renamed at the source', errorCount: 2 })],
      NOW + 10,
    );
    storeSessionDetail(
      t.store,
      'target-1',
      makeDetail({ session: makeSession({ status: 'failed' }) }),
      NOW + 20,
    );
    expect(again).toBe(id);
    expect(getSession(t.db, id)).toMatchObject({
      status: 'failed',
      tags: ['urgent', 'billing'],
      notes: 'Customer called twice',
      syncedAt: NOW + 20,
    });
    expect(setSessionNotes(t.store, id, null)?.notes).toBeNull();
    expect(setSessionTags(t.store, '12345', ['x'])).toBeNull();
    expect(setSessionNotes(t.store, '12345', 'x')).toBeNull();
  });

  it('moves facet counts when a session changes status and re-indexes only what changed', () => {
    t = createTestStore();
    addTarget(t.store);
    upsertSessions(t.store, 'target-1', [makeSession({ status: 'running' })], NOW);
    expect(countSessions(t.db, { statuses: ['running'] })).toBe(1);
    upsertSessions(
      t.store,
      'target-1',
      [makeSession({ status: 'completed', name: 'Now named kumquat' })],
      NOW,
    );
    expect(countSessions(t.db, { statuses: ['running'] })).toBe(0);
    expect(countSessions(t.db, { statuses: ['completed'] })).toBe(1);
    expect(sessionFacets(t.db, {}).total).toBe(1);
    expect(openSessionQuery(t.db, { text: 'kumquat' }).total).toBe(1);
  });

  it('keeps the whole of a long prompt in a payload and an excerpt on the row', () => {
    t = createTestStore();
    addTarget(t.store);
    const prompt = `${'Summarise the quarterly revenue. '.repeat(200)}THE-END`;
    const [id = ''] = upsertSessions(t.store, 'target-1', [makeSession({ prompt })], NOW);
    const session = getSession(t.db, id);
    expect(session?.prompt).toHaveLength(EXCERPT_CHARS);
    const detail = getSessionDetail(t.db, id);
    expect(detail?.promptBody).toMatchObject({ byteSize: prompt.length, isComplete: false });
    expect(getPayload(t.db, detail?.promptBody?.id ?? '')?.body).toBe(prompt);
    // Unchanged on resync: the same payload; shortened: the payload goes.
    upsertSessions(t.store, 'target-1', [makeSession({ prompt })], NOW);
    expect(getSessionDetail(t.db, id)?.promptBody?.id).toBe(detail?.promptBody?.id);
    upsertSessions(t.store, 'target-1', [makeSession({ prompt: 'short now' })], NOW);
    expect(getSessionDetail(t.db, id)?.promptBody).toBeNull();
    expect(getPayload(t.db, detail?.promptBody?.id ?? '')).toBeNull();
  });

  it('links a session to the one that called it, whichever was synced first', () => {
    t = createTestStore();
    addTarget(t.store);
    const [child = ''] = upsertSessions(
      t.store,
      'target-1',
      [makeSession({ remoteId: 'child', parentRemoteId: 'parent' })],
      NOW,
    );
    expect(getSession(t.db, child)?.parentSessionId).toBeNull();
    const [parent = ''] = upsertSessions(
      t.store,
      'target-1',
      [makeSession({ remoteId: 'parent', kind: 'workflow' })],
      NOW,
    );
    expect(getSession(t.db, child)?.parentSessionId).toBe(parent);
    expect(listChildSessions(t.db, parent).map((s) => s.id)).toEqual([child]);
    expect(listChildSessions(t.db, child)).toEqual([]);
  });

  it('forgets the search document of a write that was rolled back', () => {
    t = createTestStore();
    addTarget(t.store);
    expect(() =>
      transact(t.store, () => {
        storeSessionDetail(
          t.store,
          'target-1',
          makeDetail({ activity: [makeActivity({ text: 'ghostactivity' })] }),
          NOW,
        );
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    // The rolled-back row id is handed out again; its pending document must not come back.
    upsertSessions(t.store, 'target-1', [makeSession({ remoteId: 'real', name: 'realsession' })], NOW);
    expect(openSessionQuery(t.db, { text: 'ghostactivity' }).total).toBe(0);
    expect(openSessionQuery(t.db, { text: 'realsession' }).total).toBe(1);
  });

  it('deletes sessions with everything below them', () => {
    t = createTestStore();
    addTarget(t.store);
    const a = storeSessionDetail(t.store, 'target-1', makeDetail(), NOW);
    const b = storeSessionDetail(
      t.store,
      'target-1',
      makeDetail({ session: makeSession({ remoteId: 'b', prompt: 'x'.repeat(EXCERPT_CHARS + 1) }) }),
      NOW,
    );
    t.changes.length = 0;
    expect(deleteSessions(t.store, [a, b, '777', 'junk'])).toBe(2);
    expect(t.changes).toHaveLength(1);
    expect(t.changes[0]).toEqual(expect.arrayContaining(['sessions', 'runs', 'activity_items', 'payloads']));
    for (const table of [
      'sessions',
      'runs',
      'activity_items',
      'spans',
      'payloads',
      'raw_records',
      'search_docs',
    ]) {
      expect(t.db.prepare(`select count(*) as n from ${table}`).get(), table).toEqual({ n: 0 });
    }
    expect(sessionFacets(t.db, {}).total).toBe(0);
    expect(deleteSession(t.store, a)).toBe(false);
    expect(deleteSessions(t.store, [])).toBe(0);
  });
});
