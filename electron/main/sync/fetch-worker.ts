// A worker thread of `SessionFetchPool`: runs connectors' `fetchSession` (HTTP, JSON.parse,
// validation and mapping) off the main thread and posts the mapped detail back.
import { parentPort, workerData } from 'node:worker_threads';
import type { Connector } from './connector';
import { createConnector } from './connectors';
import { toSourceError } from './errors';
import type { FetchWorkerData, FetchWorkerReply, FetchWorkerRequest } from './fetch-pool';
import { createHttpClient } from './http';

const port = parentPort;
if (!port) throw new Error('fetch-worker must run in a worker thread');

const { timeoutMs, maxConcurrent = 4 } = workerData as FetchWorkerData;
const http = createHttpClient(timeoutMs === undefined ? {} : { timeoutMs });
const connectors = new Map<string, Connector>();
const inFlight = new Map<number, AbortController>();
// Requests beyond `maxConcurrent` wait here, so the pool can hand over a whole page at once and
// the worker keeps fetching while the main thread is busy writing the previous one.
const queue: Extract<FetchWorkerRequest, { type: 'fetch' }>[] = [];

function connectorFor(request: Extract<FetchWorkerRequest, { type: 'fetch' }>): Connector {
  const { kind, baseUrl, authMode, credential } = request.target;
  const key = JSON.stringify([kind, baseUrl, authMode, credential]);
  let connector = connectors.get(key);
  if (!connector) {
    connector = createConnector(kind, { baseUrl, authMode, credential, http });
    connectors.set(key, connector);
  }
  return connector;
}

async function fetchOne(request: Extract<FetchWorkerRequest, { type: 'fetch' }>): Promise<void> {
  const controller = new AbortController();
  inFlight.set(request.id, controller);
  let reply: FetchWorkerReply;
  try {
    const detail = await connectorFor(request).fetchSession(request.ref, controller.signal);
    reply = { type: 'result', id: request.id, detail };
  } catch (caught) {
    const error = toSourceError(caught);
    reply = {
      type: 'error',
      id: request.id,
      error: {
        code: error.code,
        message: error.message,
        status: error.status,
        retryAfterMs: error.retryAfterMs,
        detail: error.detail,
      },
    };
  } finally {
    inFlight.delete(request.id);
  }
  port?.postMessage(reply);
  startQueued();
}

function startQueued(): void {
  while (inFlight.size < maxConcurrent) {
    const request = queue.shift();
    if (!request) return;
    void fetchOne(request);
  }
}

port.on('message', (request: FetchWorkerRequest) => {
  if (request.type === 'abort') {
    inFlight.get(request.id)?.abort();
    const queued = queue.findIndex((q) => q.id === request.id);
    if (queued >= 0) queue.splice(queued, 1);
  } else {
    queue.push(request);
    startQueued();
  }
});
