import { z } from 'zod';
import { isOneOf } from './vocabulary';

/** Why talking to a source failed, as the sync engine classifies it. */
export const SOURCE_ERROR_CODES = [
  'network',
  'timeout',
  'rate-limited',
  'server',
  'auth',
  'forbidden',
  'not-found',
  'conflict',
  'bad-response',
  'canceled',
] as const;
export const SourceErrorCode = z.enum(SOURCE_ERROR_CODES);
export type SourceErrorCode = z.infer<typeof SourceErrorCode>;

/** A zod-free check for the renderer (see `isSessionStatus`). */
export function isSourceErrorCode(value: unknown): value is SourceErrorCode {
  return isOneOf(SOURCE_ERROR_CODES, value);
}

/** Transient failures are retried with backoff; the others stop the sync and wait for the user. */
export function isTransientError(code: SourceErrorCode): boolean {
  return code === 'network' || code === 'timeout' || code === 'rate-limited' || code === 'server';
}

/** A source error in words for the UI; `detail` (the server's own text) is shown on demand. */
export function describeSourceError(code: SourceErrorCode): string {
  switch (code) {
    case 'network':
      return 'Cannot reach the server. Is it running, and is the URL right?';
    case 'timeout':
      return 'The server did not answer in time.';
    case 'rate-limited':
      return 'The server asked us to slow down; retrying later.';
    case 'server':
      return 'The server failed while answering (5xx).';
    case 'auth':
      return 'The server refused the credentials. Check the key or token.';
    case 'forbidden':
      return 'The credentials are valid but lack the permission for this.';
    case 'not-found':
      return 'The server does not know this resource.';
    case 'conflict':
      return 'The server refused: the run is not in a state that allows this.';
    case 'bad-response':
      return 'The server answered with something Tracedeck cannot read.';
    case 'canceled':
      return 'Canceled.';
  }
}

/** Pushed while a target syncs, for its progress bar. */
export const SyncProgressEvent = z.object({
  targetId: z.string(),
  phase: z.enum(['syncing', 'done']),
  pages: z.number(),
  /** Sessions fetched and stored so far in this run. */
  sessions: z.number(),
  /** Sessions listed but unchanged since the last sync, so not fetched. */
  skipped: z.number(),
  /** Activity items stored by the last page. */
  items: z.number(),
  failures: z.number(),
  sessionsPerSec: z.number(),
});
export type SyncProgressEvent = z.infer<typeof SyncProgressEvent>;
