// Generates synthetic sessions on a worker thread, one batch per request, so a benchmark's
// main thread spends its time storing them. Plain JS: Node strips the types of the .ts import.
import { parentPort, workerData } from 'node:worker_threads';
import { syntheticSessions } from './synthetic-store.ts';

const { options, batchSize } = workerData;
const sessions = syntheticSessions(options);
parentPort.on('message', () => {
  const batch = [];
  for (let i = 0; i < batchSize; i++) {
    const next = sessions.next();
    if (next.done) break;
    batch.push(next.value);
  }
  parentPort.postMessage(batch);
});
