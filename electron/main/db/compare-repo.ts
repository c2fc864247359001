import type { ActivityItem } from '@shared/models/activity';
import type { PayloadRef } from '@shared/models/payload';
import type { Run } from '@shared/models/run';
import type { Session } from '@shared/models/session';
import type { Target } from '@shared/models/target';
import type { Db } from './connection';
import { payloadRefColumns, payloadRefFrom } from './payloads-repo';
import { activityWindow, listRuns, MAX_ACTIVITY_WINDOW } from './session-detail-repo';
import { getSession } from './sessions-repo';
import { prepared, toRowId } from './statements';
import { getTarget } from './targets-repo';

/** Everything a comparison reads of one session. */
export interface CompareSource {
  session: Session;
  /** Null when the target was removed and its sessions kept. */
  target: Target | null;
  runs: Run[];
  /** The full prompt when `session.prompt` is an excerpt; null when it is whole. */
  promptBody: PayloadRef | null;
  /** Every activity item, in seq order. */
  activity: ActivityItem[];
}

/**
 * A session with its target, runs, full-prompt ref and whole activity feed (read in windows of
 * `MAX_ACTIVITY_WINDOW`), or null when there is no such session.
 */
export function readCompareSource(db: Db, sessionId: string): CompareSource | null {
  const session = getSession(db, sessionId);
  const rowId = toRowId(sessionId);
  if (!session || rowId === null) return null;
  const refs = prepared<Record<string, unknown>>(
    db,
    `select ${payloadRefColumns('pp')}
     from sessions s left join payloads pp on pp.id = s.prompt_payload_id
     where s.id = ?`,
  ).get(rowId) as Record<string, unknown>;
  const activity: ActivityItem[] = [];
  for (;;) {
    const from = activity.length === 0 ? 0 : activity[activity.length - 1]!.seq + 1;
    const window = activityWindow(db, sessionId, from, MAX_ACTIVITY_WINDOW);
    for (const item of window) activity.push(item);
    if (window.length < MAX_ACTIVITY_WINDOW) break;
  }
  return {
    session,
    target: getTarget(db, session.targetId),
    runs: listRuns(db, sessionId),
    promptBody: payloadRefFrom(refs, 'pp'),
    activity,
  };
}
