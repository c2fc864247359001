import { z } from 'zod';

/**
 * Where a target's sync stands. `auth-required` and `rate-limited` are errors the UI explains
 * differently from a plain `error`: the first needs the user, the second only time.
 */
export const SYNC_STATUSES = ['idle', 'running', 'ok', 'error', 'auth-required', 'rate-limited'] as const;
export const SyncStatus = z.enum(SYNC_STATUSES);
export type SyncStatus = z.infer<typeof SyncStatus>;

/** How far the current (or last) sync run got. */
export const SyncProgress = z.object({
  pages: z.number(),
  records: z.number(),
  /** Records the source says exist, when it says; null otherwise. */
  total: z.number().nullable(),
});
export type SyncProgress = z.infer<typeof SyncProgress>;

/**
 * The persisted state of one target's sync for one scope (a connector may page several
 * collections independently, e.g. `sessions` and `runs`). Times are epoch ms.
 */
export const SyncState = z.object({
  targetId: z.string(),
  scope: z.string(),
  /** The connector's opaque position in the remote collection; null before the first page. */
  cursor: z.string().nullable(),
  status: SyncStatus,
  lastErrorCode: z.string().nullable(),
  lastErrorMessage: z.string().nullable(),
  lastAttemptAt: z.number().nullable(),
  lastSuccessAt: z.number().nullable(),
  nextAttemptAt: z.number().nullable(),
  /** Consecutive failed attempts; 0 after a success. */
  attempt: z.number(),
  progress: SyncProgress,
  updatedAt: z.number(),
});
export type SyncState = z.infer<typeof SyncState>;
