// A stand-in fetch worker for the pool's tests: answers every fetch with a classified 404,
// except that a session named `exit` kills the worker thread mid-fetch.
import { parentPort } from 'node:worker_threads';

parentPort.on('message', (request) => {
  if (request.type !== 'fetch') return;
  if (request.ref.remoteId === 'exit') process.exit(3);
  parentPort.postMessage({
    type: 'error',
    id: request.id,
    error: { code: 'not-found', message: 'no such session', status: 404, retryAfterMs: null, detail: null },
  });
});
