import { isTransitional } from '@shared/models/status';
import type { Store } from '../db/store';
import { transact } from '../db/store';
import { listControlEntries, mergeControlEntries } from '../db/control-repo';
import { putRawRecords, fromIngestRaw } from '../db/raw-records-repo';
import { storeSessionDetail } from '../db/session-detail-repo';
import { getSyncState, putSyncState } from '../db/sync-state-repo';
import { getSessionByRemoteId } from '../db/sessions-repo';
import { activeSessions, deleteUnseenSessions, localVersions, setRemoteScope } from '../db/sync-repo';
import { getTarget, listTargets } from '../db/targets-repo';
import type { SyncEngineStore } from './engine';

/**
 * The sync engine's view of the store. A session the user just asked to pause or cancel keeps
 * its transitional status while the source still reports it running: only the source's
 * confirmation (or the control service's deadline) ends it.
 */
export function createEngineStore(store: Store, now: () => number): SyncEngineStore {
  const { db } = store;
  return {
    listTargets: () => listTargets(db),
    getTarget: (id) => getTarget(db, id),
    getState: (targetId) => getSyncState(db, targetId),
    saveState: (state) => putSyncState(store, state),
    commitPage({ targetId, sessions, failures, state }) {
      const at = now();
      transact(store, () => {
        const known = localVersions(
          db,
          targetId,
          sessions.map((s) => s.ref.remoteId),
        );
        for (const { ref, detail } of sessions) {
          const local = known.get(ref.remoteId);
          const incoming = detail.session.status;
          const keepsTransition =
            local !== undefined &&
            isTransitional(local.status) &&
            (incoming === 'running' || incoming === 'pending' || incoming === 'queued');
          const session = keepsTransition ? { ...detail.session, status: local.status } : detail.session;
          // Control requests made from Tracedeck survive the source's version of the feed.
          const stored = local ? getSessionByRemoteId(db, targetId, ref.remoteId) : null;
          const entries = stored ? listControlEntries(db, stored.id) : [];
          const activity = mergeControlEntries(detail.activity, entries);
          storeSessionDetail(store, targetId, { ...detail, session, activity }, at);
          setRemoteScope(db, targetId, ref.remoteId, ref.scope);
        }
        if (failures.length > 0) {
          putRawRecords(
            store,
            targetId,
            null,
            failures.map((f) => fromIngestRaw(f.raw)),
            at,
          );
        }
        if (state) putSyncState(store, state);
      });
    },
    localVersions: (targetId, remoteIds) => localVersions(db, targetId, remoteIds),
    activeSessions: (targetId, limit) =>
      activeSessions(db, targetId, limit).map((s) => ({
        remoteId: s.remoteId,
        kind: s.kind,
        scope: s.scope,
        updatedAt: s.updatedAt,
      })),
    deleteUnseen: (targetId, seen) => deleteUnseenSessions(store, targetId, seen),
  };
}
