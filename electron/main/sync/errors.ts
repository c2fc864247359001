import { isTransientError, type SourceErrorCode } from '@shared/models/sync';

/** A classified failure talking to a source. `detail` is the server's own words, if any. */
export class SourceError extends Error {
  readonly code: SourceErrorCode;
  readonly status: number | null;
  /** From `Retry-After`, when the server sent one. */
  readonly retryAfterMs: number | null;
  readonly detail: string | null;

  constructor(
    code: SourceErrorCode,
    message: string,
    options: {
      status?: number | null;
      retryAfterMs?: number | null;
      detail?: string | null;
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'SourceError';
    this.code = code;
    this.status = options.status ?? null;
    this.retryAfterMs = options.retryAfterMs ?? null;
    this.detail = options.detail ?? null;
  }

  get isTransient(): boolean {
    return isTransientError(this.code);
  }
}

export function codeForStatus(status: number): SourceErrorCode {
  if (status === 401) return 'auth';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 408) return 'timeout';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'server';
  return 'bad-response';
}

/** `Retry-After` as milliseconds: either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

export function toSourceError(error: unknown): SourceError {
  if (error instanceof SourceError) return error;
  return new SourceError('network', error instanceof Error ? error.message : String(error), { cause: error });
}
