import { Worker } from 'node:worker_threads';
import type { SyntheticOptions, SyntheticSession } from './synthetic-store';

/**
 * The synthetic sessions in batches, generated one batch ahead on a worker thread (the same
 * data as `syntheticSessions(options)`, in the same order).
 */
export async function* syntheticBatches(
  options: SyntheticOptions,
  batchSize: number,
): AsyncGenerator<SyntheticSession[]> {
  const worker = new Worker(new URL('./synthetic-worker.mjs', import.meta.url), {
    workerData: { options, batchSize },
  });
  const arrived: SyntheticSession[][] = [];
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  worker.on('message', (batch: SyntheticSession[]) => {
    arrived.push(batch);
    wake?.();
  });
  worker.on('error', (error) => {
    failure = error;
    wake?.();
  });
  try {
    worker.postMessage('next');
    for (;;) {
      while (arrived.length === 0 && failure === null) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
      if (failure !== null) throw failure;
      const batch = arrived.shift() ?? [];
      if (batch.length === 0) return;
      worker.postMessage('next');
      yield batch;
    }
  } finally {
    await worker.terminate();
  }
}
