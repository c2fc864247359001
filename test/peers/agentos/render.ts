import { findAgent, findTeam, findWorkflow, isoSeconds, pyJsonDumps } from './generator';
import type { SessionView } from './store';
import type { Catalog, Json, JsonObject, Message, RawRun, SessionType } from './types';

/** FastAPI `exclude_none` on the top level only: nested dicts keep their nulls. */
export function dropNulls(value: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(value)) if (item !== null && item !== undefined) out[key] = item;
  return out;
}

function orNull<T extends Json>(value: T | undefined): T | null {
  return value === undefined ? null : value;
}

function nonEmpty<T extends Json>(value: T[] | undefined): T[] | null {
  return value && value.length > 0 ? value : null;
}

function stringifyInput(value: Json | undefined): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  return pyJsonDumps(value);
}

/** agno `get_run_input`: the stored input, else the last user message. */
export function runInput(run: RawRun, isWorkflow: boolean): string {
  const input = run.input;
  if (
    !isWorkflow &&
    input &&
    typeof input === 'object' &&
    !Array.isArray(input) &&
    input.input_content !== undefined &&
    input.input_content !== null
  ) {
    return stringifyInput(input.input_content);
  }
  if (isWorkflow) {
    if (input !== undefined && input !== null) return stringifyInput(input);
    const first = run.step_executor_runs?.[0];
    const fromStep = [...(first?.messages ?? [])].reverse().find((m) => m.role === 'user');
    if (fromStep) return fromStep.content ?? '';
  }
  const lastUser = [...(run.messages ?? [])].reverse().find((m) => m.role === 'user');
  return lastUser?.content ?? '';
}

function inputMedia(run: RawRun): JsonObject {
  const input = run.input && typeof run.input === 'object' && !Array.isArray(run.input) ? run.input : {};
  const list = (key: string): Json[] => {
    const value = input[key];
    return Array.isArray(value) ? value : [];
  };
  return { images: list('images'), videos: list('videos'), audios: list('audios'), files: list('files') };
}

function lineage(run: RawRun): JsonObject {
  return {
    forked_from_run_id: orNull(run.forked_from_run_id),
    forked_from_message_index: orNull(run.forked_from_message_index),
    forked_from_session_id: orNull(run.forked_from_session_id),
    regenerated_from: orNull(run.regenerated_from),
    last_checkpoint_at_message_index: orNull(run.last_checkpoint_at_message_index),
  };
}

/** RunSchema (2.9) with every key; callers drop nulls where the route does. */
export function runSchema(run: RawRun): JsonObject {
  return {
    run_id: run.run_id,
    parent_run_id: run.parent_run_id ?? '',
    agent_id: run.agent_id ?? '',
    user_id: run.user_id ?? '',
    status: orNull(run.status),
    run_input: runInput(run, false),
    content: orNull(run.content),
    run_response_format: run.content_type === 'str' ? 'text' : 'json',
    reasoning_content: run.reasoning_content ?? '',
    reasoning_steps: run.reasoning_steps ?? [],
    metrics: orNull(run.metrics),
    messages: nonEmpty(run.messages),
    tools: nonEmpty(run.tools),
    events: orNull(run.events),
    created_at: isoSeconds(run.created_at),
    references: run.references ?? [],
    reasoning_messages: run.reasoning_messages ?? [],
    images: [],
    videos: [],
    audio: [],
    files: [],
    citations: orNull(run.citations),
    response_audio: null,
    session_state: orNull(run.session_state),
    followups: orNull(run.followups),
    input_media: inputMedia(run),
    ...lineage(run),
  };
}

/** TeamRunSchema: no `user_id`, no `agent_id`. */
export function teamRunSchema(run: RawRun): JsonObject {
  return {
    run_id: run.run_id,
    parent_run_id: run.parent_run_id ?? '',
    team_id: orNull(run.team_id),
    status: orNull(run.status),
    content: orNull(run.content),
    reasoning_content: run.reasoning_content ?? '',
    reasoning_steps: run.reasoning_steps ?? [],
    run_input: runInput(run, false),
    run_response_format: run.content_type === 'str' ? 'text' : 'json',
    metrics: orNull(run.metrics),
    tools: nonEmpty(run.tools),
    messages: nonEmpty(run.messages),
    events: orNull(run.events),
    created_at: isoSeconds(run.created_at),
    references: run.references ?? [],
    citations: orNull(run.citations),
    reasoning_messages: run.reasoning_messages ?? [],
    session_state: orNull(run.session_state),
    input_media: inputMedia(run),
    images: [],
    videos: [],
    audio: [],
    files: [],
    response_audio: null,
    followups: orNull(run.followups),
    ...lineage(run),
  };
}

/** WorkflowRunSchema: `content_type` instead of `run_response_format`; status defaults to PENDING. */
export function workflowRunSchema(run: RawRun): JsonObject {
  return {
    run_id: run.run_id,
    run_input: runInput(run, true),
    events: orNull(run.events),
    workflow_id: orNull(run.workflow_id),
    user_id: orNull(run.user_id),
    content: orNull(run.content),
    content_type: orNull(run.content_type),
    status: run.status ?? 'PENDING',
    step_results: run.step_results ?? [],
    step_executor_runs: run.step_executor_runs ?? [],
    step_requirements: orNull(run.step_requirements),
    pause_kind: orNull(run.pause_kind),
    paused_step_name: orNull(run.paused_step_name),
    paused_step_index: orNull(run.paused_step_index),
    metrics: orNull(run.metrics),
    created_at: isoSeconds(run.created_at),
    reasoning_content: orNull(run.reasoning_content),
    reasoning_steps: run.reasoning_steps ?? [],
    references: run.references ?? [],
    citations: orNull(run.citations),
    reasoning_messages: run.reasoning_messages ?? [],
    images: [],
    videos: [],
    audio: [],
    files: [],
    response_audio: null,
  };
}

/** `GET /sessions/{id}/runs`: the schema depends on the session type; some runs are dropped. */
export function renderRunList(sessionType: SessionType, runs: readonly RawRun[]): JsonObject[] {
  const out: JsonObject[] = [];
  for (const run of runs) {
    let schema: JsonObject | null;
    if (sessionType === 'agent') schema = runSchema(run);
    else if (sessionType === 'team')
      schema = run.agent_id ? runSchema(run) : run.team_id ? teamRunSchema(run) : null;
    else
      schema = run.workflow_id ? workflowRunSchema(run) : run.team_id ? teamRunSchema(run) : runSchema(run);
    if (schema) out.push(dropNulls(schema));
  }
  return out;
}

/** `GET /sessions/{id}/runs/{run_id}`: type inferred from the run itself, nulls kept. */
export function renderSingleRun(run: RawRun): JsonObject {
  if (run.workflow_id && !run.agent_id && !run.team_id) return workflowRunSchema(run);
  if (run.team_id && !run.agent_id) return teamRunSchema(run);
  return runSchema(run);
}

/** The raw `RunOutput.to_dict()` returned by the polling route. */
export function renderRunOutput(run: RawRun): JsonObject {
  return dropNulls({ ...run });
}

export function renderSessionSchema(view: SessionView): JsonObject {
  return dropNulls({
    session_id: view.sessionId,
    session_name: view.displayName,
    session_state: view.sessionState,
    created_at: isoSeconds(view.createdAt),
    updated_at: view.updatedAt === null ? null : isoSeconds(view.updatedAt),
    session_type: view.sessionType,
    user_id: view.userId,
    agent_id: view.sessionType === 'agent' ? view.componentId || null : null,
    team_id: view.sessionType === 'team' ? view.componentId || null : null,
    workflow_id: view.sessionType === 'workflow' ? view.componentId || null : null,
    session_summary: view.summary,
    metrics: view.metrics,
    total_tokens: view.totalTokens,
    metadata: view.metadata,
  });
}

function chatHistory(runs: readonly RawRun[], type: 'agent' | 'team'): Message[] {
  const out: Message[] = [];
  for (const run of runs) {
    if (run.parent_run_id) continue;
    if (type === 'team' && (run.agent_id || !run.team_id)) continue;
    for (const m of run.messages ?? []) if (!m.from_history) out.push(m);
  }
  return out;
}

export function renderSessionDetail(
  view: SessionView,
  runs: readonly RawRun[],
  catalog: Catalog,
): JsonObject {
  const created = isoSeconds(view.createdAt);
  const updated = view.updatedAt === null ? null : isoSeconds(view.updatedAt);
  if (view.sessionType === 'agent') {
    const agent = catalog.agents.find((a) => a.id === view.componentId);
    return dropNulls({
      user_id: view.userId,
      agent_session_id: view.sessionId,
      session_id: view.sessionId,
      session_name: view.displayName,
      session_summary: view.summary,
      session_state: view.sessionState,
      agent_id: view.componentId || null,
      total_tokens: view.totalTokens,
      agent_data: agent
        ? {
            name: agent.name,
            agent_id: agent.id,
            model: { provider: agent.model.provider, name: agent.model.name, id: agent.model.id },
          }
        : null,
      metrics: view.metrics,
      metadata: view.metadata,
      chat_history: chatHistory(runs, 'agent'),
      created_at: created,
      updated_at: updated,
    });
  }
  if (view.sessionType === 'team') {
    const team = catalog.teams.find((t) => t.id === view.componentId);
    return dropNulls({
      session_id: view.sessionId,
      session_name: view.displayName,
      user_id: view.userId,
      team_id: view.componentId || null,
      session_summary: view.summary,
      session_state: view.sessionState,
      metrics: view.metrics,
      team_data: team
        ? {
            name: team.name,
            team_id: team.id,
            model: { provider: team.model.provider, name: team.model.name, id: team.model.id },
          }
        : null,
      metadata: view.metadata,
      chat_history: chatHistory(runs, 'team'),
      created_at: created,
      updated_at: updated,
      total_tokens: view.totalTokens,
    });
  }
  const workflow = catalog.workflows.find((w) => w.id === view.componentId);
  const sessionData: JsonObject = { session_state: view.sessionState };
  if (view.sessionName !== null) sessionData.session_name = view.sessionName;
  return dropNulls({
    user_id: view.userId,
    workflow_id: view.componentId || null,
    workflow_name: workflow?.name ?? null,
    session_id: view.sessionId,
    session_name: view.displayName,
    session_data: sessionData,
    session_state: view.sessionState,
    workflow_data: workflow
      ? {
          name: workflow.name,
          workflow_id: workflow.id,
          steps: workflow.steps.map((s) => ({
            name: s.name,
            executor_type: s.executor,
            executor_id: s.executorId,
          })),
        }
      : null,
    metadata: view.metadata,
    created_at: created,
    updated_at: updated,
  });
}

export function renderConfig(catalog: Catalog): JsonObject {
  const domain = (table: string): JsonObject => ({
    dbs: catalog.dbIds.map((id) => ({ db_id: id, domain_config: { display_name: id }, tables: [table] })),
  });
  return dropNulls({
    os_id: catalog.osId,
    description: catalog.description,
    available_models: [],
    os_database: catalog.dbIds[0] ?? null,
    databases: [...catalog.dbIds],
    session: domain('agno_sessions'),
    memory: domain('agno_memories'),
    metrics: domain('agno_metrics'),
    knowledge: { ...domain('agno_knowledge'), knowledge_instances: [] },
    evals: domain('agno_eval_runs'),
    traces: domain('agno_traces'),
    chat: {
      quick_prompts: Object.fromEntries(catalog.agents.map((a) => [a.id, ['Hi', `What can ${a.name} do?`]])),
    },
    agents: catalog.agents.map((a) => ({
      id: a.id,
      name: a.name,
      db_id: a.dbId,
      model: { id: a.model.id, provider: a.model.provider },
    })),
    teams: catalog.teams.map((t) => ({
      id: t.id,
      name: t.name,
      db_id: t.dbId,
      mode: t.mode,
      model: { id: t.model.id, provider: t.model.provider },
    })),
    workflows: catalog.workflows.map((w) => ({
      id: w.id,
      name: w.name,
      db_id: w.dbId,
      is_factory: false,
      is_component: false,
    })),
    interfaces: [],
  });
}

export function renderAgent(catalog: Catalog, id: string): JsonObject {
  const a = findAgent(catalog, id);
  return dropNulls({
    id: a.id,
    name: a.name,
    db_id: a.dbId,
    description: a.description,
    model: { name: a.model.name, model: a.model.id, provider: a.model.provider },
    tools: { tools: a.tools.map((name) => ({ name })) },
    sessions: { session_table: 'agno_sessions' },
    streaming: { stream: true, stream_events: true },
    store_events: a.storeEvents,
  });
}

export function renderTeam(catalog: Catalog, id: string): JsonObject {
  const t = findTeam(catalog, id);
  return dropNulls({
    id: t.id,
    name: t.name,
    db_id: t.dbId,
    description: t.description,
    mode: t.mode,
    model: { name: t.model.name, model: t.model.id, provider: t.model.provider },
    members: t.memberIds.map((memberId) => renderAgent(catalog, memberId)),
  });
}

export function renderWorkflow(catalog: Catalog, id: string): JsonObject {
  const w = findWorkflow(catalog, id);
  return dropNulls({
    id: w.id,
    name: w.name,
    db_id: w.dbId,
    description: w.description,
    steps: w.steps.map((s) => ({
      name: s.name,
      type: 'Step',
      executor_type: s.executor,
      executor_id: s.executorId,
    })),
  });
}
