import type { TargetCapabilities } from '@shared/models/capabilities';
import type {
  Connector,
  ConnectorConfig,
  ControlRequest,
  Discovery,
  ListSessionsRequest,
  SessionListPage,
  SessionRef,
} from '../../connector';
import { SourceError } from '../../errors';
import type { HttpRequest, HttpResponse } from '../../http';
import { DEFAULT_STALE_RUN_MS, mapThreadDetail, threadToRef, type ThreadRecords } from './mapping';
import {
  AssistantSchema,
  CANCEL_MARK_KEY,
  CancelMarkSchema,
  InfoSchema,
  RunSchema,
  ThreadSchema,
  ThreadStateSchema,
  type LangGraphRun,
  type LangGraphThread,
} from './schemas';

/** LangGraph runs can be interrupted, continued from their checkpoint, answered and deleted. */
const CAPABILITIES: TargetCapabilities = {
  pause: true,
  resume: true,
  respond: true,
  cancel: true,
  delete: true,
};

const THREAD_PAGE_SIZE = 100;
const ASSISTANT_PAGE_SIZE = 100;
const MAX_ASSISTANT_PAGES = 20;
const HISTORY_PAGE_SIZE = 100;
/** Checkpoints read per thread; each carries the full state, so very long threads are cut here. */
const MAX_CHECKPOINTS = 1_000;
/** Subgraph calls whose own checkpoints are read per thread. */
const MAX_SUBGRAPH_HISTORIES = 20;
const FIRST_RUN_LIMIT = 1_000;
const MAX_RUN_LIMIT = 100_000;
/** How long `cancel` waits for a run to stop before it marks the thread anyway. */
const CANCEL_WAIT_MS = 15_000;
/** Fields `threads/search` returns per thread; `values` (every message) is not needed to list. */
const THREAD_LIST_FIELDS = ['thread_id', 'created_at', 'updated_at', 'status', 'metadata'];

export interface LangGraphConnectorOptions {
  /** See `DEFAULT_STALE_RUN_MS` and the stale-run rule in `mapping.ts`. */
  staleRunAfterMs?: number;
  /** Clock used when the server sends no `Date` header; epoch ms. */
  now?: () => number;
}

/** A request to the target, relative to its base URL, through the injected HTTP client. */
export type LangGraphCall = (
  request: Omit<HttpRequest, 'url'> & { path: string },
  signal?: AbortSignal,
) => Promise<HttpResponse>;

function parse<T>(
  schema: {
    safeParse(v: unknown): { success: true; data: T } | { success: false; error: { message: string } };
  },
  value: unknown,
  what: string,
): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new SourceError(
      'bad-response',
      `${what} is not what the LangGraph API sends: ${parsed.error.message}`,
    );
  return parsed.data;
}

function arrayOf(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new SourceError('bad-response', `${what} did not return a list`);
  return value;
}

function serverTimeOf(response: HttpResponse): number | null {
  const date = response.headers.get('date');
  if (!date) return null;
  const ms = Date.parse(date);
  return Number.isNaN(ms) ? null : ms;
}

const path = {
  thread: (id: string) => `/threads/${encodeURIComponent(id)}`,
  runs: (id: string) => `/threads/${encodeURIComponent(id)}/runs`,
  run: (id: string, runId: string) => `/threads/${encodeURIComponent(id)}/runs/${encodeURIComponent(runId)}`,
};

/**
 * A thread's runs, oldest first. The JS server pages runs with `slice(offset, limit)` (reference
 * §8), so `offset > 0` returns the wrong runs: ask from offset 0 with a limit big enough to hold
 * them all, growing it until a page comes back short.
 */
async function listRuns(
  call: LangGraphCall,
  threadId: string,
  signal?: AbortSignal,
): Promise<{ runs: unknown[]; response: HttpResponse }> {
  for (let limit = FIRST_RUN_LIMIT; ; limit *= 10) {
    const response = await call({ path: path.runs(threadId), query: { limit, offset: 0 } }, signal);
    const runs = arrayOf(response.body, `GET ${path.runs(threadId)}`);
    if (runs.length < limit || limit >= MAX_RUN_LIMIT) return { runs, response };
  }
}

/** Checkpoint history, newest first, paged with the `before` cursor up to `MAX_CHECKPOINTS`. */
async function readHistory(
  call: LangGraphCall,
  threadId: string,
  namespace: string,
  signal?: AbortSignal,
): Promise<{ history: unknown[]; truncated: boolean }> {
  const history: unknown[] = [];
  let before: string | undefined;
  for (;;) {
    const limit = Math.min(HISTORY_PAGE_SIZE, MAX_CHECKPOINTS - history.length);
    const response = await call(
      {
        method: 'POST',
        path: `${path.thread(threadId)}/history`,
        json: {
          limit,
          ...(before ? { before } : {}),
          ...(namespace ? { checkpoint: { checkpoint_ns: namespace } } : {}),
        },
      },
      signal,
    );
    const page = arrayOf(response.body, `POST ${path.thread(threadId)}/history`);
    history.push(...page);
    if (page.length < limit) return { history, truncated: false };
    if (history.length >= MAX_CHECKPOINTS) return { history, truncated: true };
    const last = ThreadStateSchema.safeParse(page.at(-1));
    const next = last.success ? last.data.checkpoint.checkpoint_id : undefined;
    // A cursor that does not move would page forever.
    if (!next || next === before) return { history, truncated: true };
    before = next;
  }
}

/**
 * Reads everything `mapThreadDetail` needs about one thread: the thread, its runs, its checkpoint
 * history and the histories of the subgraph calls the history names. Throws `SourceError`.
 */
export async function fetchThreadRecords(
  call: LangGraphCall,
  threadId: string,
  signal?: AbortSignal,
): Promise<ThreadRecords> {
  const [threadResponse, runList, main] = await Promise.all([
    call({ path: path.thread(threadId) }, signal),
    listRuns(call, threadId, signal),
    readHistory(call, threadId, '', signal),
  ]);
  const namespaces = new Set<string>();
  for (const value of main.history) {
    const state = ThreadStateSchema.safeParse(value);
    if (!state.success) continue;
    for (const task of state.data.tasks ?? []) {
      const namespace = task.checkpoint?.checkpoint_ns;
      if (namespace && namespaces.size < MAX_SUBGRAPH_HISTORIES) namespaces.add(namespace);
    }
  }
  const subgraphs = await Promise.all(
    [...namespaces].map(async (namespace) => ({
      namespace,
      history: (await readHistory(call, threadId, namespace, signal)).history,
    })),
  );
  return {
    thread: threadResponse.body,
    runs: runList.runs,
    history: main.history,
    subgraphs,
    historyTruncated: main.truncated,
    serverTime: serverTimeOf(runList.response),
  };
}

/**
 * The LangGraph API connector (reference langgraph-api.md): a local `langgraphjs dev` server
 * (no auth) or a LangGraph Platform deployment (the API key goes in `x-api-key`). Threads are
 * sessions, runs are runs, checkpoint history is the activity feed.
 */
export function createLangGraphConnector(
  config: ConnectorConfig,
  options: LangGraphConnectorOptions = {},
): Connector {
  const baseUrl = config.baseUrl.replace(/\/+$/, '');
  const now = options.now ?? Date.now;

  const call: LangGraphCall = async (request, signal) => {
    const headers: Record<string, string> = {};
    if (config.credential) {
      if (config.authMode === 'api-key') headers['x-api-key'] = config.credential;
      else if (config.authMode !== 'none') headers.authorization = `Bearer ${config.credential}`;
    }
    const { path: route, ...rest } = request;
    return config.http({ ...rest, url: `${baseUrl}${route}`, headers, signal });
  };

  async function getThread(threadId: string, signal?: AbortSignal): Promise<LangGraphThread> {
    const response = await call({ path: path.thread(threadId) }, signal);
    return parse(ThreadSchema, response.body, `GET ${path.thread(threadId)}`);
  }

  async function getRuns(threadId: string, signal?: AbortSignal): Promise<LangGraphRun[]> {
    const { runs } = await listRuns(call, threadId, signal);
    return runs
      .map((value) => RunSchema.safeParse(value))
      .filter((parsed) => parsed.success)
      .map((parsed) => parsed.data);
  }

  /** Starts a background run on the thread; a busy thread's 422 becomes a `conflict`. */
  async function startRun(
    threadId: string,
    body: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<void> {
    try {
      await call({ method: 'POST', path: path.runs(threadId), json: body }, signal);
    } catch (error) {
      if (error instanceof SourceError && error.status === 422) {
        throw new SourceError('conflict', error.message, { status: 422, detail: error.detail, cause: error });
      }
      throw error;
    }
  }

  /** What `resume` / `respond` need: the assistant to run, refusing a thread Tracedeck canceled. */
  async function continuation(request: ControlRequest, signal?: AbortSignal): Promise<string> {
    const threadId = request.session.remoteId;
    const [thread, runs] = await Promise.all([getThread(threadId, signal), getRuns(threadId, signal)]);
    const mark = CancelMarkSchema.safeParse(thread.metadata?.[CANCEL_MARK_KEY]);
    const latest = runs.at(-1);
    if (mark.success && (mark.data.run_id ?? null) === (latest?.run_id ?? null)) {
      throw new SourceError('conflict', 'This thread was canceled; it cannot be resumed');
    }
    const assistantId =
      request.componentId ??
      latest?.assistant_id ??
      (typeof thread.metadata?.assistant_id === 'string' ? thread.metadata.assistant_id : null);
    if (!assistantId) throw new SourceError('not-found', 'No assistant is known for this thread');
    return assistantId;
  }

  function activeRuns(runs: LangGraphRun[], preferred: string | null): LangGraphRun[] {
    const active = runs.filter((run) => run.status === 'running' || run.status === 'pending');
    // The requested run first, then the newest.
    return active.sort((a, b) =>
      a.run_id === preferred ? -1 : b.run_id === preferred ? 1 : runs.indexOf(b) - runs.indexOf(a),
    );
  }

  return {
    kind: 'langgraph',

    async discover(signal) {
      const info = parse(InfoSchema, (await call({ path: '/info' }, signal)).body, 'GET /info');
      const components: Discovery['components'] = [];
      for (let page = 0; page < MAX_ASSISTANT_PAGES; page++) {
        const response = await call(
          {
            method: 'POST',
            path: '/assistants/search',
            json: { limit: ASSISTANT_PAGE_SIZE, offset: page * ASSISTANT_PAGE_SIZE },
          },
          signal,
        );
        const items = arrayOf(response.body, 'POST /assistants/search');
        for (const value of items) {
          const assistant = AssistantSchema.safeParse(value);
          if (!assistant.success) continue;
          components.push({
            type: 'agent',
            id: assistant.data.assistant_id,
            name: assistant.data.name ?? assistant.data.graph_id ?? null,
          });
        }
        if (items.length < ASSISTANT_PAGE_SIZE) break;
      }
      return {
        version: info.version ?? null,
        authMode: null,
        name: info.context ? `LangGraph API (${info.context})` : 'LangGraph API',
        components,
        databases: [],
        capabilities: CAPABILITIES,
        deniedActions: {},
      };
    },

    async listSessions(request: ListSessionsRequest, signal): Promise<SessionListPage> {
      const offset = request.page ? Number((JSON.parse(request.page) as { offset?: unknown }).offset) : 0;
      if (!Number.isInteger(offset) || offset < 0) {
        throw new SourceError('bad-response', `Unreadable thread page cursor ${request.page}`);
      }
      // No updated-since filter exists (reference §8): page by updated_at desc and stop at the cursor.
      const response = await call(
        {
          method: 'POST',
          path: '/threads/search',
          json: {
            limit: THREAD_PAGE_SIZE,
            offset,
            sort_by: 'updated_at',
            sort_order: 'desc',
            select: THREAD_LIST_FIELDS,
          },
        },
        signal,
      );
      const threads = arrayOf(response.body, 'POST /threads/search');
      const items: SessionRef[] = [];
      let reachedCursor = false;
      for (const value of threads) {
        const ref = threadToRef(value);
        if (!ref) continue;
        if (request.updatedSince !== null && ref.updatedAt !== null && ref.updatedAt < request.updatedSince) {
          reachedCursor = true;
          break;
        }
        items.push(ref);
      }
      const isLast = reachedCursor || threads.length < THREAD_PAGE_SIZE;
      return { items, nextPage: isLast ? null : JSON.stringify({ offset: offset + threads.length }) };
    },

    async fetchSession(ref, signal) {
      const records = await fetchThreadRecords(call, ref.remoteId, signal);
      return mapThreadDetail(records, {
        now: now(),
        staleRunAfterMs: options.staleRunAfterMs ?? DEFAULT_STALE_RUN_MS,
      });
    },

    async control(request: ControlRequest, signal) {
      const threadId = request.session.remoteId;
      switch (request.action) {
        case 'delete': {
          try {
            await call({ method: 'DELETE', path: path.thread(threadId) }, signal);
          } catch (error) {
            // Already gone is what was asked for.
            if (!(error instanceof SourceError && error.code === 'not-found')) throw error;
          }
          return;
        }
        case 'pause': {
          // Interrupt keeps the checkpoint; `input: null` later continues from it (reference §7).
          const [run] = activeRuns(await getRuns(threadId, signal), request.runRemoteId);
          if (!run) throw new SourceError('conflict', 'No run is running on this thread');
          // Without `wait` the server answers 202 at once (`wait=false` would still wait, §7).
          await call(
            {
              method: 'POST',
              path: `${path.run(threadId, run.run_id)}/cancel`,
              query: { action: 'interrupt' },
            },
            signal,
          );
          return;
        }
        case 'resume': {
          const assistantId = await continuation(request, signal);
          await startRun(threadId, { assistant_id: assistantId, input: null }, signal);
          return;
        }
        case 'respond': {
          const assistantId = await continuation(request, signal);
          await startRun(
            threadId,
            { assistant_id: assistantId, command: { resume: request.response ?? null } },
            signal,
          );
          return;
        }
        case 'cancel': {
          await cancelThread(threadId, request.runRemoteId, signal);
          return;
        }
      }
    },
  };

  /**
   * Stops a thread for good without rolling it back. `action=rollback` errors a running run on
   * this server instead of rolling it back (reference §7), so: interrupt the active runs and wait
   * for them to stop; move the state to the end (`as_node: "__end__"`) so no client can continue
   * from the cut checkpoint; then mark the thread in its metadata, which is what makes the mapping
   * show Canceled rather than Paused (the source has no canceled state) and what `resume` refuses.
   */
  async function cancelThread(
    threadId: string,
    preferred: string | null,
    signal?: AbortSignal,
  ): Promise<void> {
    const runs = await getRuns(threadId, signal);
    let stillRunning = false;
    for (const run of activeRuns(runs, preferred)) {
      try {
        await call(
          {
            method: 'POST',
            path: `${path.run(threadId, run.run_id)}/cancel`,
            query: { action: 'interrupt', wait: true },
            timeoutMs: CANCEL_WAIT_MS,
          },
          signal,
        );
      } catch (error) {
        // The interrupt is signalled before the server starts waiting; the mark below still
        // applies, and the thread shows Canceling until the run has actually stopped.
        if (!(error instanceof SourceError && error.code === 'timeout') || signal?.aborted) throw error;
        stillRunning = true;
      }
    }
    if (!stillRunning) {
      const state = await call({ path: `${path.thread(threadId)}/state` }, signal);
      const parsed = ThreadStateSchema.safeParse(state.body);
      if (parsed.success && (parsed.data.next?.length ?? 0) > 0) {
        try {
          await call(
            {
              method: 'POST',
              path: `${path.thread(threadId)}/state`,
              json: { values: null, as_node: '__end__' },
            },
            signal,
          );
        } catch (error) {
          // Best effort: the mark alone already keeps Tracedeck from resuming it.
          if (!(error instanceof SourceError) || error.isTransient || error.code === 'canceled') throw error;
        }
      }
    }
    await call(
      {
        method: 'PATCH',
        path: path.thread(threadId),
        json: {
          metadata: {
            [CANCEL_MARK_KEY]: { run_id: runs.at(-1)?.run_id ?? null, at: new Date(now()).toISOString() },
          },
        },
      },
      signal,
    );
  }
}
