import { randomUUID } from 'node:crypto';
import {
  compactMetrics,
  deriveSessionName,
  expandRuns,
  findAgent,
  findTeam,
  findWorkflow,
  plannedSessionName,
} from './generator';
import type { GeneratedSession, RunPlan, ScenarioName } from './generator';
import type {
  Catalog,
  JsonObject,
  Message,
  RawEvent,
  RawRun,
  RunStatus,
  SessionType,
  ToolExecution,
} from './types';

export type RunKind = 'agent' | 'team' | 'workflow';

export type RunSummary = {
  runId: string;
  kind: RunKind;
  componentId: string;
  status: RunStatus | null;
  parentRunId: string | null;
  createdAt: number;
};

/** A copy of one stored session; times are epoch seconds as in the AgentOS db. */
export type SessionSnapshot = {
  sessionId: string;
  dbId: string;
  sessionType: SessionType;
  componentId: string;
  userId: string | null;
  /** The stored `session_data.session_name`; null when the API derives the name. */
  sessionName: string | null;
  createdAt: number;
  updatedAt: number | null;
  storeEvents: boolean;
  scenario: ScenarioName | null;
  metadata: JsonObject | null;
  runs: RunSummary[];
};

export type AddSessionInput = {
  sessionId?: string;
  type?: SessionType;
  componentId?: string;
  dbId?: string;
  userId?: string | null;
  sessionName?: string | null;
  sessionState?: JsonObject;
  metadata?: JsonObject | null;
  summary?: JsonObject | null;
  createdAt?: number;
  updatedAt?: number | null;
  storeEvents?: boolean;
  runs?: RawRun[];
};

export type SessionPatch = {
  sessionName?: string | null;
  sessionState?: JsonObject;
  metadata?: JsonObject | null;
  summary?: JsonObject | null;
  userId?: string | null;
  /** Explicit `updated_at` (epoch s); by default a patch bumps it like a real write does. */
  updatedAt?: number | null;
  touch?: boolean;
};

export type AddRunInput = {
  runId?: string;
  kind?: RunKind;
  componentId?: string;
  status?: RunStatus;
  input?: string;
  content?: string;
  createdAt?: number;
  parentRunId?: string;
  touch?: boolean;
};

export type StartRunningRunInput = {
  sessionId?: string;
  kind?: RunKind;
  componentId?: string;
  dbId?: string;
  userId?: string | null;
  message?: string;
  runId?: string;
};

export type StartedRun = {
  sessionId: string;
  runId: string;
  dbId: string;
  kind: RunKind;
  componentId: string;
};

export type SetRunStatusOptions = { reason?: string; content?: string; touch?: boolean };

/** What tests may do to the data the peer serves. */
export interface AgentOsStore {
  readonly catalog: Catalog;
  readonly dbIds: readonly string[];
  size(): number;
  list(filter?: { dbId?: string; type?: SessionType }): SessionSnapshot[];
  getSession(sessionId: string): SessionSnapshot | undefined;
  /** The stored runs (deep copies), oldest first. */
  getRuns(sessionId: string): RawRun[];
  getRun(sessionId: string, runId: string): RawRun | undefined;
  addSession(input?: AddSessionInput): SessionSnapshot;
  updateSession(sessionId: string, patch: SessionPatch): SessionSnapshot;
  deleteSession(sessionId: string): boolean;
  addRun(sessionId: string, input?: AddRunInput): RawRun;
  setRunStatus(sessionId: string, runId: string, status: RunStatus, options?: SetRunStatusOptions): RawRun;
  /** Moves `updated_at` strictly forward (to now, or one second past the old value). */
  bumpUpdatedAt(sessionId: string, at?: number): number;
  /** A run that stays RUNNING until cancelled or finished through this store. */
  startRunningRun(input?: StartRunningRunInput): StartedRun;
  completeRun(sessionId: string, runId: string, content?: string): RawRun;
  /** Run ids with a recorded cancel intent that has not taken effect. */
  pendingCancellations(): string[];
}

type SessionRecord = {
  seq: number;
  dbId: string;
  sessionId: string;
  sessionType: SessionType;
  componentId: string;
  userId: string | null;
  sessionName: string | null;
  sessionState: JsonObject;
  metadata: JsonObject | null;
  summary: JsonObject | null;
  metrics: JsonObject | null;
  totalTokens: number | null;
  createdAt: number;
  updatedAt: number | null;
  storeEvents: boolean;
  scenario: ScenarioName | null;
  source: GeneratedSession | null;
  runs: RawRun[] | null;
};

export type SessionView = Readonly<SessionRecord> & { displayName: string };

export type SessionQuery = {
  dbId: string;
  type: SessionType | null;
  componentId: string | null;
  userId: string | null;
  sessionName: string | null;
  sortBy: string;
  sortOrder: 'asc' | 'desc';
};

export type RunListener = (event: RawEvent, run: RawRun) => void;

export type ContinueResult =
  { ok: true; run: RawRun; events: RawEvent[] } | { ok: false; status: number; detail: string };

const SORTABLE = new Set([
  'session_id',
  'session_type',
  'agent_id',
  'team_id',
  'workflow_id',
  'user_id',
  'created_at',
  'updated_at',
]);
const TERMINAL: ReadonlySet<RunStatus> = new Set([
  'COMPLETED',
  'CANCELLED',
  'ERROR',
  'PAUSED',
  'REGENERATED',
]);

export function isStreamEnd(status: RunStatus | undefined): boolean {
  return status !== undefined && TERMINAL.has(status);
}

export function runKind(run: RawRun): RunKind {
  if (run.team_id && !run.agent_id) return 'team';
  if (run.agent_id) return 'agent';
  return 'workflow';
}

export function runComponentId(run: RawRun): string {
  return run.agent_id ?? run.team_id ?? run.workflow_id ?? '';
}

const EVENT_NAMES = {
  agent: {
    started: 'RunStarted',
    completed: 'RunCompleted',
    cancelled: 'RunCancelled',
    error: 'RunError',
    paused: 'RunPaused',
    continued: 'RunContinued',
    content: 'RunContent',
    toolStarted: 'ToolCallStarted',
    toolCompleted: 'ToolCallCompleted',
  },
  team: {
    started: 'TeamRunStarted',
    completed: 'TeamRunCompleted',
    cancelled: 'TeamRunCancelled',
    error: 'TeamRunError',
    paused: 'TeamRunPaused',
    continued: 'TeamRunContinued',
    content: 'TeamRunContent',
    toolStarted: 'TeamToolCallStarted',
    toolCompleted: 'TeamToolCallCompleted',
  },
  workflow: {
    started: 'WorkflowStarted',
    completed: 'WorkflowCompleted',
    cancelled: 'WorkflowCancelled',
    error: 'WorkflowError',
    paused: 'WorkflowPaused',
    continued: 'StepContinued',
    content: 'StepOutput',
    toolStarted: 'StepStarted',
    toolCompleted: 'StepCompleted',
  },
} as const;

export type EventKey = keyof (typeof EVENT_NAMES)['agent'];

export class PeerStore implements AgentOsStore {
  readonly catalog: Catalog;
  readonly dbIds: readonly string[];
  private readonly now: () => number;
  private readonly records = new Map<string, SessionRecord>();
  private readonly runIndex = new Map<string, string>();
  private readonly listeners = new Map<string, Set<RunListener>>();
  private readonly buffers = new Map<string, RawEvent[]>();
  private readonly cancelIntents = new Set<string>();
  private readonly expansionCache = new Map<string, RawRun[]>();
  /** Bumped whenever a record's own fields change; see `renderKey`. */
  private readonly revisions = new WeakMap<SessionRecord, number>();
  private seq = 0;
  private version = 0;
  private queryCache: { key: string; version: number; rows: SessionRecord[] } | null = null;

  constructor(options: { catalog: Catalog; sessions: readonly GeneratedSession[]; now: () => number }) {
    this.catalog = options.catalog;
    this.dbIds = [...options.catalog.dbIds];
    this.now = options.now;
    for (const s of options.sessions) {
      this.records.set(s.sessionId, {
        seq: this.seq++,
        dbId: s.dbId,
        sessionId: s.sessionId,
        sessionType: s.sessionType,
        componentId: s.componentId,
        userId: s.userId,
        sessionName: s.sessionName,
        sessionState: s.sessionState,
        metadata: s.metadata,
        summary: s.summary,
        metrics: s.metrics,
        totalTokens: s.totalTokens,
        createdAt: s.createdAt,
        updatedAt: s.updatedAt,
        storeEvents: s.storeEvents,
        scenario: s.scenario,
        source: s,
        runs: null,
      });
      for (const plan of s.runs) {
        this.runIndex.set(plan.runId, s.sessionId);
        for (const member of plan.members) this.runIndex.set(member.runId, s.sessionId);
      }
    }
  }

  nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  // ---- public API ------------------------------------------------------------------------

  size(): number {
    return this.records.size;
  }

  list(filter: { dbId?: string; type?: SessionType } = {}): SessionSnapshot[] {
    const out: SessionSnapshot[] = [];
    for (const rec of this.records.values()) {
      if (filter.dbId !== undefined && rec.dbId !== filter.dbId) continue;
      if (filter.type !== undefined && rec.sessionType !== filter.type) continue;
      out.push(this.snapshot(rec));
    }
    return out;
  }

  getSession(sessionId: string): SessionSnapshot | undefined {
    const rec = this.records.get(sessionId);
    return rec ? this.snapshot(rec) : undefined;
  }

  getRuns(sessionId: string): RawRun[] {
    const rec = this.records.get(sessionId);
    return rec ? structuredClone(this.runsOf(rec)) : [];
  }

  getRun(sessionId: string, runId: string): RawRun | undefined {
    const rec = this.records.get(sessionId);
    const run = rec ? this.runsOf(rec).find((r) => r.run_id === runId) : undefined;
    return run ? structuredClone(run) : undefined;
  }

  addSession(input: AddSessionInput = {}): SessionSnapshot {
    return this.snapshot(this.insertSession(input));
  }

  updateSession(sessionId: string, patch: SessionPatch): SessionSnapshot {
    const rec = this.require(sessionId);
    if (patch.sessionName !== undefined) rec.sessionName = patch.sessionName;
    if (patch.sessionState !== undefined) rec.sessionState = patch.sessionState;
    if (patch.metadata !== undefined) rec.metadata = patch.metadata;
    if (patch.summary !== undefined) rec.summary = patch.summary;
    if (patch.userId !== undefined) rec.userId = patch.userId;
    if (patch.updatedAt !== undefined) rec.updatedAt = patch.updatedAt;
    else if (patch.touch !== false) this.touch(rec);
    this.changed(rec);
    return this.snapshot(rec);
  }

  deleteSession(sessionId: string): boolean {
    const rec = this.records.get(sessionId);
    if (!rec) return false;
    for (const run of this.summaries(rec)) this.runIndex.delete(run.runId);
    this.records.delete(sessionId);
    this.expansionCache.delete(sessionId);
    this.changed();
    return true;
  }

  addRun(sessionId: string, input: AddRunInput = {}): RawRun {
    const rec = this.require(sessionId);
    const kind = input.kind ?? rec.sessionType;
    const run = this.newRun(
      rec,
      kind,
      input.componentId ??
        (kind === rec.sessionType ? rec.componentId : defaultComponent(this.catalog, kind)),
      {
        runId: input.runId ?? randomUUID(),
        message: input.input ?? 'Hello',
        status: input.status ?? 'COMPLETED',
        createdAt: input.createdAt ?? this.nowSeconds(),
      },
    );
    if (input.parentRunId) run.parent_run_id = input.parentRunId;
    if (run.status !== 'PENDING' && run.status !== 'RUNNING' && kind !== 'workflow') {
      const content = input.content ?? `Answer to: ${input.input ?? 'Hello'}`;
      (run.messages ??= []).push(this.message('assistant', content));
      run.content = content;
      run.content_type = 'str';
    } else if (input.content !== undefined) {
      run.content = input.content;
    }
    this.materialize(rec).push(run);
    this.runIndex.set(run.run_id, rec.sessionId);
    if (input.touch !== false) this.touch(rec);
    this.changed();
    return structuredClone(run);
  }

  setRunStatus(
    sessionId: string,
    runId: string,
    status: RunStatus,
    options: SetRunStatusOptions = {},
  ): RawRun {
    const rec = this.require(sessionId);
    const run = this.materialize(rec).find((r) => r.run_id === runId);
    if (!run) throw new Error(`run ${runId} not found in session ${sessionId}`);
    this.transition(rec, run, status, options);
    if (options.touch === false) this.changed();
    return structuredClone(run);
  }

  bumpUpdatedAt(sessionId: string, at?: number): number {
    const rec = this.require(sessionId);
    const previous = rec.updatedAt ?? rec.createdAt;
    rec.updatedAt = at ?? Math.max(this.nowSeconds(), previous + 1);
    this.changed(rec);
    return rec.updatedAt;
  }

  startRunningRun(input: StartRunningRunInput = {}): StartedRun {
    return this.startRun({ ...input, status: 'RUNNING' });
  }

  completeRun(sessionId: string, runId: string, content?: string): RawRun {
    return this.setRunStatus(sessionId, runId, 'COMPLETED', content === undefined ? {} : { content });
  }

  pendingCancellations(): string[] {
    return [...this.cancelIntents];
  }

  // ---- used by the server ----------------------------------------------------------------

  view(sessionId: string): SessionView | undefined {
    const rec = this.records.get(sessionId);
    return rec ? { ...rec, displayName: this.displayName(rec) } : undefined;
  }

  /**
   * A key that changes whenever what the server renders for this session could change, or null
   * when its responses must not be cached: once a session's runs are materialized they are
   * mutated in place (runs, events, continue) and only a fresh render is safe. Generated
   * sessions that were never materialized render from their plan, which never changes.
   */
  renderKey(sessionId: string): string | null {
    const rec = this.records.get(sessionId);
    if (!rec || rec.runs !== null || rec.source === null) return null;
    return `${rec.seq}.${this.revisions.get(rec) ?? 0}`;
  }

  /** Filter and sort like the SQL backends (cached until the data changes), then slice. */
  query(q: SessionQuery, offset: number, limit: number): { total: number; rows: SessionView[] } {
    const key = JSON.stringify(q);
    let rows: SessionRecord[];
    if (this.queryCache && this.queryCache.key === key && this.queryCache.version === this.version) {
      rows = this.queryCache.rows;
    } else {
      const name = q.sessionName?.toLowerCase() ?? null;
      rows = [];
      for (const rec of this.records.values()) {
        if (rec.dbId !== q.dbId) continue;
        if (q.type !== null && rec.sessionType !== q.type) continue;
        if (q.componentId !== null && rec.componentId !== q.componentId) continue;
        if (q.userId !== null && rec.userId !== q.userId) continue;
        if (name !== null && !(rec.sessionName ?? '').toLowerCase().includes(name)) continue;
        if (name !== null && rec.sessionName === null) continue;
        rows.push(rec);
      }
      if (SORTABLE.has(q.sortBy)) {
        const dir = q.sortOrder === 'asc' ? 1 : -1;
        const value = (rec: SessionRecord): string | number | null => sortValue(rec, q.sortBy);
        rows.sort((a, b) => {
          const c = compareSql(value(a), value(b)) * dir;
          return c !== 0 ? c : a.seq - b.seq;
        });
      }
      this.queryCache = { key, version: this.version, rows };
    }
    return {
      total: rows.length,
      rows: rows.slice(offset, offset + limit).map((rec) => ({ ...rec, displayName: this.displayName(rec) })),
    };
  }

  /** The stored runs of a session; never mutate the result. */
  runsFor(sessionId: string): RawRun[] {
    const rec = this.records.get(sessionId);
    return rec ? this.runsOf(rec) : [];
  }

  locateRun(runId: string): { session: SessionView; run: RawRun } | undefined {
    const sessionId = this.runIndex.get(runId);
    const rec = sessionId === undefined ? undefined : this.records.get(sessionId);
    if (!rec) return undefined;
    const run = this.runsOf(rec).find((r) => r.run_id === runId);
    return run ? { session: { ...rec, displayName: this.displayName(rec) }, run } : undefined;
  }

  createSessionFromApi(input: AddSessionInput): SessionView {
    const rec = this.insertSession({ ...input, runs: input.runs ?? [] });
    return { ...rec, displayName: this.displayName(rec) };
  }

  renameFromApi(sessionId: string, patch: SessionPatch): SessionView {
    this.updateSession(sessionId, patch);
    const view = this.view(sessionId);
    if (!view) throw new Error('session vanished');
    return view;
  }

  startRun(input: StartRunningRunInput & { status: RunStatus }): StartedRun {
    const kind =
      input.kind ?? (input.sessionId ? this.records.get(input.sessionId)?.sessionType : undefined) ?? 'agent';
    let rec = input.sessionId ? this.records.get(input.sessionId) : undefined;
    const componentId =
      input.componentId ??
      (rec && rec.sessionType === kind
        ? rec.componentId
        : defaultComponent(this.catalog, kind, 'research-agent'));
    if (!rec) {
      rec = this.insertSession({
        ...(input.sessionId ? { sessionId: input.sessionId } : {}),
        type: kind,
        componentId,
        ...(input.dbId ? { dbId: input.dbId } : {}),
        userId: input.userId ?? null,
        runs: [],
        storeEvents: componentStoresEvents(this.catalog, kind, componentId),
      });
    }
    const run = this.newRun(rec, kind, componentId, {
      runId: input.runId ?? randomUUID(),
      message: input.message ?? 'Investigate the billing latency spike.',
      status: input.status,
      createdAt: this.nowSeconds(),
    });
    this.materialize(rec).push(run);
    this.runIndex.set(run.run_id, rec.sessionId);
    this.buffers.set(run.run_id, []);
    if (input.status === 'RUNNING') this.emitEvent(rec, run, 'started', startedExtra(run));
    this.touch(rec);
    this.changed();
    return { sessionId: rec.sessionId, runId: run.run_id, dbId: rec.dbId, kind, componentId };
  }

  /** PENDING → RUNNING for background runs, as the detached task picks the run up. */
  markStarted(runId: string): void {
    const loc = this.mutableRun(runId);
    if (!loc || loc.run.status !== 'PENDING') return;
    loc.run.status = 'RUNNING';
    this.emitEvent(loc.rec, loc.run, 'started', startedExtra(loc.run));
    this.touch(loc.rec);
    this.changed();
  }

  finishCreatedRun(runId: string): void {
    const loc = this.mutableRun(runId);
    if (!loc || (loc.run.status !== 'RUNNING' && loc.run.status !== 'PENDING')) return;
    this.transition(loc.rec, loc.run, 'COMPLETED', {});
  }

  requestCancel(runId: string): void {
    this.cancelIntents.add(runId);
  }

  /** The cancel intent takes effect only on a run that is still executing. */
  applyCancel(runId: string): boolean {
    if (!this.cancelIntents.has(runId)) return false;
    const loc = this.mutableRun(runId);
    if (!loc || (loc.run.status !== 'RUNNING' && loc.run.status !== 'PENDING')) return false;
    this.cancelIntents.delete(runId);
    for (const other of this.materialize(loc.rec)) {
      if (other.parent_run_id === runId && (other.status === 'RUNNING' || other.status === 'PENDING')) {
        this.transition(loc.rec, other, 'CANCELLED', { reason: 'Parent run cancelled' });
      }
    }
    this.transition(loc.rec, loc.run, 'CANCELLED', { reason: 'Run cancelled by user' });
    return true;
  }

  subscribe(runId: string, listener: RunListener): () => void {
    let set = this.listeners.get(runId);
    if (!set) {
      set = new Set();
      this.listeners.set(runId, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(runId);
    };
  }

  /** Events a `/resume` client can replay: the live buffer, else the stored events. */
  replayable(runId: string): RawEvent[] {
    const buffer = this.buffers.get(runId);
    if (buffer) return buffer;
    return this.locateRun(runId)?.run.events ?? [];
  }

  isLive(runId: string): boolean {
    return this.buffers.has(runId);
  }

  continueRun(runId: string, kind: RunKind, request: ContinueRequest): ContinueResult {
    const loc = this.mutableRun(runId);
    if (!loc || runKind(loc.run) !== kind) return { ok: false, status: 404, detail: 'Run not found' };
    const { rec, run } = loc;
    const collected: RawEvent[] = [];
    const unsubscribe = this.subscribe(runId, (event) => collected.push(event));
    try {
      const outcome =
        kind === 'agent'
          ? this.continueAgent(rec, run, request)
          : kind === 'team'
            ? this.continueTeam(rec, run, request)
            : this.continueWorkflow(rec, run, request);
      if (!outcome.ok) return outcome;
      this.changed();
      return { ok: true, run: outcome.run, events: collected };
    } finally {
      unsubscribe();
    }
  }

  // ---- internals -------------------------------------------------------------------------

  private continueAgent(rec: SessionRecord, run: RawRun, request: ContinueRequest): ContinueResult {
    const status = run.status ?? 'PENDING';
    if (request.fork || request.regenerate) {
      if (status !== 'COMPLETED' && status !== 'ERROR' && status !== 'CANCELLED') {
        return {
          ok: false,
          status: 409,
          detail: `Run ${run.run_id} cannot be continued: status is ${status}`,
        };
      }
      const copy: RawRun = structuredClone(run);
      copy.run_id = randomUUID();
      copy.created_at = this.nowSeconds();
      copy.status = 'COMPLETED';
      delete copy.events;
      if (request.fork) {
        copy.forked_from_run_id = run.run_id;
        copy.forked_from_session_id = rec.sessionId;
        copy.forked_from_message_index = (run.messages ?? []).length;
      } else {
        copy.regenerated_from = run.run_id;
        run.status = 'REGENERATED';
        const content = `${typeof run.content === 'string' ? run.content : 'Answer'} (regenerated${request.additionalInstructions ? `: ${request.additionalInstructions}` : ''})`;
        copy.content = content;
        const last = copy.messages?.[copy.messages.length - 1];
        if (last?.role === 'assistant') last.content = content;
      }
      this.materialize(rec).push(copy);
      this.runIndex.set(copy.run_id, rec.sessionId);
      this.emitEvent(rec, copy, 'completed', { content: copy.content ?? null, content_type: 'str' });
      this.touch(rec);
      return { ok: true, run: copy, events: [] };
    }
    if (status === 'PAUSED') return this.resolvePausedAgent(rec, run, request.tools ?? null, request.input);
    if ((status === 'RUNNING' || status === 'ERROR') && request.tools === null) {
      this.emitEvent(rec, run, 'continued');
      if (request.input) (run.messages ??= []).push(this.message('user', request.input));
      this.finish(
        rec,
        run,
        `Resumed from the last checkpoint and finished: ${typeof run.content === 'string' && status !== 'ERROR' ? run.content : 'done'}.`,
      );
      return { ok: true, run, events: [] };
    }
    return { ok: false, status: 409, detail: `Run ${run.run_id} cannot be continued: status is ${status}` };
  }

  private resolvePausedAgent(
    rec: SessionRecord,
    run: RawRun,
    tools: JsonObject[] | null,
    input: string | null,
  ): ContinueResult {
    if (this.cancelIntents.delete(run.run_id)) {
      this.transition(rec, run, 'CANCELLED', { reason: 'Run cancelled by user' });
      return { ok: true, run, events: [] };
    }
    const pending = (run.tools ?? []).filter(isPendingTool);
    for (const execution of pending) {
      const update = tools?.find((t) => t.tool_call_id === execution.tool_call_id);
      if (update) applyToolUpdate(execution, update);
    }
    const unresolved = (run.tools ?? []).filter(isPendingTool);
    if (unresolved.length > 0) {
      this.emitEvent(rec, run, 'paused', {
        tools: unresolved.map((t) => ({ ...t })),
        requirements: run.requirements ?? [],
      });
      this.touch(rec);
      return { ok: true, run, events: [] };
    }
    this.emitEvent(rec, run, 'continued');
    for (const execution of pending) this.executeTool(rec, run, execution);
    if (input) (run.messages ??= []).push(this.message('user', input));
    delete run.requirements;
    const rejected = pending.filter((t) => t.confirmed === false);
    this.finish(
      rec,
      run,
      rejected.length > 0
        ? `Understood, I did not run ${rejected.map((t) => t.tool_name).join(', ')}.`
        : `Done: ${pending.map((t) => t.result ?? t.tool_name).join('; ')}`,
    );
    return { ok: true, run, events: [] };
  }

  private continueTeam(rec: SessionRecord, run: RawRun, request: ContinueRequest): ContinueResult {
    if (run.status !== 'PAUSED') {
      return {
        ok: false,
        status: 409,
        detail: `Run ${run.run_id} cannot be continued: status is ${run.status ?? 'PENDING'}`,
      };
    }
    if (this.cancelIntents.delete(run.run_id)) {
      this.transition(rec, run, 'CANCELLED', { reason: 'Run cancelled by user' });
      return { ok: true, run, events: [] };
    }
    const requirements = run.requirements ?? [];
    const updates = request.requirements ?? [];
    for (const requirement of requirements) {
      const execution = requirement.tool_execution as ToolExecution | undefined;
      if (!execution || !isPendingTool(execution)) continue;
      const update = updates.find(
        (u) =>
          u.id === requirement.id ||
          (u.tool_execution as JsonObject | undefined)?.tool_call_id === execution.tool_call_id,
      );
      if (!update) continue;
      const nested = (update.tool_execution ?? {}) as JsonObject;
      const confirmed = typeof update.confirmation === 'boolean' ? update.confirmation : nested.confirmed;
      applyToolUpdate(execution, {
        ...nested,
        ...(typeof confirmed === 'boolean' ? { confirmed } : {}),
        ...(update.external_execution_result !== undefined
          ? { result: update.external_execution_result }
          : {}),
      });
      if (typeof update.confirmation === 'boolean') requirement.confirmation = update.confirmation;
      if (typeof update.confirmation_note === 'string')
        execution.confirmation_note = update.confirmation_note;
    }
    const unresolved = requirements.filter((r) => {
      const execution = r.tool_execution as ToolExecution | undefined;
      return execution !== undefined && isPendingTool(execution);
    });
    if (unresolved.length > 0) {
      this.emitEvent(rec, run, 'paused', { tools: [], requirements });
      this.touch(rec);
      return { ok: true, run, events: [] };
    }
    this.emitEvent(rec, run, 'continued');
    const runs = this.materialize(rec);
    for (const requirement of requirements) {
      const memberRun = runs.find((r) => r.run_id === requirement.member_run_id);
      const execution = requirement.tool_execution as ToolExecution | undefined;
      if (!memberRun || !execution) continue;
      const memberTool = (memberRun.tools ?? []).find((t) => t.tool_call_id === execution.tool_call_id);
      if (memberTool)
        applyToolUpdate(memberTool, {
          confirmed: execution.confirmed,
          confirmation_note: execution.confirmation_note,
        });
      if (memberTool) this.executeTool(rec, memberRun, memberTool);
      delete memberRun.requirements;
      this.finish(
        rec,
        memberRun,
        execution.confirmed === false
          ? 'The restart was not approved.'
          : `Done: ${memberTool?.result ?? 'ok'}`,
      );
      const delegation = (run.tools ?? []).find((t) => t.child_run_id === memberRun.run_id);
      if (delegation) {
        delegation.result = typeof memberRun.content === 'string' ? memberRun.content : '';
        (run.messages ??= []).push(
          this.message('tool', delegation.result, {
            tool_call_id: delegation.tool_call_id,
            tool_name: delegation.tool_name,
            tool_args: delegation.tool_args,
            tool_call_error: false,
          }),
        );
      }
    }
    delete run.requirements;
    this.finish(rec, run, 'The team resolved the incident.');
    return { ok: true, run, events: [] };
  }

  private continueWorkflow(rec: SessionRecord, run: RawRun, request: ContinueRequest): ContinueResult {
    if (run.status !== 'PAUSED') {
      return {
        ok: false,
        status: 409,
        detail: `Workflow run ${run.run_id} is already ${(run.status ?? 'PENDING').toLowerCase()}`,
      };
    }
    if (this.cancelIntents.delete(run.run_id)) {
      this.transition(rec, run, 'CANCELLED', { reason: 'Workflow run cancelled' });
      return { ok: true, run, events: [] };
    }
    const requirements = run.step_requirements ?? [];
    const updates = request.stepRequirements ?? [];
    for (const requirement of requirements) {
      const update = updates.find(
        (u) => u.step_id === requirement.step_id || u.step_index === requirement.step_index,
      );
      if (!update) continue;
      if (typeof update.confirmed === 'boolean') requirement.confirmed = update.confirmed;
      if (update.user_input !== undefined) requirement.user_input = update.user_input;
    }
    const unresolved = requirements.filter(
      (r) => r.requires_confirmation === true && typeof r.confirmed !== 'boolean',
    );
    if (unresolved.length > 0) {
      this.emitEvent(rec, run, 'paused', {
        status: 'PAUSED',
        step_requirements: requirements,
        paused_step_index: run.paused_step_index ?? null,
        paused_step_name: run.paused_step_name ?? null,
        pause_kind: run.pause_kind ?? 'step',
      });
      this.touch(rec);
      return { ok: true, run, events: [] };
    }
    const workflow = findWorkflow(this.catalog, run.workflow_id ?? '');
    const from = run.paused_step_index ?? (run.step_results ?? []).length;
    const approved = requirements.every((r) => r.confirmed !== false);
    this.emitEvent(rec, run, 'continued', { step_name: run.paused_step_name ?? null, step_index: from });
    const results = (run.step_results ??= []);
    let content = typeof run.content === 'string' ? run.content : '';
    workflow.steps.forEach((step, index) => {
      if (index < from) return;
      if (index === from && !approved) return;
      content = `${step.name}: completed for "${typeof run.input === 'string' ? run.input : 'input'}"`;
      const result: JsonObject = {
        step_id: randomUUID(),
        step_name: step.name,
        step_type: 'Step',
        executor_type: step.executor,
        executor_name:
          step.executor === 'agent'
            ? findAgent(this.catalog, step.executorId).name
            : findTeam(this.catalog, step.executorId).name,
        content,
        success: true,
        stop: false,
      };
      results.push(result);
      this.emitEvent(rec, run, 'toolStarted', {
        step_id: result.step_id,
        step_name: step.name,
        step_index: index,
      });
      this.emitEvent(rec, run, 'toolCompleted', {
        step_id: result.step_id,
        step_name: step.name,
        step_index: index,
        content,
        step_response: { ...result },
      });
    });
    delete run.step_requirements;
    delete run.pause_kind;
    delete run.paused_step_index;
    delete run.paused_step_name;
    this.finish(rec, run, content);
    return { ok: true, run, events: [] };
  }

  private executeTool(rec: SessionRecord, run: RawRun, execution: ToolExecution): void {
    const t = this.nowSeconds();
    if (execution.confirmed === false) {
      execution.result = null;
      (run.messages ??= []).push(
        this.message('tool', `Tool call ${execution.tool_name} was rejected by the user.`, {
          tool_call_id: execution.tool_call_id,
          tool_name: execution.tool_name,
          tool_args: execution.tool_args,
          tool_call_error: false,
        }),
      );
      return;
    }
    this.emitEvent(rec, run, 'toolStarted', { tool: { ...execution } });
    if (execution.result === null)
      execution.result = `${execution.tool_name} finished: ${JSON.stringify(execution.tool_args)}`;
    execution.metrics = { start_time: t, end_time: t, duration: 0.01 };
    (run.messages ??= []).push(
      this.message('tool', execution.result, {
        tool_call_id: execution.tool_call_id,
        tool_name: execution.tool_name,
        tool_args: execution.tool_args,
        tool_call_error: false,
      }),
    );
    this.emitEvent(rec, run, 'toolCompleted', { tool: { ...execution }, content: execution.result });
  }

  private finish(rec: SessionRecord, run: RawRun, content: string): void {
    this.transition(rec, run, 'COMPLETED', { content });
  }

  private transition(rec: SessionRecord, run: RawRun, status: RunStatus, options: SetRunStatusOptions): void {
    run.status = status;
    const kind = runKind(run);
    switch (status) {
      case 'COMPLETED': {
        const content =
          options.content ?? (typeof run.content === 'string' ? run.content : `Completed ${run.run_id}`);
        if (kind !== 'workflow')
          (run.messages ??= []).push(
            this.message('assistant', content, {
              metrics: { input_tokens: 120, output_tokens: 24, total_tokens: 144, duration: 0.8 },
            }),
          );
        run.content = content;
        run.content_type = 'str';
        if (kind !== 'workflow') run.metrics = mergeTokens(run.metrics, 120, 24);
        this.emitEvent(rec, run, 'completed', {
          content,
          content_type: 'str',
          ...(run.metrics ? { metrics: run.metrics } : {}),
        });
        break;
      }
      case 'CANCELLED': {
        const content = options.content ?? `Run ${run.run_id} was cancelled`;
        run.content = content;
        run.content_type = 'str';
        this.emitEvent(rec, run, 'cancelled', { reason: options.reason ?? 'Run cancelled by user', content });
        break;
      }
      case 'ERROR': {
        const content = options.content ?? options.reason ?? 'Internal error';
        run.content = content;
        run.content_type = 'str';
        this.emitEvent(
          rec,
          run,
          'error',
          kind === 'workflow'
            ? { error: content, error_type: 'RuntimeError' }
            : { content, error_type: 'RuntimeError', error_id: 'internal_error' },
        );
        break;
      }
      case 'PAUSED':
        this.emitEvent(rec, run, 'paused', {
          tools: (run.tools ?? []).filter(isPendingTool).map((t) => ({ ...t })),
          requirements: run.requirements ?? [],
        });
        break;
      case 'RUNNING':
        this.emitEvent(rec, run, 'continued');
        break;
      default:
        break;
    }
    if (options.touch !== false) this.touch(rec);
    this.changed();
  }

  emitEvent(rec: { storeEvents: boolean }, run: RawRun, key: EventKey, extra: JsonObject = {}): RawEvent {
    const kind = runKind(run);
    const event: RawEvent = {
      created_at: this.nowSeconds(),
      event: EVENT_NAMES[kind][key],
      ...eventBase(run, kind),
      ...extra,
    };
    if (rec.storeEvents) (run.events ??= []).push(event);
    this.buffers.get(run.run_id)?.push(event);
    for (const listener of [...(this.listeners.get(run.run_id) ?? [])]) listener(event, run);
    return event;
  }

  private newRun(
    rec: SessionRecord,
    kind: RunKind,
    componentId: string,
    o: { runId: string; message: string; status: RunStatus; createdAt: number },
  ): RawRun {
    if (kind === 'workflow') {
      const workflow = findWorkflow(this.catalog, componentId);
      return {
        run_id: o.runId,
        session_id: rec.sessionId,
        workflow_id: workflow.id,
        workflow_name: workflow.name,
        ...(rec.userId !== null ? { user_id: rec.userId } : {}),
        input: o.message,
        created_at: o.createdAt,
        status: o.status,
        step_results: [],
        step_executor_runs: [],
      };
    }
    const component =
      kind === 'agent' ? findAgent(this.catalog, componentId) : findTeam(this.catalog, componentId);
    const messages: Message[] =
      o.status === 'PENDING'
        ? []
        : [this.message('system', `You are ${component.name}.`), this.message('user', o.message)];
    return {
      run_id: o.runId,
      ...(kind === 'agent'
        ? { agent_id: component.id, agent_name: component.name }
        : { team_id: component.id, team_name: component.name }),
      session_id: rec.sessionId,
      ...(rec.userId !== null ? { user_id: rec.userId } : {}),
      input: { input_content: o.message },
      model: component.model.id,
      model_provider: component.model.provider,
      created_at: o.createdAt,
      status: o.status,
      ...(messages.length > 0 ? { messages } : {}),
    };
  }

  message(role: Message['role'], content: string, extra: Partial<Message> = {}): Message {
    return {
      id: randomUUID(),
      role,
      content,
      from_history: false,
      stop_after_tool_call: false,
      ...extra,
      created_at: this.nowSeconds(),
    };
  }

  private insertSession(input: AddSessionInput): SessionRecord {
    const type = input.type ?? 'agent';
    const componentId = input.componentId ?? defaultComponent(this.catalog, type);
    const dbId = input.dbId ?? componentDb(this.catalog, type, componentId);
    if (!this.dbIds.includes(dbId)) throw new Error(`unknown db_id ${dbId}`);
    const sessionId = input.sessionId ?? randomUUID();
    if (this.records.has(sessionId)) throw new Error(`session ${sessionId} already exists`);
    const now = this.nowSeconds();
    const createdAt = input.createdAt ?? now;
    const runs = input.runs ?? [];
    const rec: SessionRecord = {
      seq: this.seq++,
      dbId,
      sessionId,
      sessionType: type,
      componentId,
      userId: input.userId ?? null,
      sessionName: input.sessionName ?? null,
      sessionState: input.sessionState ?? {},
      metadata: input.metadata ?? null,
      summary: input.summary ?? null,
      metrics: type === 'workflow' ? null : {},
      totalTokens: type === 'workflow' ? null : 0,
      createdAt,
      updatedAt: input.updatedAt === undefined ? createdAt : input.updatedAt,
      storeEvents: input.storeEvents ?? componentStoresEvents(this.catalog, type, componentId),
      scenario: null,
      source: null,
      runs: structuredClone(runs),
    };
    this.records.set(sessionId, rec);
    for (const run of runs) this.runIndex.set(run.run_id, sessionId);
    this.changed();
    return rec;
  }

  private snapshot(rec: SessionRecord): SessionSnapshot {
    return {
      sessionId: rec.sessionId,
      dbId: rec.dbId,
      sessionType: rec.sessionType,
      componentId: rec.componentId,
      userId: rec.userId,
      sessionName: rec.sessionName,
      createdAt: rec.createdAt,
      updatedAt: rec.updatedAt,
      storeEvents: rec.storeEvents,
      scenario: rec.scenario,
      metadata: rec.metadata === null ? null : structuredClone(rec.metadata),
      runs: this.summaries(rec),
    };
  }

  private summaries(rec: SessionRecord): RunSummary[] {
    if (rec.runs || !rec.source) {
      return (rec.runs ?? []).map((r) => ({
        runId: r.run_id,
        kind: runKind(r),
        componentId: runComponentId(r),
        status: r.status ?? null,
        parentRunId: r.parent_run_id ?? null,
        createdAt: r.created_at,
      }));
    }
    const out: RunSummary[] = [];
    const add = (plan: RunPlan): void => {
      out.push({
        runId: plan.runId,
        kind: plan.type,
        componentId: plan.componentId,
        status: plan.status,
        parentRunId: plan.parentRunId,
        createdAt: plan.createdAt,
      });
    };
    for (const plan of rec.source.runs) {
      plan.members.forEach(add);
      add(plan);
    }
    return out;
  }

  private displayName(rec: SessionRecord): string {
    if (rec.sessionName !== null) return rec.sessionName;
    if (!rec.runs && rec.source) return plannedSessionName(rec.source);
    const workflowName =
      rec.sessionType === 'workflow'
        ? (this.catalog.workflows.find((w) => w.id === rec.componentId)?.name ?? null)
        : null;
    return deriveSessionName(rec.sessionType, rec.runs ?? [], workflowName);
  }

  private runsOf(rec: SessionRecord): RawRun[] {
    if (rec.runs) return rec.runs;
    if (!rec.source) return [];
    const cached = this.expansionCache.get(rec.sessionId);
    if (cached) return cached;
    const runs = expandRuns(rec.source, this.catalog);
    // A handful of recent expansions: a client usually reads a session's detail and runs together.
    if (this.expansionCache.size >= 8) {
      const oldest = this.expansionCache.keys().next().value;
      if (oldest !== undefined) this.expansionCache.delete(oldest);
    }
    this.expansionCache.set(rec.sessionId, runs);
    return runs;
  }

  private materialize(rec: SessionRecord): RawRun[] {
    if (!rec.runs) {
      rec.runs = this.runsOf(rec);
      this.expansionCache.delete(rec.sessionId);
    }
    return rec.runs;
  }

  private mutableRun(runId: string): { rec: SessionRecord; run: RawRun } | undefined {
    const sessionId = this.runIndex.get(runId);
    const rec = sessionId === undefined ? undefined : this.records.get(sessionId);
    if (!rec) return undefined;
    const run = this.materialize(rec).find((r) => r.run_id === runId);
    return run ? { rec, run } : undefined;
  }

  private require(sessionId: string): SessionRecord {
    const rec = this.records.get(sessionId);
    if (!rec) throw new Error(`session ${sessionId} not found`);
    return rec;
  }

  private touch(rec: SessionRecord): void {
    rec.updatedAt = Math.max(this.nowSeconds(), rec.updatedAt ?? rec.createdAt);
    this.revisions.set(rec, (this.revisions.get(rec) ?? 0) + 1);
  }

  private changed(rec?: SessionRecord): void {
    this.version++;
    if (rec) this.revisions.set(rec, (this.revisions.get(rec) ?? 0) + 1);
  }
}

export type ContinueRequest = {
  tools: JsonObject[] | null;
  requirements: JsonObject[] | null;
  stepRequirements: JsonObject[] | null;
  input: string | null;
  fork: boolean;
  regenerate: boolean;
  additionalInstructions: string | null;
};

function isPendingTool(t: ToolExecution): boolean {
  return (
    (t.requires_confirmation === true && t.confirmed === null) ||
    (t.requires_user_input === true && t.answered !== true) ||
    (t.external_execution_required === true && t.result === null)
  );
}

function applyToolUpdate(execution: ToolExecution, update: JsonObject): void {
  if (execution.requires_confirmation === true && typeof update.confirmed === 'boolean') {
    execution.confirmed = update.confirmed;
    if (typeof update.confirmation_note === 'string') execution.confirmation_note = update.confirmation_note;
  }
  if (execution.requires_user_input === true && Array.isArray(update.user_input_schema)) {
    execution.user_input_schema = update.user_input_schema.filter(
      (f): f is JsonObject => typeof f === 'object' && f !== null && !Array.isArray(f),
    );
    execution.answered = true;
  }
  if (execution.external_execution_required === true && typeof update.result === 'string')
    execution.result = update.result;
}

function eventBase(run: RawRun, kind: RunKind): JsonObject {
  if (kind === 'agent') {
    return {
      agent_id: run.agent_id,
      agent_name: run.agent_name,
      run_id: run.run_id,
      ...(run.parent_run_id ? { parent_run_id: run.parent_run_id } : {}),
      session_id: run.session_id,
      nested_depth: 0,
    };
  }
  if (kind === 'team')
    return {
      team_id: run.team_id,
      team_name: run.team_name,
      run_id: run.run_id,
      session_id: run.session_id,
      nested_depth: 0,
    };
  return {
    workflow_id: run.workflow_id,
    workflow_name: run.workflow_name,
    session_id: run.session_id,
    run_id: run.run_id,
    nested_depth: 0,
  };
}

function startedExtra(run: RawRun): JsonObject {
  return run.model ? { model: run.model, model_provider: run.model_provider ?? null } : {};
}

function mergeTokens(metrics: JsonObject | undefined, input: number, output: number): JsonObject {
  const prevIn = Number(metrics?.input_tokens ?? 0);
  const prevOut = Number(metrics?.output_tokens ?? 0);
  return compactMetrics({
    ...(metrics ?? {}),
    input_tokens: prevIn + input,
    output_tokens: prevOut + output,
    total_tokens: prevIn + prevOut + input + output,
  });
}

function sortValue(rec: SessionRecord, column: string): string | number | null {
  switch (column) {
    case 'session_id':
      return rec.sessionId;
    case 'session_type':
      return rec.sessionType;
    case 'agent_id':
      return rec.sessionType === 'agent' ? rec.componentId : null;
    case 'team_id':
      return rec.sessionType === 'team' ? rec.componentId : null;
    case 'workflow_id':
      return rec.sessionType === 'workflow' ? rec.componentId : null;
    case 'user_id':
      return rec.userId;
    case 'created_at':
      return rec.createdAt;
    case 'updated_at':
      // agno sorts by COALESCE(updated_at, created_at).
      return rec.updatedAt ?? rec.createdAt;
    default:
      return null;
  }
}

/** SQLite ordering: NULL sorts before everything. */
function compareSql(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

function defaultComponent(catalog: Catalog, kind: RunKind, preferredAgent?: string): string {
  if (kind === 'agent')
    return catalog.agents.find((a) => a.id === preferredAgent)?.id ?? catalog.agents[0]?.id ?? '';
  if (kind === 'team') return catalog.teams[0]?.id ?? '';
  return catalog.workflows[0]?.id ?? '';
}

function componentDb(catalog: Catalog, kind: RunKind, id: string): string {
  if (kind === 'agent') return findAgent(catalog, id).dbId;
  if (kind === 'team') return findTeam(catalog, id).dbId;
  return findWorkflow(catalog, id).dbId;
}

function componentStoresEvents(catalog: Catalog, kind: RunKind, id: string): boolean {
  if (kind === 'agent') return findAgent(catalog, id).storeEvents;
  if (kind === 'team') return findTeam(catalog, id).storeEvents;
  return findWorkflow(catalog, id).storeEvents;
}
