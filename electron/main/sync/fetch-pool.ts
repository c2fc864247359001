import { Worker } from 'node:worker_threads';
import type { IngestSessionDetail } from '@shared/models/ingest';
import type { SourceErrorCode } from '@shared/models/sync';
import type { AuthMode, TargetKind } from '@shared/models/target';
import type { SessionRef } from './connector';
import { SourceError } from './errors';

/** What a worker needs to build a target's connector; the credential is already decrypted. */
export interface FetchTarget {
  kind: TargetKind;
  baseUrl: string;
  authMode: AuthMode;
  credential: string | null;
}

export interface FetchWorkerData {
  timeoutMs?: number;
  /** Fetches one worker runs at once; the others wait in its queue. */
  maxConcurrent?: number;
}

export type FetchWorkerRequest =
  { type: 'fetch'; id: number; target: FetchTarget; ref: SessionRef } | { type: 'abort'; id: number };

export type FetchWorkerReply =
  | { type: 'result'; id: number; detail: IngestSessionDetail }
  | {
      type: 'error';
      id: number;
      error: {
        code: SourceErrorCode;
        message: string;
        status: number | null;
        retryAfterMs: number | null;
        detail: string | null;
      };
    };

interface Pending {
  resolve: (detail: IngestSessionDetail) => void;
  reject: (error: unknown) => void;
  slot: Slot;
}

interface Slot {
  worker: Worker;
  inFlight: number;
  /** Whether the worker ever answered, i.e. its entry loaded. */
  hasReplied: boolean;
}

/**
 * The pool's workers cannot start (e.g. a build without the worker entry): callers fetch on
 * their own thread instead.
 */
export class FetchPoolUnavailableError extends Error {
  constructor(reason: string) {
    super(`The fetch workers cannot start: ${reason}`);
    this.name = 'FetchPoolUnavailableError';
  }
}

export interface SessionFetchPoolOptions {
  /** Worker threads; each runs up to `maxConcurrentPerWorker` fetches at once. */
  size: number;
  /**
   * The built `fetch-worker` entry (a path). Without it the pool runs `fetch-worker.ts` from
   * source, as vitest and `scripts/run-ts.mjs` do.
   */
  entry?: string;
  /** Per-request HTTP timeout, as `createHttpClient` takes it. */
  timeoutMs?: number;
  /**
   * Fetches each worker runs at once (default 4): the pool's bound on requests to a source, since
   * callers hand it a whole page at once.
   */
  maxConcurrentPerWorker?: number;
}

// Source runs (vitest, the Vite module runner) have no build step for the worker: Node loads
// the TypeScript graph itself, with the `@shared` alias, extensionless imports and the
// TypeScript Node cannot merely strip (parameter properties) handled by these hooks.
const SOURCE_BOOTSTRAP = `
const { registerHooks, stripTypeScriptTypes } = require('node:module');
const { readFileSync } = require('node:fs');
const { fileURLToPath } = require('node:url');
const { workerData } = require('node:worker_threads');
const emitWarning = process.emitWarning;
process.emitWarning = (warning, ...rest) => {
  if (!String(warning).includes('stripTypeScriptTypes')) emitWarning.call(process, warning, ...rest);
};
registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier.startsWith('@shared/')) specifier = workerData.sharedUrl + specifier.slice(8);
    try {
      return nextResolve(specifier, context);
    } catch (error) {
      if (!/^(\\.|file:)/.test(specifier) || /\\.[cm]?[jt]s$/.test(specifier)) throw error;
      try {
        return nextResolve(specifier + '.ts', context);
      } catch {
        return nextResolve(specifier + '/index.ts', context);
      }
    }
  },
  load(url, context, nextLoad) {
    if (!url.endsWith('.ts') || url.includes('/node_modules/')) return nextLoad(url, context);
    const code = readFileSync(fileURLToPath(url), 'utf8');
    return {
      format: 'module',
      source: stripTypeScriptTypes(code, { mode: 'transform', sourceUrl: url }),
      shortCircuit: true,
    };
  },
});
import(workerData.entryUrl);
`;

/**
 * Runs `Connector.fetchSession` on worker threads so the network, JSON parsing, validation and
 * mapping of session details leave the main thread, which only commits pages. Workers start on
 * first use and hold the process open only while a fetch is in flight. Failures arrive as the
 * worker classified them (`SourceError`), so retries and error handling stay the engine's.
 */
export class SessionFetchPool {
  private readonly slots: Slot[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private isClosed = false;
  private unavailable: string | null = null;

  constructor(private readonly options: SessionFetchPoolOptions) {}

  fetchSession(target: FetchTarget, ref: SessionRef, signal?: AbortSignal): Promise<IngestSessionDetail> {
    if (signal?.aborted) return Promise.reject(canceled(ref));
    if (this.isClosed) return Promise.reject(new SourceError('canceled', 'The sync is stopping'));
    if (this.unavailable !== null) return Promise.reject(new FetchPoolUnavailableError(this.unavailable));
    const slot = this.leastBusy();
    const id = this.nextId++;
    return new Promise<IngestSessionDetail>((resolve, reject) => {
      const onAbort = (): void => {
        if (!this.settle(id)) return;
        slot.worker.postMessage({ type: 'abort', id } satisfies FetchWorkerRequest);
        reject(canceled(ref));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = (): void => signal?.removeEventListener('abort', onAbort);
      this.pending.set(id, {
        slot,
        resolve: (detail) => {
          done();
          resolve(detail);
        },
        reject: (error) => {
          done();
          reject(error);
        },
      });
      if (slot.inFlight++ === 0) slot.worker.ref();
      slot.worker.postMessage({ type: 'fetch', id, target, ref } satisfies FetchWorkerRequest);
    });
  }

  /** Terminates the workers; fetches in flight reject as canceled. */
  async close(): Promise<void> {
    this.isClosed = true;
    const slots = this.slots.splice(0);
    for (const [id, pending] of this.pending) {
      this.settle(id);
      pending.reject(new SourceError('canceled', 'The sync is stopping'));
    }
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private leastBusy(): Slot {
    if (this.slots.length < this.options.size) {
      const idle = this.slots.find((slot) => slot.inFlight === 0);
      if (idle) return idle;
      return this.spawn();
    }
    return this.slots.reduce((best, slot) => (slot.inFlight < best.inFlight ? slot : best));
  }

  private spawn(): Slot {
    const data: FetchWorkerData & { entryUrl?: string; sharedUrl?: string } = {
      timeoutMs: this.options.timeoutMs,
      maxConcurrent: this.options.maxConcurrentPerWorker,
    };
    const worker = this.options.entry
      ? new Worker(this.options.entry, { workerData: data })
      : new Worker(SOURCE_BOOTSTRAP, {
          eval: true,
          workerData: {
            ...data,
            entryUrl: new URL('./fetch-worker.ts', import.meta.url).href,
            sharedUrl: new URL('../../../shared/', import.meta.url).href,
          },
        });
    worker.unref();
    const slot: Slot = { worker, inFlight: 0, hasReplied: false };
    this.slots.push(slot);
    worker.on('message', (reply: FetchWorkerReply) => {
      slot.hasReplied = true;
      const pending = this.pending.get(reply.id);
      if (!pending || !this.settle(reply.id)) return;
      if (reply.type === 'result') pending.resolve(reply.detail);
      else {
        const { code, message, ...rest } = reply.error;
        pending.reject(new SourceError(code, message, rest));
      }
    });
    // A worker that dies fails its fetches as transient network errors (the engine retries
    // them on a fresh worker) instead of leaving them pending forever. One that dies before it
    // ever answered could not load: the pool gives up and its callers fetch themselves.
    const fail = (error: unknown): void => {
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots.splice(index, 1);
      if (!slot.hasReplied && !this.isClosed) this.unavailable ??= describe(error);
      for (const [id, pending] of this.pending) {
        if (pending.slot !== slot || !this.settle(id)) continue;
        pending.reject(
          slot.hasReplied || this.unavailable === null
            ? new SourceError('network', `The fetch worker stopped: ${describe(error)}`, { cause: error })
            : new FetchPoolUnavailableError(this.unavailable),
        );
      }
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    return slot;
  }

  /** Forgets a pending fetch; false if it was already settled. */
  private settle(id: number): boolean {
    const pending = this.pending.get(id);
    if (!pending) return false;
    this.pending.delete(id);
    if (--pending.slot.inFlight === 0) pending.slot.worker.unref();
    return true;
  }
}

function canceled(ref: SessionRef): SourceError {
  return new SourceError('canceled', `Fetching session ${ref.remoteId} was canceled`);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
