import { z } from 'zod';
import { ActivityItem } from './activity';
import { PayloadRef } from './payload';
import { Run } from './run';
import { Session } from './session';

/**
 * What the detail view opens with: the session, all its runs, the first window of its activity
 * feed and where its full prompt and summary live when the session row holds excerpts.
 */
export const SessionDetail = z.object({
  session: Session,
  runs: z.array(Run),
  /** Activity items from seq `activityStart`, in seq order; fetch more with activity windows. */
  activity: z.array(ActivityItem),
  activityStart: z.number(),
  /** Every activity item of the session. */
  activityTotal: z.number(),
  /** The full prompt when `session.prompt` is an excerpt; null when it is whole. */
  promptBody: PayloadRef.nullable(),
  /** The full summary when `session.summary` is an excerpt; null when it is whole. */
  summaryBody: PayloadRef.nullable(),
  payloadCount: z.number(),
  /** Bytes of all the session's stored payload bodies. */
  payloadBytes: z.number(),
  spanCount: z.number(),
  rawRecordCount: z.number(),
});
export type SessionDetail = z.infer<typeof SessionDetail>;
