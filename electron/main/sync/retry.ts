import { SourceError, toSourceError } from './errors';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Injected for tests: [0, 1). */
  random?: () => number;
  /** Injected for tests; must reject with `canceled` when the signal aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Told about each failure that will be retried, and the wait before the next attempt. */
  onRetry?: (error: SourceError, attempt: number, delayMs: number) => void;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 };

/** Resolves after `ms`, or rejects with a `canceled` SourceError as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new SourceError('canceled', 'Canceled'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new SourceError('canceled', 'Canceled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Exponential backoff with full jitter, honouring a server's `Retry-After` as a floor. Only
 * transient failures (network, timeout, rate-limited, server) are retried.
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, error: SourceError): number {
  const random = policy.random ?? Math.random;
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.round(exponential / 2 + (random() * exponential) / 2);
  return Math.min(
    Math.max(jittered, error.retryAfterMs ?? 0),
    Math.max(policy.maxDelayMs, error.retryAfterMs ?? 0),
  );
}

export async function withRetry<T>(
  operation: () => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY,
  signal?: AbortSignal,
): Promise<T> {
  const wait = policy.sleep ?? sleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (caught) {
      const error = toSourceError(caught);
      if (signal?.aborted) throw new SourceError('canceled', 'Canceled', { cause: error });
      if (!error.isTransient || attempt >= policy.attempts) throw error;
      const delay = backoffDelay(attempt, policy, error);
      policy.onRetry?.(error, attempt, delay);
      await wait(delay, signal);
    }
  }
}

/** A counting semaphore: at most `limit` holders at once, the rest wait in order. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}
