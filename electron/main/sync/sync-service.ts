import type { Target } from '@shared/models/target';
import type { SecretStore } from '../lib/secrets';
import type { Store } from '../db/store';
import { listTargets } from '../db/targets-repo';
import type { EventBus } from '../lib/event-bus';
import type { Connector } from './connector';
import { createConnector } from './connectors';
import { SyncEngine, type SyncMode, type SyncRunResult } from './engine';
import { createEngineStore } from './engine-store';
import { FetchPoolUnavailableError, type SessionFetchPool } from './fetch-pool';
import type { HttpClient } from './http';
import { Semaphore, type RetryPolicy } from './retry';

export interface SyncServiceOptions {
  store: Store;
  secrets: SecretStore;
  http: HttpClient;
  /**
   * Where session details are fetched, parsed and mapped; null does it on this thread through
   * `http`. The pool's workers use their own HTTP client (the same `createHttpClient`).
   */
  fetchPool?: SessionFetchPool | null;
  events: EventBus;
  now: () => number;
  retry?: RetryPolicy;
  /** Incremental sync of every enabled target, in ms (0 disables the schedule). */
  intervalMs?: number;
  /** Refresh of sessions that are still changing, in ms (0 disables it). */
  liveIntervalMs?: number;
  concurrency?: number;
}

/** More than a page of sessions (the connectors list 100 at a time). */
const POOLED_FETCHES_PER_PAGE = 256;
/** The engine's own default. */
const FALLBACK_FETCHES = 8;

/**
 * Owns the sync engine and its schedule: every enabled target is synced on an interval and its
 * live sessions refreshed on a shorter one. Stopped on quit, which cancels runs in flight.
 */
export class SyncService {
  readonly engine: SyncEngine;
  private readonly nextSyncAt = new Map<string, number>();
  private timers: NodeJS.Timeout[] = [];
  private readonly intervalMs: number;

  constructor(private readonly options: SyncServiceOptions) {
    this.intervalMs = options.intervalMs ?? 60_000;
    this.engine = new SyncEngine({
      store: createEngineStore(options.store, options.now),
      connectorFor: (target) => this.connectorFor(target),
      onState: (state) => options.events.emit('sync:state', state),
      onProgress: (progress) => options.events.emit('sync:progress', progress),
      now: options.now,
      retry: options.retry,
      concurrency: options.concurrency,
      // The pool's workers bound the requests in flight; the engine hands them whole pages, so
      // they keep fetching while this thread writes the previous page.
      fetchConcurrency: options.fetchPool ? POOLED_FETCHES_PER_PAGE : undefined,
    });
  }

  /** A connector for a target, with its credential decrypted for this call only. */
  connectorFor(
    target: Pick<Target, 'id' | 'kind' | 'baseUrl' | 'authMode'>,
    credential?: string | null,
  ): Connector {
    const config = {
      baseUrl: target.baseUrl,
      authMode: target.authMode,
      credential: credential !== undefined ? credential : this.options.secrets.get(target.id),
    };
    const connector = createConnector(target.kind, { ...config, http: this.options.http });
    const pool = this.options.fetchPool;
    if (!pool) return connector;
    // Without its workers the pool no longer bounds the requests: fetch as few at once as the
    // engine does without a pool.
    const fallbackLimit = new Semaphore(FALLBACK_FETCHES);
    return {
      kind: connector.kind,
      discover: (signal) => connector.discover(signal),
      listSessions: (request, signal) => connector.listSessions(request, signal),
      fetchSession: (ref, signal) =>
        pool.fetchSession({ kind: target.kind, ...config }, ref, signal).catch((error: unknown) => {
          if (error instanceof FetchPoolUnavailableError) {
            return fallbackLimit.run(() => connector.fetchSession(ref, signal));
          }
          throw error;
        }),
      control: (request, signal) => connector.control(request, signal),
    };
  }

  start(): void {
    if (this.intervalMs > 0) {
      this.timers.push(setInterval(() => this.syncDue(), Math.min(this.intervalMs, 5_000)));
      this.syncDue();
    }
    const liveMs = this.options.liveIntervalMs ?? 3_000;
    if (liveMs > 0) this.timers.push(setInterval(() => void this.refreshActive(), liveMs));
    for (const timer of this.timers) timer.unref();
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    await this.engine.stop();
    await this.options.fetchPool?.close();
  }

  sync(targetId: string, mode: SyncMode = 'incremental'): Promise<SyncRunResult> {
    this.nextSyncAt.set(targetId, this.options.now() + this.intervalMs);
    return this.engine.sync(targetId, mode);
  }

  nextSyncOf(targetId: string): number | null {
    return this.intervalMs > 0 ? (this.nextSyncAt.get(targetId) ?? null) : null;
  }

  private syncDue(): void {
    const now = this.options.now();
    for (const target of listTargets(this.options.store.db)) {
      if (!target.enabled) {
        this.nextSyncAt.delete(target.id);
        continue;
      }
      if ((this.nextSyncAt.get(target.id) ?? 0) <= now) void this.sync(target.id).catch(() => undefined);
    }
  }

  private async refreshActive(): Promise<void> {
    for (const target of listTargets(this.options.store.db)) {
      if (target.enabled) await this.engine.refreshActive(target.id).catch(() => undefined);
    }
  }
}
