import type { IngestRaw, IngestSessionDetail } from '@shared/models/ingest';
import type { SessionStatus } from '@shared/models/status';
import { isTransitional } from '@shared/models/status';
import type { SourceErrorCode, SyncProgressEvent } from '@shared/models/sync';
import type { SyncState } from '@shared/models/sync-state';
import type { Target } from '@shared/models/target';
import type { Connector, SessionRef } from './connector';
import { SourceError, toSourceError } from './errors';
import { DEFAULT_RETRY, Semaphore, withRetry, type RetryPolicy } from './retry';

/** What the engine reads and writes; implemented over the repositories by `engine-store.ts`. */
export interface SyncEngineStore {
  listTargets(): Target[];
  getTarget(id: string): Target | null;
  getState(targetId: string): SyncState | null;
  saveState(state: SyncState): void;
  /**
   * Writes a page's sessions and failures and the new state in ONE transaction: a crash either
   * keeps the page and its cursor or neither.
   */
  commitPage(page: {
    targetId: string;
    sessions: { ref: SessionRef; detail: IngestSessionDetail }[];
    failures: { ref: SessionRef; raw: IngestRaw }[];
    /** The sync state to save with the page; null leaves it as is (a refresh outside a run). */
    state: SyncState | null;
  }): void;
  /** Local remote-updated-at and status of the given sessions of a target. */
  localVersions(
    targetId: string,
    remoteIds: string[],
  ): Map<string, { remoteUpdatedAt: number | null; status: SessionStatus }>;
  /** Sessions still changing at the source (live, waiting or paused), newest first. */
  activeSessions(targetId: string, limit: number): SessionRef[];
  /** Deletes a target's sessions whose remote ids were not seen by a full resync. */
  deleteUnseen(targetId: string, seen: ReadonlySet<string>): number;
}

export interface SyncEngineOptions {
  store: SyncEngineStore;
  connectorFor: (target: Target) => Connector;
  onState: (state: SyncState) => void;
  onProgress: (progress: SyncProgressEvent) => void;
  now?: () => number;
  retry?: RetryPolicy;
  /** Targets synced at once across the app. */
  concurrency?: number;
  /** Sessions fetched in parallel within one target. */
  fetchConcurrency?: number;
  /** Runaway guard: pages in one run. */
  maxPagesPerRun?: number;
}

export type SyncMode = 'incremental' | 'full';

export interface SyncRunResult {
  targetId: string;
  status: SyncState['status'];
  /** True when the run continued one interrupted by a crash or cancel. */
  wasResumed: boolean;
  sessions: number;
  skipped: number;
  failures: number;
  deleted: number;
  errorCode: SourceErrorCode | null;
}

/** The engine's position in a target's remote list, persisted as the sync state's cursor. */
interface CursorState {
  /** Sessions updated before this (epoch ms) are known; null before the first completed run. */
  watermark: number | null;
  /**
   * The run in progress: its mode, next page, and the next watermark: the oldest of the newest
   * updates seen at the start of each partition (see `SessionListPage.isPartitionStart`).
   */
  run: { mode: SyncMode; since: number | null; page: string | null; newest: number | null } | null;
}

function readCursor(state: SyncState | null): CursorState {
  if (!state?.cursor) return { watermark: null, run: null };
  try {
    return JSON.parse(state.cursor) as CursorState;
  } catch {
    return { watermark: null, run: null };
  }
}

function statusFor(error: SourceError): SyncState['status'] {
  if (error.code === 'auth' || error.code === 'forbidden') return 'auth-required';
  if (error.code === 'rate-limited') return 'rate-limited';
  return 'error';
}

/**
 * Pulls sessions from every enabled target into the store: incremental runs list what changed
 * since the watermark, full runs list everything and drop what the source no longer has, and a
 * short-interval refresh keeps running and paused sessions live. Each page is committed with its
 * cursor, so a killed process resumes where it stopped.
 */
export class SyncEngine {
  private readonly running = new Map<
    string,
    { controller: AbortController; promise: Promise<SyncRunResult> }
  >();
  private readonly semaphore: Semaphore;
  private readonly now: () => number;
  private isStopped = false;

  constructor(private readonly options: SyncEngineOptions) {
    this.semaphore = new Semaphore(options.concurrency ?? 2);
    this.now = options.now ?? Date.now;
  }

  /** Syncs a target now; joins the run already in progress for it, if any. */
  sync(targetId: string, mode: SyncMode = 'incremental'): Promise<SyncRunResult> {
    const current = this.running.get(targetId);
    if (current) return current.promise;
    const controller = new AbortController();
    const promise = this.semaphore
      .run(async () => {
        const result = await this.runTarget(targetId, mode, controller.signal);
        if (result.status !== 'ok' || !result.wasResumed) return result;
        // A resumed run skipped the pages it had stored before it was interrupted; whatever
        // changed at the source meanwhile sorts first now, so one incremental pass picks it up.
        const catchUp = await this.runTarget(targetId, 'incremental', controller.signal);
        return {
          ...catchUp,
          sessions: result.sessions + catchUp.sessions,
          skipped: result.skipped + catchUp.skipped,
          failures: result.failures + catchUp.failures,
          deleted: result.deleted + catchUp.deleted,
          wasResumed: true,
        };
      })
      .finally(() => this.running.delete(targetId));
    this.running.set(targetId, { controller, promise });
    return promise;
  }

  isSyncing(targetId: string): boolean {
    return this.running.has(targetId);
  }

  /** Cancels a target's run; its last committed page stays and the next run resumes after it. */
  cancel(targetId: string): void {
    this.running.get(targetId)?.controller.abort();
  }

  /** Cancels every run and waits for them to settle (on quit). */
  async stop(): Promise<void> {
    this.isStopped = true;
    const runs = [...this.running.values()];
    for (const run of runs) run.controller.abort();
    await Promise.allSettled(runs.map((run) => run.promise));
  }

  /** Refetches a target's sessions that are still changing, so the UI stays live. */
  async refreshActive(targetId: string, limit = 50, signal?: AbortSignal): Promise<number> {
    if (this.running.has(targetId)) return 0;
    return this.refreshSessions(targetId, this.options.store.activeSessions(targetId, limit), signal);
  }

  /** Refetches the given sessions of a target and stores them; returns how many were stored. */
  async refreshSessions(targetId: string, refs: SessionRef[], signal?: AbortSignal): Promise<number> {
    const target = this.options.store.getTarget(targetId);
    if (!target?.enabled || refs.length === 0) return 0;
    const connector = this.options.connectorFor(target);
    const { sessions, failures } = await this.fetchAll(connector, refs, signal);
    const state = this.options.store.getState(targetId) ?? this.initialState(targetId);
    this.options.store.commitPage({
      targetId,
      sessions,
      failures,
      state: { ...state, updatedAt: this.now() },
    });
    return sessions.length;
  }

  private initialState(targetId: string): SyncState {
    return {
      targetId,
      scope: 'sessions',
      cursor: null,
      status: 'idle',
      lastErrorCode: null,
      lastErrorMessage: null,
      lastAttemptAt: null,
      lastSuccessAt: null,
      nextAttemptAt: null,
      attempt: 0,
      progress: { pages: 0, records: 0, total: null },
      updatedAt: this.now(),
    };
  }

  private async runTarget(targetId: string, mode: SyncMode, signal: AbortSignal): Promise<SyncRunResult> {
    const { store } = this.options;
    const result: SyncRunResult = {
      targetId,
      status: 'running',
      wasResumed: false,
      sessions: 0,
      skipped: 0,
      failures: 0,
      deleted: 0,
      errorCode: null,
    };
    const target = store.getTarget(targetId);
    if (!target) throw new SourceError('not-found', `No target ${targetId}`);
    const startedAt = this.now();
    const previous = store.getState(targetId) ?? this.initialState(targetId);
    const cursor = readCursor(previous);
    // A run interrupted by a crash or cancel resumes from its last committed page, unless the
    // user asked for a different kind of run.
    const resumed = cursor.run !== null && (cursor.run.mode === mode || mode === 'incremental');
    result.wasResumed = resumed;
    const run =
      resumed && cursor.run
        ? cursor.run
        : { mode, since: mode === 'full' ? null : cursor.watermark, page: null, newest: null };
    const seen = new Set<string>();
    let state: SyncState = {
      ...previous,
      status: 'running',
      lastAttemptAt: startedAt,
      progress: { pages: 0, records: 0, total: null },
      cursor: JSON.stringify({ ...cursor, run }),
      updatedAt: startedAt,
    };
    this.publish(state);

    try {
      const connector = this.options.connectorFor(target);
      const maxPages = this.options.maxPagesPerRun ?? 100_000;
      // A page's details are fetched while the previous page is written, and the next page is
      // listed as soon as this one is, so the network and the database work overlap.
      const listPage = async (page: string | null) => {
        const listed = await withRetry(
          () => connector.listSessions({ page, updatedSince: run.since }, signal),
          this.retryPolicy(),
          signal,
        );
        if (listed.nextPage !== null && listed.nextPage === page) {
          throw new SourceError('bad-response', 'The source returned the same page cursor twice');
        }
        const local = store.localVersions(
          targetId,
          listed.items.map((ref) => ref.remoteId),
        );
        const changed = listed.items.filter((ref) => {
          const known = local.get(ref.remoteId);
          return (
            !known ||
            known.remoteUpdatedAt !== ref.updatedAt ||
            ref.updatedAt === null ||
            !isSettled(known.status)
          );
        });
        const details = this.fetchAll(connector, changed, signal);
        // Settled when its page is written; never left unhandled if the run fails first.
        details.catch(() => undefined);
        return { listed, changed, details };
      };
      let next = listPage(run.page);
      for (let pages = 1; ; pages++) {
        const { listed, changed, details } = await next;
        if (listed.nextPage !== null) {
          if (pages >= maxPages) {
            throw new SourceError('bad-response', `Stopped after ${maxPages} pages: the source kept paging`);
          }
          next = listPage(listed.nextPage);
          next.catch(() => undefined);
        }
        const { sessions, failures } = await details;
        for (const ref of listed.items) seen.add(ref.remoteId);
        result.skipped += listed.items.length - changed.length;
        const pageNewest = Math.max(...listed.items.map((ref) => ref.updatedAt ?? -Infinity));
        if ((listed.isPartitionStart ?? run.page === null) && Number.isFinite(pageNewest)) {
          run.newest = run.newest === null ? pageNewest : Math.min(run.newest, pageNewest);
        }
        run.page = listed.nextPage;
        result.sessions += sessions.length;
        result.failures += failures.length;
        const items = sessions.reduce((sum, s) => sum + s.detail.activity.length, 0);
        state = {
          ...state,
          cursor: JSON.stringify({ watermark: cursor.watermark, run }),
          progress: {
            pages: state.progress.pages + 1,
            records: state.progress.records + sessions.length + failures.length,
            total: null,
          },
          updatedAt: this.now(),
        };
        store.commitPage({ targetId, sessions, failures, state });
        this.publish(state);
        const elapsed = Math.max(1, this.now() - startedAt);
        this.options.onProgress({
          targetId,
          phase: 'syncing',
          pages: state.progress.pages,
          sessions: result.sessions,
          skipped: result.skipped,
          items,
          failures: result.failures,
          sessionsPerSec: (result.sessions * 1000) / elapsed,
        });
        if (run.page === null) break;
      }

      // A full run from its first page saw every session the source has.
      if (run.mode === 'full' && !resumed) result.deleted = store.deleteUnseen(targetId, seen);
      const watermark = run.newest ?? cursor.watermark;
      state = {
        ...state,
        status: 'ok',
        cursor: JSON.stringify({ watermark, run: null } satisfies CursorState),
        lastErrorCode: null,
        lastErrorMessage: null,
        lastSuccessAt: this.now(),
        nextAttemptAt: null,
        attempt: 0,
        updatedAt: this.now(),
      };
      store.saveState(state);
      result.status = 'ok';
    } catch (caught) {
      const error = toSourceError(caught);
      const isCanceled = error.code === 'canceled' || signal.aborted;
      state = {
        ...state,
        status: isCanceled ? 'idle' : statusFor(error),
        lastErrorCode: isCanceled ? state.lastErrorCode : error.code,
        lastErrorMessage: isCanceled ? state.lastErrorMessage : describe(error),
        attempt: isCanceled ? state.attempt : state.attempt + 1,
        nextAttemptAt: error.retryAfterMs !== null ? this.now() + error.retryAfterMs : null,
        updatedAt: this.now(),
      };
      store.saveState(state);
      result.status = state.status;
      result.errorCode = isCanceled ? 'canceled' : error.code;
    }
    this.publish(state);
    this.options.onProgress({
      targetId,
      phase: 'done',
      pages: state.progress.pages,
      sessions: result.sessions,
      skipped: result.skipped,
      items: 0,
      failures: result.failures,
      sessionsPerSec: 0,
    });
    return result;
  }

  /**
   * Fetches each session's detail, a few at a time. A session the source cannot give (a record
   * it cannot read, one deleted meanwhile) becomes a stored failure; a transient failure that
   * outlives its retries aborts the run, so the page is retried next time.
   */
  private async fetchAll(
    connector: Connector,
    refs: SessionRef[],
    signal?: AbortSignal,
  ): Promise<{
    sessions: { ref: SessionRef; detail: IngestSessionDetail }[];
    failures: { ref: SessionRef; raw: IngestRaw }[];
  }> {
    const sessions: { ref: SessionRef; detail: IngestSessionDetail }[] = [];
    const failures: { ref: SessionRef; raw: IngestRaw }[] = [];
    const limit = new Semaphore(this.options.fetchConcurrency ?? 8);
    await Promise.all(
      refs.map((ref) =>
        limit.run(async () => {
          try {
            const detail = await withRetry(
              () => connector.fetchSession(ref, signal),
              this.retryPolicy(),
              signal,
            );
            sessions.push({ ref, detail });
          } catch (caught) {
            const error = toSourceError(caught);
            if (error.isTransient || error.code === 'canceled' || error.code === 'auth') throw error;
            failures.push({
              ref,
              raw: {
                entity: 'session',
                remoteId: ref.remoteId,
                json: JSON.stringify({ ref, detail: error.detail }),
                parseError: describe(error),
              },
            });
          }
        }),
      ),
    );
    // Keep the source's order so the store writes deterministically.
    const order = new Map(refs.map((ref, index) => [ref.remoteId, index]));
    sessions.sort((a, b) => (order.get(a.ref.remoteId) ?? 0) - (order.get(b.ref.remoteId) ?? 0));
    return { sessions, failures };
  }

  private retryPolicy(): RetryPolicy {
    return this.options.retry ?? DEFAULT_RETRY;
  }

  private publish(state: SyncState): void {
    if (!this.isStopped) this.options.onState(state);
  }
}

/** A session whose stored status can no longer change without its updated-at changing. */
function isSettled(status: SessionStatus): boolean {
  return !isTransitional(status) && status !== 'running' && status !== 'pending' && status !== 'queued';
}

function describe(error: SourceError): string {
  return error.detail ? `${error.message}: ${error.detail}` : error.message;
}
