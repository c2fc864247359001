import { describe, expect, it } from 'vitest';
import { SourceError } from '../../../../electron/main/sync/errors';
import { backoffDelay, Semaphore, withRetry, type RetryPolicy } from '../../../../electron/main/sync/retry';

function recordingPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy & { waits: number[] } {
  const waits: number[] = [];
  return {
    attempts: 4,
    baseDelayMs: 100,
    maxDelayMs: 1_000,
    random: () => 1,
    sleep: async (ms) => {
      waits.push(ms);
    },
    waits,
    ...overrides,
  };
}

describe('withRetry', () => {
  it('retries transient failures with growing delays, then succeeds', async () => {
    const policy = recordingPolicy();
    let calls = 0;
    const result = await withRetry(async () => {
      calls++;
      if (calls < 3) throw new SourceError('server', 'boom');
      return 'ok';
    }, policy);
    expect(result).toBe('ok');
    expect(policy.waits).toEqual([100, 200]);
  });

  it('waits at least as long as Retry-After says', async () => {
    const policy = recordingPolicy();
    let calls = 0;
    await withRetry(async () => {
      if (calls++ === 0) throw new SourceError('rate-limited', '429', { retryAfterMs: 5_000 });
      return 1;
    }, policy);
    expect(policy.waits).toEqual([5_000]);
  });

  it('gives up after the attempt cap with the last error', async () => {
    const policy = recordingPolicy({ attempts: 3 });
    await expect(
      withRetry(async () => {
        throw new SourceError('timeout', 'slow');
      }, policy),
    ).rejects.toMatchObject({ code: 'timeout' });
    expect(policy.waits).toHaveLength(2);
  });

  it('does not retry auth or bad-response failures', async () => {
    for (const code of ['auth', 'bad-response', 'forbidden', 'not-found'] as const) {
      const policy = recordingPolicy();
      let calls = 0;
      await expect(
        withRetry(async () => {
          calls++;
          throw new SourceError(code, code);
        }, policy),
      ).rejects.toMatchObject({ code });
      expect(calls).toBe(1);
    }
  });

  it('stops waiting as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const pending = withRetry(
      async () => {
        throw new SourceError('network', 'down');
      },
      { attempts: 10, baseDelayMs: 60_000, maxDelayMs: 60_000 },
      controller.signal,
    );
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'canceled' });
  });
});

describe('backoffDelay', () => {
  it('jitters between half and all of the exponential step and caps it', () => {
    const error = new SourceError('server', 'x');
    const policy = { attempts: 10, baseDelayMs: 100, maxDelayMs: 1_000 };
    expect(backoffDelay(1, { ...policy, random: () => 0 }, error)).toBe(50);
    expect(backoffDelay(3, { ...policy, random: () => 1 }, error)).toBe(400);
    expect(backoffDelay(10, { ...policy, random: () => 1 }, error)).toBe(1_000);
  });
});

describe('Semaphore', () => {
  it('never runs more than its limit at once and runs every task', async () => {
    const semaphore = new Semaphore(2);
    let active = 0;
    let peak = 0;
    const done: number[] = [];
    const tasks = Array.from({ length: 6 }, (_, index) =>
      semaphore.run(async () => {
        active++;
        peak = Math.max(peak, active);
        await new Promise((resolve) => setImmediate(resolve));
        active--;
        done.push(index);
      }),
    );
    await Promise.all(tasks);
    expect(peak).toBe(2);
    expect(done.sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
