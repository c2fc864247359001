import { afterEach, describe, expect, it } from 'vitest';
import type { SyncState } from '@shared/models/sync-state';
import { transact } from '../../../electron/main/db/store';
import { getSession, upsertSessions } from '../../../electron/main/db/sessions-repo';
import {
  advanceSyncCursor,
  getSyncState,
  listSyncStates,
  putSyncState,
} from '../../../electron/main/db/sync-state-repo';
import { addTarget, createTestStore, makeSession, NOW, type TestStore } from './helpers';

let t: TestStore;
afterEach(() => t.close());

function state(patch: Partial<SyncState> = {}): SyncState {
  return {
    targetId: 'target-1',
    scope: 'sessions',
    cursor: null,
    status: 'idle',
    lastErrorCode: null,
    lastErrorMessage: null,
    lastAttemptAt: null,
    lastSuccessAt: null,
    nextAttemptAt: null,
    attempt: 0,
    progress: { pages: 0, records: 0, total: null },
    updatedAt: NOW,
    ...patch,
  };
}

describe('sync state repository', () => {
  it('stores, replaces and lists states per target and scope', () => {
    t = createTestStore();
    addTarget(t.store);
    t.changes.length = 0;
    expect(getSyncState(t.db, 'target-1')).toBeNull();
    putSyncState(
      t.store,
      state({
        status: 'rate-limited',
        lastErrorCode: 'rate-limited',
        nextAttemptAt: NOW + 30_000,
        attempt: 2,
      }),
    );
    putSyncState(
      t.store,
      state({ scope: 'runs', status: 'auth-required', lastErrorMessage: '401 Unauthorized' }),
    );
    expect(getSyncState(t.db, 'target-1')).toEqual(
      state({
        status: 'rate-limited',
        lastErrorCode: 'rate-limited',
        nextAttemptAt: NOW + 30_000,
        attempt: 2,
      }),
    );
    putSyncState(t.store, state({ status: 'ok', lastSuccessAt: NOW + 1 }));
    expect(getSyncState(t.db, 'target-1')).toMatchObject({
      status: 'ok',
      attempt: 0,
      lastSuccessAt: NOW + 1,
    });
    expect(listSyncStates(t.db).map((s) => `${s.scope}:${s.status}`)).toEqual([
      'runs:auth-required',
      'sessions:ok',
    ]);
    expect(t.changes).toEqual([['sync_state'], ['sync_state'], ['sync_state']]);
  });

  it('rejects the state of an unknown target', () => {
    t = createTestStore();
    expect(() => putSyncState(t.store, state({ targetId: 'nope' }))).toThrow(/FOREIGN KEY/);
  });

  it('advances the cursor in the same transaction as the page it belongs to, notifying once after commit', () => {
    t = createTestStore();
    addTarget(t.store);
    t.changes.length = 0;
    transact(t.store, () => {
      upsertSessions(
        t.store,
        'target-1',
        [makeSession({ remoteId: 'a' }), makeSession({ remoteId: 'b' })],
        NOW,
      );
      advanceSyncCursor(t.store, { targetId: 'target-1', cursor: 'page-2', records: 2, total: 10 }, NOW);
      expect(t.changes).toEqual([]);
    });
    expect(t.changes).toHaveLength(1);
    expect(t.changes[0]).toEqual(expect.arrayContaining(['sessions', 'sync_state']));
    expect(getSyncState(t.db, 'target-1')).toMatchObject({
      cursor: 'page-2',
      status: 'running',
      progress: { pages: 1, records: 2, total: 10 },
    });
    advanceSyncCursor(t.store, { targetId: 'target-1', cursor: 'page-3', records: 3 }, NOW + 1);
    expect(getSyncState(t.db, 'target-1')?.progress).toEqual({ pages: 2, records: 5, total: 10 });
  });

  it('leaves both the page and the cursor unwritten when the page fails, so a retry resumes cleanly', () => {
    t = createTestStore();
    addTarget(t.store);
    advanceSyncCursor(t.store, { targetId: 'target-1', cursor: 'page-1', records: 1 }, NOW);
    t.changes.length = 0;
    expect(() =>
      transact(t.store, () => {
        const [id] = upsertSessions(t.store, 'target-1', [makeSession({ remoteId: 'c' })], NOW);
        advanceSyncCursor(t.store, { targetId: 'target-1', cursor: 'page-2', records: 1 }, NOW);
        expect(getSession(t.db, id ?? '')).not.toBeNull();
        throw new Error('crash between pages');
      }),
    ).toThrow('crash between pages');
    expect(getSyncState(t.db, 'target-1')?.cursor).toBe('page-1');
    expect(t.db.prepare('select count(*) as n from sessions').get()).toEqual({ n: 0 });
    expect(t.changes).toEqual([]);
  });
});
