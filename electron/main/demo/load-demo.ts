import type { DemoLoadResult } from '@shared/ipc/contract';
import { storeSessionDetail } from '../db/session-detail-repo';
import { transact, type Store } from '../db/store';
import { createTarget, getTarget, updateTarget } from '../db/targets-repo';
import { buildDemoSessions } from './demo-data';

/** The demo target's fixed id, so loading twice refreshes the same sessions. */
export const DEMO_TARGET_ID = 'demo-data';

/**
 * Imports the bundled demo sessions under a "Demo data" target, in one transaction. The target
 * is disabled and read-only: nothing ever syncs from it or sends it a control action, and
 * removing it in Targets removes the demo. `now` (epoch ms) anchors the sessions' times.
 */
export function loadDemoData(store: Store, now: number): DemoLoadResult {
  const sessions = buildDemoSessions(now);
  transact(store, () => {
    const fields = {
      name: 'Demo data',
      kind: 'agentos' as const,
      location: 'local' as const,
      // Never contacted: the target is disabled and read-only.
      baseUrl: 'http://demo.localhost',
      authMode: 'none' as const,
      hasCredential: false,
      enabled: false,
      readOnly: true,
    };
    if (getTarget(store.db, DEMO_TARGET_ID)) updateTarget(store, DEMO_TARGET_ID, fields, now);
    else createTarget(store, { ...fields, id: DEMO_TARGET_ID }, now);
    for (const detail of sessions) storeSessionDetail(store, DEMO_TARGET_ID, detail, now);
  });
  return { targetId: DEMO_TARGET_ID, sessions: sessions.length };
}
