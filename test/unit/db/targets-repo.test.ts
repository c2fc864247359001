import { afterEach, describe, expect, it } from 'vitest';
import { storeSessionDetail } from '../../../electron/main/db/session-detail-repo';
import { getSession } from '../../../electron/main/db/sessions-repo';
import { getSyncState, putSyncState } from '../../../electron/main/db/sync-state-repo';
import { sessionFacets } from '../../../electron/main/db/session-list-repo';
import {
  createTarget,
  deleteTarget,
  getTarget,
  listTargets,
  updateTarget,
} from '../../../electron/main/db/targets-repo';
import { addTarget, createTestStore, makeDetail, NOW, type TestStore } from './helpers';

let t: TestStore;
afterEach(() => t.close());

describe('targets repository', () => {
  it('creates, reads, lists, updates and deletes targets, notifying after each write', () => {
    t = createTestStore();
    const created = createTarget(
      t.store,
      {
        name: 'zeta cloud',
        kind: 'langgraph',
        location: 'cloud',
        baseUrl: 'https://lg.example',
        authMode: 'api-key',
        hasCredential: true,
        enabled: true,
        readOnly: true,
      },
      NOW,
    );
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created).toMatchObject({ createdAt: NOW, updatedAt: NOW, hasCredential: true, readOnly: true });
    addTarget(t.store, 'alpha', { name: 'Alpha local' });
    expect(getTarget(t.db, created.id)).toEqual(created);
    expect(listTargets(t.db).map((x) => x.name)).toEqual(['Alpha local', 'zeta cloud']);

    const updated = updateTarget(t.store, created.id, { name: 'Zeta prod', enabled: false }, NOW + 5);
    expect(updated).toMatchObject({ name: 'Zeta prod', enabled: false, createdAt: NOW, updatedAt: NOW + 5 });
    expect(getTarget(t.db, created.id)).toEqual(updated);
    expect(updateTarget(t.store, 'missing', { name: 'x' })).toBeNull();
    expect(getTarget(t.db, 'missing')).toBeNull();

    expect(deleteTarget(t.store, created.id)).toBe(true);
    expect(deleteTarget(t.store, created.id)).toBe(false);
    expect(listTargets(t.db).map((x) => x.id)).toEqual(['alpha']);
    expect(t.changes.map((c) => c[0])).toEqual(['targets', 'targets', 'targets', 'targets']);
  });

  it('rejects a duplicate id', () => {
    t = createTestStore();
    addTarget(t.store, 'same');
    expect(() => addTarget(t.store, 'same')).toThrow(/UNIQUE/);
  });

  it('deleting a target removes its sessions, their detail, sync state and facet counts', () => {
    t = createTestStore();
    addTarget(t.store, 'keep');
    addTarget(t.store, 'drop');
    const kept = storeSessionDetail(t.store, 'keep', makeDetail(), NOW);
    const dropped = storeSessionDetail(t.store, 'drop', makeDetail(), NOW);
    putSyncState(t.store, {
      targetId: 'drop',
      scope: 'sessions',
      cursor: 'c',
      status: 'ok',
      lastErrorCode: null,
      lastErrorMessage: null,
      lastAttemptAt: null,
      lastSuccessAt: NOW,
      nextAttemptAt: null,
      attempt: 0,
      progress: { pages: 1, records: 1, total: null },
      updatedAt: NOW,
    });
    expect(deleteTarget(t.store, 'drop')).toBe(true);
    expect(getSession(t.db, dropped)).toBeNull();
    expect(getSession(t.db, kept)).not.toBeNull();
    expect(getSyncState(t.db, 'drop')).toBeNull();
    const facets = sessionFacets(t.db, {});
    expect(facets.total).toBe(1);
    expect(facets.targets).toEqual([{ value: 'keep', count: 1 }]);
    expect(t.db.prepare('select count(*) as n from activity_items').get()).toEqual({ n: 3 });
  });
});
