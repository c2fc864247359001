import { z } from 'zod';

/**
 * A record exactly as a source sent it (JSON text), kept so fields and event types Tracedeck
 * does not map yet are never lost. `parseError` is set when the record failed validation and
 * so was not (or only partly) turned into rows.
 */
export const RawRecord = z.object({
  id: z.string(),
  targetId: z.string(),
  /** The local session it belongs to, when it belongs to one. */
  sessionId: z.string().nullable(),
  /** What the record is, in the source's terms: `session`, `run`, `event`, `span`, `thread`… */
  entity: z.string(),
  /** The source's id for it, or a key the connector derives (e.g. `<run id>/<event index>`). */
  remoteKey: z.string(),
  json: z.string(),
  parseError: z.string().nullable(),
  /** Epoch ms. */
  receivedAt: z.number(),
});
export type RawRecord = z.infer<typeof RawRecord>;
