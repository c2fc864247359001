import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { authModeName, authenticate, checkRunScope, isolatedUser } from './auth';
import type { AuthOptions, Principal } from './auth';
import { FaultTable, faultLabel } from './faults';
import type { Fault, FaultController, RequestInfo } from './faults';
import { asciiJson, generateDataset, SESSION_TABLE } from './generator';
import type { GeneratorOptions } from './generator';
import {
  renderAgent,
  renderConfig,
  renderRunList,
  renderRunOutput,
  renderSessionDetail,
  renderSessionSchema,
  renderSingleRun,
  renderTeam,
  renderWorkflow,
  runSchema,
  teamRunSchema,
  workflowRunSchema,
  dropNulls,
} from './render';
import { isStreamEnd, PeerStore, runKind } from './store';
import type { AgentOsStore, ContinueRequest, RunKind, SessionView } from './store';
import { SESSION_TYPES } from './types';
import type { Json, JsonObject, RawEvent, RawRun, SessionType } from './types';

export type { AgentOsStore, SessionSnapshot, RunSummary, StartedRun } from './store';
export type { Fault, FaultController, FaultRule, RequestInfo } from './faults';
export type { AuthOptions, JwtAuthOptions } from './auth';
export { signJwt, ADMIN_SCOPE } from './auth';

export type SeedOptions = Omit<GeneratorOptions, 'seed' | 'sessions'> & { seed?: number; sessions?: number };

export type AgentOsPeerOptions = {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (ephemeral). */
  port?: number;
  /** Default `{ mode: 'none' }`. */
  auth?: AuthOptions;
  /** `agno_pat_…` service-account tokens and their scopes, accepted in every auth mode. */
  serviceTokens?: Record<string, readonly string[]>;
  /** Generated data; default `{ seed: 1, sessions: 30 }`. `sessions: 0` starts empty. */
  seed?: SeedOptions;
  /** Epoch milliseconds; drives timestamps of writes and JWT expiry. Default `Date.now`. */
  now?: () => number;
  /** How long a cancel intent takes to reach a running run. Default 50 ms. */
  cancelDelayMs?: number;
  /** Runs created through `POST …/runs` finish at once (default) or stay RUNNING until cancelled. */
  createdRuns?: 'complete' | 'stay-running';
  corsAllowedOrigins?: readonly string[];
  /**
   * Renders every generated session's detail and runs bodies before listening, so a later
   * request only writes bytes (the benchmark's peer stands in for a server on another machine).
   * Default false: bodies are still cached, lazily on first request.
   */
  prerender?: boolean;
};

export type LoggedRequest = RequestInfo & {
  seq: number;
  /** Epoch ms from the peer clock. */
  at: number;
  status: number | null;
  fault: string | null;
};

export type AgentOsPeer = {
  url: string;
  port: number;
  store: AgentOsStore;
  faults: FaultController;
  /** Every request so far, secrets redacted. */
  requests(): LoggedRequest[];
  clearRequests(): void;
  close(): Promise<void>;
};

const DEFAULT_CORS = [
  'http://localhost:3000',
  'https://agno.com',
  'https://www.agno.com',
  'https://app.agno.com',
  'https://os-stg.agno.com',
  'https://os.agno.com',
];
const KIND_BY_SEGMENT: Record<string, RunKind> = { agents: 'agent', teams: 'team', workflows: 'workflow' };
const NOT_FOUND_LABEL: Record<RunKind, string> = { agent: 'Agent', team: 'Team', workflow: 'Workflow' };

class HttpError extends Error {
  readonly status: number;
  readonly detail: Json;
  constructor(status: number, detail: Json) {
    super(typeof detail === 'string' ? detail : `HTTP ${status}`);
    this.status = status;
    this.detail = detail;
  }
}

type SseSink = {
  send(name: string, payload: JsonObject): void;
  comment(text: string): void;
  end(): void;
  onClose(listener: () => void): void;
  readonly closed: boolean;
};

type Reply =
  | { kind: 'json'; status: number; body: Json | Buffer; headers?: Record<string, string> }
  | { kind: 'empty'; status: number }
  | { kind: 'sse'; start(sink: SseSink): void }
  | { kind: 'deferred'; wait(done: (reply: Reply) => void, onAbort: (listener: () => void) => void): void };

type Ctx = {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: Buffer;
  principal: Principal;
  listFilter: Set<string> | undefined;
};

const json = (body: Json | Buffer, status = 200): Reply => ({ kind: 'json', status, body });

/** Starts a protocol-faithful Agno AgentOS (2.9) HTTP server on 127.0.0.1. */
export async function startAgentOsPeer(options: AgentOsPeerOptions = {}): Promise<AgentOsPeer> {
  const now = options.now ?? Date.now;
  const auth: AuthOptions = options.auth ?? { mode: 'none' };
  const serviceTokens = new Map(Object.entries(options.serviceTokens ?? {}));
  const seed = options.seed ?? {};
  const dataset = generateDataset({ ...seed, seed: seed.seed ?? 1, sessions: seed.sessions ?? 30 });
  const store = new PeerStore({ catalog: dataset.catalog, sessions: dataset.sessions, now });
  const catalog = dataset.catalog;
  const faults = new FaultTable();
  const cancelDelayMs = options.cancelDelayMs ?? 50;
  const createdRuns = options.createdRuns ?? 'complete';
  const corsOrigins = options.corsAllowedOrigins ?? DEFAULT_CORS;
  const instantiatedAt = pythonIso(now());
  const log: LoggedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const held = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  let closing = false;

  const later = (ms: number, fn: () => void): void => {
    if (closing) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!closing) fn();
    }, ms);
    timers.add(timer);
  };

  const nowS = (): number => Math.floor(now() / 1000);

  // ---- helpers -----------------------------------------------------------------------------

  const resolveDb = (q: URLSearchParams): string => {
    const dbId = q.get('db_id') || null;
    const table = q.get('table') || null;
    if (table && !dbId)
      throw new HttpError(400, 'The db_id query parameter is required when passing a table');
    if (dbId) {
      if (!catalog.dbIds.includes(dbId)) throw new HttpError(404, `No database found with id '${dbId}'`);
      if (table && table !== SESSION_TABLE)
        throw new HttpError(404, `No database with id '${dbId}' has table '${table}'`);
      return dbId;
    }
    if (catalog.dbIds.length > 1)
      throw new HttpError(400, 'The db_id query parameter is required when using multiple databases');
    return catalog.dbIds[0] ?? '';
  };

  const sessionType = (q: URLSearchParams, fallback: SessionType | null): SessionType | null => {
    const value = q.get('type');
    if (value === null) return fallback;
    if ((SESSION_TYPES as readonly string[]).includes(value)) return value as SessionType;
    throw validation('enum', ['query', 'type'], "Input should be 'agent', 'team' or 'workflow'", value, {
      expected: "'agent', 'team' or 'workflow'",
    });
  };

  const effectiveUser = (ctx: Ctx): string | null =>
    isolatedUser(auth, ctx.principal) ?? ctx.query.get('user_id');

  /** The session, if it is in the resolved db and matches the optional type / user filters. */
  const findSession = (ctx: Ctx, sessionId: string): SessionView | undefined => {
    const dbId = resolveDb(ctx.query);
    const type = sessionType(ctx.query, null);
    const view = store.view(sessionId);
    if (!view || view.dbId !== dbId) return undefined;
    if (type !== null && view.sessionType !== type) return undefined;
    const user = effectiveUser(ctx);
    if (user !== null && view.userId !== user) return undefined;
    return view;
  };

  const sessionDetail = (view: SessionView): JsonObject =>
    renderSessionDetail(view, store.runsFor(view.sessionId), catalog);

  // Serialized bodies of generated sessions nothing has changed since: rendering and
  // serializing ~100 KB of runs per request was most of the peer's CPU. `renderKey` changes
  // (or turns null) whenever the store changes what these routes would answer.
  const rendered = new Map<string, { key: string; payload: Buffer }>();
  const cachedBody = (route: 'detail' | 'runs', view: SessionView, render: () => Json): Json | Buffer => {
    const key = store.renderKey(view.sessionId);
    if (key === null) return render();
    const slot = `${route} ${view.sessionId}`;
    const hit = rendered.get(slot);
    if (hit?.key === key) return hit.payload;
    const payload = Buffer.from(JSON.stringify(render()));
    rendered.set(slot, { key, payload });
    return payload;
  };
  const detailBody = (view: SessionView): Json | Buffer =>
    cachedBody('detail', view, () => sessionDetail(view));
  const runsBody = (view: SessionView): Json | Buffer =>
    cachedBody('runs', view, () => renderRunList(view.sessionType, store.runsFor(view.sessionId)));

  const componentExists = (kind: RunKind, id: string): boolean =>
    kind === 'agent'
      ? catalog.agents.some((a) => a.id === id)
      : kind === 'team'
        ? catalog.teams.some((t) => t.id === id)
        : catalog.workflows.some((w) => w.id === id);

  const requireComponent = (kind: RunKind, id: string): void => {
    if (!componentExists(kind, id)) throw new HttpError(404, `${NOT_FOUND_LABEL[kind]} not found`);
  };

  const requireRunScope = (ctx: Ctx, segment: string, id: string): void => {
    const decision = checkRunScope(auth, ctx.principal, segment, id);
    if (!decision.ok) throw new HttpError(decision.status, decision.detail);
  };

  const runSchemaFor = (kind: RunKind, run: RawRun): JsonObject =>
    dropNulls(
      kind === 'agent' ? runSchema(run) : kind === 'team' ? teamRunSchema(run) : workflowRunSchema(run),
    );

  // ---- SSE plumbing ------------------------------------------------------------------------

  /** Streams a run's events until it ends; `indexed` adds `event_index` like resumable streams. */
  const streamRun = (
    sink: SseSink,
    runId: string,
    from: number,
    indexed: boolean,
    cancelOnDisconnect: boolean,
  ): void => {
    const buffered = store.replayable(runId);
    let index = from;
    const write = (event: RawEvent): void => {
      sink.send(event.event, indexed ? { ...event, event_index: index } : event);
      index++;
    };
    for (const event of buffered.slice(from)) write(event);
    const current = store.locateRun(runId)?.run;
    if (isStreamEnd(current?.status)) {
      sink.end();
      return;
    }
    const unsubscribe = store.subscribe(runId, (event, run) => {
      write(event);
      if (isStreamEnd(run.status)) {
        unsubscribe();
        sink.end();
      }
    });
    sink.onClose(() => {
      unsubscribe();
      // A streaming run without background=true dies with its HTTP connection.
      if (cancelOnDisconnect && !closing) {
        store.requestCancel(runId);
        store.applyCancel(runId);
      }
    });
  };

  const scheduleCompletion = (runId: string): void => {
    if (createdRuns !== 'complete') return;
    later(0, () => store.finishCreatedRun(runId));
  };

  // ---- handlers ----------------------------------------------------------------------------

  const listSessions = (ctx: Ctx): Reply => {
    const started = performance.now();
    const q = ctx.query;
    let dbId: string;
    try {
      dbId = resolveDb(q);
    } catch (error) {
      // Since 2.3 this route re-wraps db resolution errors as 404 "<status>: <detail>".
      if (error instanceof HttpError) throw new HttpError(404, `${error.status}: ${String(error.detail)}`);
      throw error;
    }
    const type = sessionType(q, null);
    const limit = queryInt(q, 'limit', 20, 1);
    const page = queryInt(q, 'page', 1, 0);
    const sortOrder = q.get('sort_order') ?? 'desc';
    if (sortOrder !== 'asc' && sortOrder !== 'desc') {
      throw validation('enum', ['query', 'sort_order'], "Input should be 'asc' or 'desc'", sortOrder, {
        expected: "'asc' or 'desc'",
      });
    }
    // page=0 passes validation; SQLite treats the negative offset as 0.
    const offset = Math.max(0, (page - 1) * limit);
    const { total, rows } = store.query(
      {
        dbId,
        type,
        componentId: q.get('component_id'),
        userId: effectiveUser(ctx),
        sessionName: q.get('session_name'),
        sortBy: q.get('sort_by') ?? 'created_at',
        sortOrder,
      },
      offset,
      limit,
    );
    const data = rows.map(renderSessionSchema);
    return json({
      data,
      meta: {
        page,
        limit,
        total_pages: Math.ceil(total / limit),
        total_count: total,
        search_time_ms: Math.round((performance.now() - started) * 100) / 100,
      },
    });
  };

  const createSession = (ctx: Ctx): Reply => {
    const type = sessionType(ctx.query, 'agent') ?? 'agent';
    const dbId = resolveDb(ctx.query);
    const body = jsonBody(ctx.body, true);
    const sessionId = str(body.session_id);
    if (sessionId !== null && store.view(sessionId)) {
      throw new HttpError(409, `Session with id '${sessionId}' already exists. Use PATCH to update it.`);
    }
    const componentId = str(body[`${type}_id`]) ?? '';
    const view = store.createSessionFromApi({
      ...(sessionId !== null ? { sessionId } : {}),
      type,
      componentId,
      dbId,
      userId: isolatedUser(auth, ctx.principal) ?? str(body.user_id),
      sessionName: str(body.session_name),
      sessionState: obj(body.session_state) ?? {},
      metadata: obj(body.metadata),
      storeEvents: false,
    });
    return json(sessionDetail(view), 201);
  };

  const getSession = (ctx: Ctx, id: string): Reply => {
    const view = findSession(ctx, id);
    if (!view) throw new HttpError(404, `Session with id '${id}' not found`);
    return json(detailBody(view));
  };

  const patchSession = (ctx: Ctx, id: string, rename: boolean): Reply => {
    const view = findSession(ctx, id);
    if (!view) throw new HttpError(404, `Session with id '${id}' not found`);
    const body = jsonBody(ctx.body, false);
    if (rename) {
      const name = str(body.session_name);
      if (name === null) throw validation('missing', ['body', 'session_name'], 'Field required', null);
      return json(sessionDetail(store.renameFromApi(id, { sessionName: name })));
    }
    const patch: Parameters<PeerStore['renameFromApi']>[1] = {};
    if ('session_name' in body) patch.sessionName = str(body.session_name);
    if ('session_state' in body) patch.sessionState = obj(body.session_state) ?? {};
    // PATCH replaces metadata wholesale.
    if ('metadata' in body) patch.metadata = obj(body.metadata);
    if ('summary' in body) patch.summary = obj(body.summary);
    return json(sessionDetail(store.renameFromApi(id, patch)));
  };

  const deleteSession = (ctx: Ctx, id: string): Reply => {
    const dbId = resolveDb(ctx.query);
    const view = store.view(id);
    const user = effectiveUser(ctx);
    if (view && view.dbId === dbId && (user === null || view.userId === user)) store.deleteSession(id);
    return { kind: 'empty', status: 204 };
  };

  const deleteSessions = (ctx: Ctx): Reply => {
    const dbId = resolveDb(ctx.query);
    const body = jsonBody(ctx.body, true);
    const ids = Array.isArray(body.session_ids) ? body.session_ids : null;
    const types = Array.isArray(body.session_types) ? body.session_types : null;
    if (!ids || ids.length === 0)
      throw validation('missing', ['body', 'session_ids'], 'Field required', null);
    if (!types || types.length !== ids.length)
      throw new HttpError(400, 'session_ids and session_types must have the same length');
    const user = effectiveUser(ctx);
    for (const id of ids) {
      const view = typeof id === 'string' ? store.view(id) : undefined;
      if (view && view.dbId === dbId && (user === null || view.userId === user))
        store.deleteSession(view.sessionId);
    }
    return { kind: 'empty', status: 204 };
  };

  const sessionRuns = (ctx: Ctx, id: string): Reply => {
    const view = findSession(ctx, id);
    if (!view) throw new HttpError(404, `Session with ID ${id} not found`);
    const after = optionalInt(ctx.query, 'created_after');
    const before = optionalInt(ctx.query, 'created_before');
    if (after === null && before === null) return json(runsBody(view));
    const runs = store
      .runsFor(id)
      .filter(
        (r) => (after === null || r.created_at >= after) && (before === null || r.created_at <= before),
      );
    return json(renderRunList(view.sessionType, runs));
  };

  const sessionRun = (ctx: Ctx, id: string, runId: string): Reply => {
    const view = findSession(ctx, id);
    if (!view) throw new HttpError(404, `Session with ID ${id} not found`);
    const run = store.runsFor(id).find((r) => r.run_id === runId);
    if (!run) throw new HttpError(404, `Run with ID ${runId} not found`);
    return json(renderSingleRun(run));
  };

  const createRun = (ctx: Ctx, segment: string, kind: RunKind, componentId: string): Reply => {
    requireComponent(kind, componentId);
    requireRunScope(ctx, segment, componentId);
    const form = parseForm(ctx);
    const message = form.get('message');
    if (message === null) throw validation('missing', ['body', 'message'], 'Field required', null);
    const stream = formBool(form, 'stream', true);
    const background = formBool(form, 'background', false);
    const requestedSession = form.get('session_id') || null;
    const userId = isolatedUser(auth, ctx.principal) ?? (form.get('user_id') || null);
    const started = store.startRun({
      ...(requestedSession !== null ? { sessionId: requestedSession } : {}),
      kind,
      componentId,
      userId,
      message,
      status: background ? 'PENDING' : 'RUNNING',
    });
    const runId = started.runId;
    if (background && !stream) {
      later(0, () => {
        store.markStarted(runId);
        scheduleCompletion(runId);
      });
      return json({ run_id: runId, session_id: started.sessionId, status: 'PENDING' }, 202);
    }
    if (stream) {
      return {
        kind: 'sse',
        start: (sink) => {
          streamRun(sink, runId, 0, background, !background);
          if (background) later(0, () => store.markStarted(runId));
          if (createdRuns === 'complete') {
            later(0, () => {
              const run = store.locateRun(runId)?.run;
              if (run && run.status === 'RUNNING') {
                store.emitEvent({ storeEvents: false }, run, 'content', {
                  content: `Working on: ${message}`,
                  content_type: 'str',
                });
              }
              store.finishCreatedRun(runId);
            });
          }
        },
      };
    }
    if (createdRuns === 'complete') {
      store.finishCreatedRun(runId);
      return json(renderRunOutput(store.locateRun(runId)?.run ?? ({} as RawRun)));
    }
    // A non-streaming request holds until the run ends (here: until it is cancelled).
    return {
      kind: 'deferred',
      wait: (done, onAbort) => {
        const unsubscribe = store.subscribe(runId, (_event, run) => {
          if (!isStreamEnd(run.status)) return;
          unsubscribe();
          done(json(renderRunOutput(run)));
        });
        onAbort(unsubscribe);
      },
    };
  };

  const cancelRun = (ctx: Ctx, segment: string, kind: RunKind, componentId: string, runId: string): Reply => {
    requireComponent(kind, componentId);
    requireRunScope(ctx, segment, componentId);
    if (isolatedUser(auth, ctx.principal) !== null && !ctx.query.get('session_id'))
      throw new HttpError(400, 'session_id required');
    // Records an intent keyed by run id; it reaches the run at its next check.
    store.requestCancel(runId);
    later(cancelDelayMs, () => store.applyCancel(runId));
    return json({});
  };

  const continueRun = (
    ctx: Ctx,
    segment: string,
    kind: RunKind,
    componentId: string,
    runId: string,
  ): Reply => {
    requireComponent(kind, componentId);
    requireRunScope(ctx, segment, componentId);
    const form = parseForm(ctx);
    const sessionId = form.get('session_id') || null;
    if (kind !== 'workflow' && sessionId === null)
      throw new HttpError(400, 'session_id is required to continue a run');
    const continueFrom = form.get('continue_from');
    if (
      continueFrom !== null &&
      continueFrom !== 'end' &&
      continueFrom !== 'last_user' &&
      !/^\d+$/.test(continueFrom)
    ) {
      throw new HttpError(400, `Invalid continue_from value: ${continueFrom}`);
    }
    const field = kind === 'agent' ? 'tools' : kind === 'team' ? 'requirements' : 'step_requirements';
    const payload = parseJsonList(form.get(field), field);
    const loc = store.locateRun(runId);
    if (
      !loc ||
      loc.run.session_id !== (sessionId ?? loc.run.session_id) ||
      (loc.run.agent_id ?? loc.run.team_id ?? loc.run.workflow_id) !== componentId
    ) {
      throw new HttpError(404, 'Run not found');
    }
    const user = isolatedUser(auth, ctx.principal);
    if (user !== null && loc.session.userId !== user) throw new HttpError(404, 'Run not found');
    const request: ContinueRequest = {
      tools: kind === 'agent' ? payload : null,
      requirements: kind === 'team' ? payload : null,
      stepRequirements: kind === 'workflow' ? payload : null,
      input: form.get('input') || null,
      fork: formBool(form, 'fork', false),
      regenerate: formBool(form, 'regenerate', false),
      additionalInstructions: form.get('additional_instructions') || null,
    };
    const result = store.continueRun(runId, kind, request);
    if (!result.ok) throw new HttpError(result.status, result.detail);
    if (!formBool(form, 'stream', true)) return json(renderRunOutput(result.run));
    return {
      kind: 'sse',
      start: (sink) => {
        for (const event of result.events) sink.send(event.event, event);
        sink.end();
      },
    };
  };

  const resumeRun = (ctx: Ctx, segment: string, kind: RunKind, componentId: string, runId: string): Reply => {
    requireComponent(kind, componentId);
    requireRunScope(ctx, segment, componentId);
    const form = parseForm(ctx);
    const lastIndex = form.get('last_event_index');
    const from = lastIndex !== null && /^-?\d+$/.test(lastIndex) ? Math.max(0, Number(lastIndex) + 1) : 0;
    return {
      kind: 'sse',
      start: (sink) => {
        const loc = store.locateRun(runId);
        if (!loc) {
          sink.send('error', { event: 'error', error: `Run ${runId} not found` });
          sink.end();
          return;
        }
        const events = store.replayable(runId);
        const status = loc.run.status ?? 'PENDING';
        if (isStreamEnd(status) || !store.isLive(runId)) {
          sink.send('replay', { event: 'replay', run_id: runId, status, total_events: events.length });
          events
            .slice(from)
            .forEach((event, i) => sink.send(event.event, { ...event, event_index: from + i }));
          sink.end();
          return;
        }
        sink.send('catch_up', {
          event: 'catch_up',
          run_id: runId,
          status,
          missed_events: Math.max(0, events.length - from),
        });
        const heartbeat = setInterval(() => sink.comment('heartbeat'), 30_000);
        sink.onClose(() => clearInterval(heartbeat));
        let index = from;
        for (const event of events.slice(from)) sink.send(event.event, { ...event, event_index: index++ });
        sink.send('subscribed', { event: 'subscribed', run_id: runId });
        const unsubscribe = store.subscribe(runId, (event, run) => {
          sink.send(event.event, { ...event, event_index: index++ });
          if (isStreamEnd(run.status)) {
            unsubscribe();
            sink.end();
          }
        });
        sink.onClose(unsubscribe);
      },
    };
  };

  const pollRun = (ctx: Ctx, segment: string, kind: RunKind, componentId: string, runId: string): Reply => {
    requireComponent(kind, componentId);
    requireRunScope(ctx, segment, componentId);
    const sessionId = ctx.query.get('session_id');
    if (sessionId === null) throw validation('missing', ['query', 'session_id'], 'Field required', null);
    const run = store.runsFor(sessionId).find((r) => r.run_id === runId);
    if (!run || runKind(run) !== kind || (run.agent_id ?? run.team_id ?? run.workflow_id) !== componentId)
      throw new HttpError(404, 'Run not found');
    return json(renderRunOutput(run));
  };

  const listComponentRuns = (ctx: Ctx, segment: string, kind: RunKind, componentId: string): Reply => {
    requireComponent(kind, componentId);
    requireRunScope(ctx, segment, componentId);
    const sessionId = ctx.query.get('session_id');
    if (sessionId === null) throw validation('missing', ['query', 'session_id'], 'Field required', null);
    const status = ctx.query.get('status');
    const runs = store
      .runsFor(sessionId)
      .filter((r) => runKind(r) === kind && (r.agent_id ?? r.team_id ?? r.workflow_id) === componentId)
      .filter((r) => status === null || r.status === status);
    return json(runs.map((r) => runSchemaFor(kind, r)));
  };

  const forkSession = (ctx: Ctx, kind: RunKind, componentId: string, sessionId: string): Reply => {
    requireComponent(kind, componentId);
    const source = store.view(sessionId);
    if (!source) throw new HttpError(404, `Session with id '${sessionId}' not found`);
    const runs = structuredClone(store.runsFor(sessionId)).map((r) => ({
      ...r,
      forked_from_session_id: sessionId,
    }));
    const newId = randomUUID();
    for (const run of runs) run.session_id = newId;
    store.createSessionFromApi({
      sessionId: newId,
      type: source.sessionType,
      componentId: source.componentId,
      dbId: source.dbId,
      userId: isolatedUser(auth, ctx.principal) ?? ctx.query.get('user_id') ?? source.userId,
      sessionState: structuredClone(source.sessionState),
      metadata: source.metadata,
      storeEvents: source.storeEvents,
      runs,
    });
    return json({ session_id: newId, forked_from_session_id: sessionId });
  };

  const listComponents = (ctx: Ctx, kind: RunKind): Reply => {
    const allowed = (id: string): boolean =>
      !ctx.listFilter || ctx.listFilter.has('*') || ctx.listFilter.has(id);
    if (kind === 'agent')
      return json(catalog.agents.filter((a) => allowed(a.id)).map((a) => renderAgent(catalog, a.id)));
    if (kind === 'team')
      return json(catalog.teams.filter((t) => allowed(t.id)).map((t) => renderTeam(catalog, t.id)));
    return json(catalog.workflows.filter((w) => allowed(w.id)).map((w) => renderWorkflow(catalog, w.id)));
  };

  const getComponent = (kind: RunKind, id: string): Reply => {
    requireComponent(kind, id);
    return json(
      kind === 'agent'
        ? renderAgent(catalog, id)
        : kind === 'team'
          ? renderTeam(catalog, id)
          : renderWorkflow(catalog, id),
    );
  };

  const route = (ctx: Ctx): Reply => {
    const { method, path } = ctx;
    const seg = path
      .split('/')
      .filter((s) => s !== '')
      .map(decodeURIComponent);
    const [a, b, c, d, e] = seg;
    const n = seg.length;
    const allow = (...methods: string[]): void => {
      if (!methods.includes(method)) throw new HttpError(405, 'Method Not Allowed');
    };
    if (n === 0) {
      allow('GET');
      return json({ name: 'AgentOS API', id: catalog.osId, version: '1.0.0' });
    }
    if (n === 1 && a === 'health') {
      allow('GET');
      return json({ status: 'ok', instantiated_at: instantiatedAt });
    }
    if (n === 1 && a === 'info') {
      allow('GET');
      return json({
        os_id: catalog.osId,
        name: catalog.name,
        agno_version: '2.9.0',
        agent_count: catalog.agents.length,
        team_count: catalog.teams.length,
        workflow_count: catalog.workflows.length,
        mcp: { enabled: false, path: '/mcp', oauth: false },
        auth_mode: authModeName(auth),
      });
    }
    if (n === 1 && a === 'config') {
      allow('GET');
      return json(renderConfig(catalog));
    }
    if (n === 1 && a === 'models') {
      allow('GET');
      const seen = new Map<string, JsonObject>();
      for (const m of [...catalog.agents.map((x) => x.model), ...catalog.teams.map((x) => x.model)])
        seen.set(m.id, { id: m.id, provider: m.provider });
      return json([...seen.values()]);
    }
    if (a === 'sessions') {
      if (n === 1) {
        allow('GET', 'POST', 'DELETE');
        return method === 'GET'
          ? listSessions(ctx)
          : method === 'POST'
            ? createSession(ctx)
            : deleteSessions(ctx);
      }
      if (n === 2 && b) {
        allow('GET', 'PATCH', 'DELETE');
        return method === 'GET'
          ? getSession(ctx, b)
          : method === 'PATCH'
            ? patchSession(ctx, b, false)
            : deleteSession(ctx, b);
      }
      if (n === 3 && b && c === 'rename') {
        allow('POST');
        return patchSession(ctx, b, true);
      }
      if (n === 3 && b && c === 'runs') {
        allow('GET');
        return sessionRuns(ctx, b);
      }
      if (n === 4 && b && c === 'runs' && d) {
        allow('GET');
        return sessionRun(ctx, b, d);
      }
    }
    const kind = a !== undefined ? KIND_BY_SEGMENT[a] : undefined;
    if (kind && a) {
      if (n === 1) {
        allow('GET');
        return listComponents(ctx, kind);
      }
      if (n === 2 && b) {
        allow('GET');
        return getComponent(kind, b);
      }
      if (n === 3 && b && c === 'runs') {
        allow('GET', 'POST');
        return method === 'POST' ? createRun(ctx, a, kind, b) : listComponentRuns(ctx, a, kind, b);
      }
      if (n === 4 && b && c === 'runs' && d) {
        allow('GET');
        return pollRun(ctx, a, kind, b, d);
      }
      if (n === 5 && b && c === 'runs' && d && e === 'cancel') {
        allow('POST');
        return cancelRun(ctx, a, kind, b, d);
      }
      if (n === 5 && b && c === 'runs' && d && e === 'continue') {
        allow('POST');
        return continueRun(ctx, a, kind, b, d);
      }
      if (n === 5 && b && c === 'runs' && d && e === 'resume') {
        allow('POST');
        return resumeRun(ctx, a, kind, b, d);
      }
      if (n === 5 && b && c === 'sessions' && d && e === 'fork') {
        allow('POST');
        return forkSession(ctx, kind, b, d);
      }
    }
    throw new HttpError(404, 'Not Found');
  };

  // ---- transport ---------------------------------------------------------------------------

  const corsHeaders = (origin: string | undefined): Record<string, string> =>
    origin !== undefined && corsOrigins.includes(origin)
      ? {
          'access-control-allow-origin': origin,
          'access-control-allow-credentials': 'true',
          'access-control-expose-headers': '*',
          vary: 'Origin',
        }
      : {};

  const writeJson = (
    res: ServerResponse,
    entry: LoggedRequest,
    status: number,
    body: Json | Buffer,
    extra: Record<string, string>,
    fault: Fault | null,
  ): void => {
    const payload = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
    entry.status = status;
    const headers = { 'content-type': 'application/json', ...extra };
    if (fault && 'kind' in fault && fault.kind === 'truncated-json') {
      const keep = Math.min(
        payload.length - 1,
        Math.max(0, fault.keepBytes ?? Math.floor(payload.length / 2)),
      );
      res.writeHead(status, { ...headers, 'content-length': String(keep) });
      res.end(payload.subarray(0, keep));
      return;
    }
    if (fault && 'kind' in fault && fault.kind === 'slow-body') {
      res.writeHead(status, { ...headers, 'content-length': String(payload.length) });
      const step = Math.max(1, fault.bytesPerChunk);
      let offset = 0;
      const pump = (): void => {
        if (res.destroyed) return;
        res.write(payload.subarray(offset, offset + step));
        offset += step;
        if (offset >= payload.length) res.end();
        else later(fault.delayMs, pump);
      };
      pump();
      return;
    }
    res.writeHead(status, { ...headers, 'content-length': String(payload.length) });
    res.end(payload);
  };

  const openSse = (res: ServerResponse, entry: LoggedRequest, extra: Record<string, string>): SseSink => {
    entry.status = 200;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      ...extra,
    });
    let closed = false;
    const closeListeners: (() => void)[] = [];
    const fireClose = (): void => {
      if (closed) return;
      closed = true;
      for (const listener of closeListeners.splice(0)) listener();
    };
    res.on('close', fireClose);
    return {
      get closed() {
        return closed;
      },
      // agno serialises event payloads with json.dumps defaults: compact here, ASCII-only.
      send: (name, payload) => {
        if (!closed) res.write(`event: ${name}\ndata: ${asciiJson(payload)}\n\n`);
      },
      comment: (text) => {
        if (!closed) res.write(`: ${text}\n\n`);
      },
      end: () => {
        if (closed) return;
        closeListeners.length = 0;
        closed = true;
        res.end();
      },
      onClose: (listener) => {
        if (closed) listener();
        else closeListeners.push(listener);
      },
    };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // The trailing-slash middleware: `/sessions/` is `/sessions`.
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') || '/' : url.pathname;
    const info: RequestInfo = {
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      headers: redactHeaders(req.headers),
    };
    const entry: LoggedRequest = { ...info, seq: log.length + 1, at: now(), status: null, fault: null };
    log.push(entry);
    const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
    const cors = corsHeaders(origin);

    const fault = faults.take(info);
    if (fault) entry.fault = faultLabel(fault);
    if (fault && 'status' in fault) {
      const extra: Record<string, string> = { ...cors };
      if (fault.retryAfterSeconds !== undefined) extra['retry-after'] = String(fault.retryAfterSeconds);
      writeJson(
        res,
        entry,
        fault.status,
        fault.body ?? { detail: fault.detail ?? defaultDetail(fault.status) },
        extra,
        null,
      );
      return;
    }
    if (fault && fault.kind === 'timeout') {
      held.add(res);
      res.on('close', () => held.delete(res));
      return;
    }
    if (fault && fault.kind === 'reset') {
      entry.status = 0;
      const socket = req.socket;
      if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
      else socket.destroy();
      return;
    }

    if (method === 'OPTIONS') {
      if (origin === undefined || !corsOrigins.includes(origin)) {
        entry.status = 400;
        res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Disallowed CORS origin');
        return;
      }
      entry.status = 200;
      res.writeHead(200, {
        ...cors,
        'access-control-allow-methods': 'DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT',
        'access-control-allow-headers': String(req.headers['access-control-request-headers'] ?? '*'),
        'access-control-max-age': '600',
        'content-length': '2',
        'content-type': 'text/plain; charset=utf-8',
      });
      res.end('OK');
      return;
    }

    const body = await readBody(req);
    const authResult = authenticate(
      auth,
      serviceTokens,
      { method, path, authorization: req.headers.authorization, cookie: req.headers.cookie },
      nowS(),
      catalog.osId,
    );
    if (!authResult.ok) {
      writeJson(res, entry, authResult.status, { detail: authResult.detail }, cors, fault);
      return;
    }
    const ctx: Ctx = {
      method,
      path,
      query: url.searchParams,
      headers: req.headers,
      body,
      principal: authResult.principal,
      listFilter: authResult.listFilter,
    };
    let reply: Reply;
    try {
      reply = route(ctx);
    } catch (error) {
      if (error instanceof HttpError) reply = json({ detail: error.detail }, error.status);
      else reply = json({ detail: error instanceof Error ? error.message : String(error) }, 500);
    }
    if (reply.kind === 'json') {
      writeJson(res, entry, reply.status, reply.body, { ...cors, ...(reply.headers ?? {}) }, fault);
      return;
    }
    if (reply.kind === 'empty') {
      entry.status = reply.status;
      res.writeHead(reply.status, cors);
      res.end();
      return;
    }
    if (reply.kind === 'deferred') {
      reply.wait(
        (final) => {
          if (final.kind === 'json' && !res.destroyed)
            writeJson(res, entry, final.status, final.body, cors, fault);
        },
        (listener) => res.on('close', listener),
      );
      return;
    }
    reply.start(openSse(res, entry, cors));
  };

  if (options.prerender) {
    for (const generated of dataset.sessions) {
      const view = store.view(generated.sessionId);
      if (!view) continue;
      detailBody(view);
      runsBody(view);
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ detail: error instanceof Error ? error.message : 'Internal Server Error' }));
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const host = options.host ?? '127.0.0.1';

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    store,
    faults,
    requests: () => log.map((entry) => ({ ...entry })),
    clearRequests: () => {
      log.length = 0;
    },
    close: async () => {
      if (closing) return;
      closing = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const res of held) res.destroy();
      held.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

// ---- request parsing -------------------------------------------------------------------------

function defaultDetail(status: number): string {
  if (status === 401) return 'Invalid authentication token';
  if (status === 403) return 'Insufficient permissions';
  if (status === 404) return 'Not Found';
  if (status === 429) return 'Too Many Requests';
  if (status === 502) return 'Bad Gateway';
  if (status === 503) return 'Service Unavailable';
  return 'Internal Server Error';
}

function redactHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    if (key === 'authorization') out[key] = `${text.split(' ')[0] ?? ''} [redacted]`.trim();
    else if (key === 'cookie' || key === 'x-api-key') out[key] = '[redacted]';
    else out[key] = text;
  }
  return out;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function validation(
  type: string,
  loc: (string | number)[],
  msg: string,
  input: Json,
  ctx?: JsonObject,
): HttpError {
  return new HttpError(422, [{ type, loc, msg, input, ...(ctx ? { ctx } : {}) }]);
}

function queryInt(q: URLSearchParams, name: string, fallback: number, ge: number): number {
  const raw = q.get(name);
  if (raw === null) return fallback;
  if (!/^\s*[-+]?\d+\s*$/.test(raw))
    throw validation(
      'int_parsing',
      ['query', name],
      'Input should be a valid integer, unable to parse string as an integer',
      raw,
    );
  const value = Number(raw);
  if (value < ge)
    throw validation(
      'greater_than_equal',
      ['query', name],
      `Input should be greater than or equal to ${ge}`,
      raw,
      { ge },
    );
  return value;
}

function optionalInt(q: URLSearchParams, name: string): number | null {
  const raw = q.get(name);
  if (raw === null) return null;
  if (!/^\s*[-+]?\d+\s*$/.test(raw))
    throw validation(
      'int_parsing',
      ['query', name],
      'Input should be a valid integer, unable to parse string as an integer',
      raw,
    );
  return Number(raw);
}

function jsonBody(body: Buffer, required: boolean): JsonObject {
  if (body.length === 0) {
    if (required) return {};
    throw validation('missing', ['body'], 'Field required', null);
  }
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw validation(
      'json_invalid',
      ['body', 0],
      'JSON decode error',
      {},
      { error: error instanceof Error ? error.message : 'invalid JSON' },
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw validation(
      'model_attributes_type',
      ['body'],
      'Input should be a valid dictionary or object to extract fields from',
      null,
    );
  }
  return value as JsonObject;
}

function str(value: Json | undefined): string | null {
  return typeof value === 'string' ? value : null;
}

function obj(value: Json | undefined): JsonObject | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : null;
}

/** Run endpoints take form fields (urlencoded or multipart), never JSON. */
function parseForm(ctx: Ctx): URLSearchParams {
  const type = String(ctx.headers['content-type'] ?? '');
  const text = ctx.body.toString('utf8');
  if (type.startsWith('application/x-www-form-urlencoded')) return new URLSearchParams(text);
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(type);
  const marker = boundary?.[1] ?? boundary?.[2];
  const form = new URLSearchParams();
  if (!type.startsWith('multipart/form-data') || !marker) return form;
  for (const part of text.split(`--${marker}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const head = part.slice(0, split);
    const name = /name="([^"]*)"/i.exec(head)?.[1];
    if (!name || /filename=/i.test(head)) continue;
    form.append(name, part.slice(split + 4).replace(/\r\n$/, ''));
  }
  return form;
}

function formBool(form: URLSearchParams, name: string, fallback: boolean): boolean {
  const raw = form.get(name);
  if (raw === null || raw === '') return fallback;
  return ['true', '1', 'yes', 'on'].includes(raw.toLowerCase());
}

function parseJsonList(raw: string | null, field: string): JsonObject[] | null {
  if (raw === null || raw === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new HttpError(400, `Invalid JSON in ${field} field`);
  }
  if (
    !Array.isArray(value) ||
    !value.every((item) => typeof item === 'object' && item !== null && !Array.isArray(item))
  ) {
    throw new HttpError(400, `Invalid structure or content for ${field}`);
  }
  return value as JsonObject[];
}

/** Python `datetime.now(timezone.utc).isoformat()`. */
function pythonIso(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('Z', '000+00:00');
}
