import type { ErrorCategory, ToolCallState } from '@shared/models/activity';
import type {
  IngestActivity,
  IngestPayload,
  IngestRaw,
  IngestRun,
  IngestSession,
  IngestSessionDetail,
} from '@shared/models/ingest';
import { TRIGGER_TYPES, type SessionKind, type TriggerType } from '@shared/models/session';
import type { SessionStatus } from '@shared/models/status';
import { SourceError } from '../../errors';
import {
  EventSchema,
  MessageSchema,
  RunSchema,
  SessionSchema,
  ToolExecutionSchema,
  type AgentOsEvent,
  type AgentOsRun,
  type AgentOsSession,
  type Message,
  type Metrics,
  type ToolExecution,
} from './schemas';
import { asText, isoToMs, payloadOf, textFields, unique } from '../ingest-helpers';

/**
 * AgentOS run statuses. A PAUSED run waiting for confirmations or user input is "waiting for
 * input" (the user answers it); a PAUSED run with nothing to answer can simply be continued.
 */
export function mapRunStatus(status: string | null | undefined, hasPendingInput: boolean): SessionStatus {
  switch (status) {
    case 'PENDING':
      return 'pending';
    case 'RUNNING':
      return 'running';
    case 'PAUSED':
      return hasPendingInput ? 'waiting' : 'paused';
    case 'CANCELLED':
      return 'canceled';
    case 'ERROR':
      return 'failed';
    case 'COMPLETED':
    case 'REGENERATED':
      return 'completed';
    default:
      // Runs stored before `status` existed (< 2.5) are finished ones.
      return 'completed';
  }
}

/** Epoch seconds (messages, events, tools) to epoch ms. */
export function secondsToMs(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? Math.round(value * 1000) : null;
}

function secondsToMsOrNull(value: number | null | undefined): number | null {
  return typeof value === 'number' ? Math.round(value * 1000) : null;
}

/** Tool arguments arrive as a JSON string (OpenAI shape) or an object (tool messages). */
function argsPayload(value: unknown): IngestPayload | null {
  if (typeof value === 'string') {
    try {
      return { contentType: 'application/json', body: JSON.stringify(JSON.parse(value)) };
    } catch {
      return payloadOf(value);
    }
  }
  return payloadOf(value);
}

function tokensOf(metrics: Metrics | null | undefined): {
  input: number | null;
  output: number | null;
  total: number | null;
} {
  // AgentOS omits zero counters: within a metrics object a missing key means 0.
  if (!metrics) return { input: null, output: null, total: null };
  const input = metrics.input_tokens ?? 0;
  const output = metrics.output_tokens ?? 0;
  return { input, output, total: metrics.total_tokens ?? input + output };
}

function emptyActivity(runRemoteId: string | null): IngestActivity {
  return {
    runRemoteId,
    kind: 'event',
    at: null,
    role: null,
    title: null,
    text: null,
    body: null,
    tool: null,
    control: null,
    link: null,
    sourceType: null,
  };
}

function runKind(run: AgentOsRun): SessionKind {
  if (run.workflow_id) return 'workflow';
  if (run.team_id) return 'team';
  return 'agent';
}

function parseEach<T>(
  items: readonly unknown[] | null | undefined,
  schema: {
    safeParse(value: unknown): { success: true; data: T } | { success: false; error: { message: string } };
  },
): { ok: T[]; bad: { value: unknown; error: string }[] } {
  const ok: T[] = [];
  const bad: { value: unknown; error: string }[] = [];
  for (const item of items ?? []) {
    const parsed = schema.safeParse(item);
    if (parsed.success) ok.push(parsed.data);
    else bad.push({ value: item, error: parsed.error.message });
  }
  return { ok, bad };
}

function pendingTools(run: AgentOsRun): ToolExecution[] {
  return parseEach(run.tools, ToolExecutionSchema).ok.filter(
    (tool) =>
      (tool.requires_confirmation && (tool.confirmed === null || tool.confirmed === undefined)) ||
      (tool.requires_user_input && !tool.answered) ||
      (tool.external_execution_required && (tool.result === null || tool.result === undefined)),
  );
}

function hasPendingInput(run: AgentOsRun): boolean {
  if (run.status !== 'PAUSED') return false;
  if (pendingTools(run).length > 0) return true;
  const requirements = run.requirements ?? run.step_requirements;
  return Array.isArray(requirements) && requirements.length > 0;
}

function errorCategoryFor(errorType: string | null | undefined, message: string | null): ErrorCategory {
  const text = `${errorType ?? ''} ${message ?? ''}`.toLowerCase();
  if (/rate.?limit|429|too many/.test(text)) return 'rate-limited';
  if (/timeout|timed out/.test(text)) return 'timeout';
  if (/auth|401|403|permission|api key/.test(text)) return 'auth';
  if (/validation|invalid|schema/.test(text)) return 'validation';
  if (/model|provider|openai|anthropic|completion/.test(text)) return 'model';
  if (/cancel/.test(text)) return 'canceled';
  return errorType ? 'internal' : 'unknown';
}

interface RunMapping {
  run: IngestRun;
  activity: IngestActivity[];
  toolCalls: number;
  errors: number;
}

/** Events already represented by messages, tool executions or run fields: kept raw only. */
const EVENTS_SHOWN_ELSEWHERE = new Set([
  'RunStarted',
  'RunContent',
  'RunContentCompleted',
  'RunIntermediateContent',
  'RunCompleted',
  'ToolCallStarted',
  'ToolCallCompleted',
  'ToolCallError',
  'ModelRequestStarted',
  'ModelRequestCompleted',
  'ReasoningStarted',
  'ReasoningContentDelta',
  'ReasoningCompleted',
  'WorkflowStarted',
  'WorkflowCompleted',
  'WorkflowAgentStarted',
  'WorkflowAgentCompleted',
]);

/** Strips the `Team` prefix so team and agent events map alike. */
function baseEventName(name: string): string {
  return name.startsWith('Team') && name !== 'TeamTaskCreated' ? name.slice(4) : name;
}

function mapRun(run: AgentOsRun, sessionStatusHint: { isLatest: boolean }): RunMapping {
  const runId = run.run_id;
  const pendingInput = hasPendingInput(run);
  const status = mapRunStatus(run.status, pendingInput);
  const createdAt = isoToMs(run.created_at);
  const events = parseEach(run.events, EventSchema).ok;
  const messages = parseEach(run.messages, MessageSchema).ok.filter((m) => !m.from_history);
  const executions = parseEach(run.tools, ToolExecutionSchema).ok;
  const executionById = new Map(
    executions.filter((t) => t.tool_call_id).map((t) => [t.tool_call_id as string, t]),
  );
  const startedEvent = events.find((e) => baseEventName(e.event) === 'RunStarted');
  const model = run.model ?? startedEvent?.model ?? null;
  const provider = run.model_provider ?? startedEvent?.model_provider ?? null;
  const durationMs = secondsToMsOrNull(run.metrics?.duration);
  const errorEvent = events.find((e) =>
    ['RunError', 'WorkflowError', 'StepError'].includes(baseEventName(e.event)),
  );
  const errorText =
    status === 'failed'
      ? (asText(errorEvent?.error) ?? asText(errorEvent?.content) ?? asText(run.content))
      : null;

  const activity: IngestActivity[] = [];
  let toolCalls = 0;
  let errors = 0;
  const failedStreak = new Map<string, number>();

  const pushToolCall = (
    callId: string | null,
    name: string,
    args: unknown,
    resultMessage: Message | undefined,
    at: number | null,
  ): void => {
    const execution = callId ? executionById.get(callId) : undefined;
    const isError = Boolean(resultMessage?.tool_call_error ?? execution?.tool_call_error);
    const result = resultMessage?.content ?? execution?.result ?? null;
    const isWaiting =
      status === 'waiting' &&
      execution !== undefined &&
      pendingTools(run).some((t) => t.tool_call_id === callId);
    const hasResult = result !== null && result !== undefined;
    const state: ToolCallState = isError
      ? 'failed'
      : isWaiting
        ? 'waiting'
        : hasResult
          ? 'succeeded'
          : status === 'running' || status === 'pending'
            ? 'running'
            : status === 'canceled'
              ? 'canceled'
              : 'succeeded';
    const retryCount = failedStreak.get(name) ?? 0;
    failedStreak.set(name, isError ? retryCount + 1 : 0);
    const errorMessage = isError ? asText(result) : null;
    toolCalls++;
    if (isError) errors++;
    activity.push({
      ...emptyActivity(runId),
      kind: 'tool-call',
      at: secondsToMs(execution?.created_at) ?? at,
      title: name,
      tool: {
        callId,
        name,
        args: argsPayload(args ?? execution?.tool_args),
        result: isError ? null : payloadOf(result),
        state,
        errorCategory: isError ? errorCategoryFor('tool', errorMessage) : null,
        errorMessage,
        retryCount,
        durationMs: secondsToMsOrNull(execution?.metrics?.duration),
      },
      sourceType: 'tool_call',
    });
  };

  if (messages.length > 0) {
    const resultsByCallId = new Map(
      messages.filter((m) => m.role === 'tool' && m.tool_call_id).map((m) => [m.tool_call_id as string, m]),
    );
    const pairedResults = new Set<string>();
    for (const message of messages) {
      const at = secondsToMs(message.created_at);
      if (message.role === 'tool') {
        // Results are shown on their call; an orphan result still becomes its own entry.
        if (message.tool_call_id && pairedResults.has(message.tool_call_id)) continue;
        pushToolCall(
          message.tool_call_id ?? null,
          message.tool_name ?? 'tool',
          message.tool_args,
          message,
          at,
        );
        continue;
      }
      if (message.reasoning_content) {
        activity.push({
          ...emptyActivity(runId),
          kind: 'reasoning',
          at,
          role: 'assistant',
          title: 'Thought',
          ...textFields(message.reasoning_content),
          sourceType: 'message.reasoning_content',
        });
      }
      const content = asText(message.content);
      if (content !== null) {
        const role = ['system', 'user', 'assistant'].includes(message.role)
          ? (message.role as 'system' | 'user' | 'assistant')
          : null;
        activity.push({
          ...emptyActivity(runId),
          kind: 'message',
          at,
          role,
          title: role === null ? message.role : null,
          ...textFields(message.content),
          sourceType: `message.${message.role}`,
        });
      }
      for (const call of message.tool_calls ?? []) {
        const callId = call.id ?? null;
        if (callId) pairedResults.add(callId);
        pushToolCall(
          callId,
          call.function?.name ?? 'tool',
          call.function?.arguments,
          callId ? resultsByCallId.get(callId) : undefined,
          at,
        );
      }
    }
  } else {
    // No stored messages: rebuild the exchange from the run's own fields.
    if (run.run_input !== undefined && run.run_input !== null) {
      activity.push({
        ...emptyActivity(runId),
        kind: 'message',
        at: createdAt,
        role: 'user',
        ...textFields(run.run_input),
        sourceType: 'run.run_input',
      });
    }
    for (const execution of executions) {
      pushToolCall(
        execution.tool_call_id ?? null,
        execution.tool_name ?? 'tool',
        execution.tool_args,
        undefined,
        createdAt,
      );
    }
  }

  const hasReasoning = activity.some((item) => item.kind === 'reasoning');
  if (!hasReasoning && run.reasoning_content) {
    activity.push({
      ...emptyActivity(runId),
      kind: 'reasoning',
      at: createdAt,
      role: 'assistant',
      title: 'Thought',
      ...textFields(run.reasoning_content),
      sourceType: 'run.reasoning_content',
    });
  }
  for (const step of run.reasoning_steps ?? []) {
    const record = (step ?? {}) as Record<string, unknown>;
    activity.push({
      ...emptyActivity(runId),
      kind: 'reasoning',
      at: createdAt,
      role: 'assistant',
      title: asText(record.title) ?? 'Reasoning step',
      ...textFields(record.reasoning ?? record.action ?? record.result ?? step),
      sourceType: 'run.reasoning_steps',
    });
  }
  if (messages.length === 0 && status === 'completed' && asText(run.content) !== null) {
    activity.push({
      ...emptyActivity(runId),
      kind: 'message',
      at: createdAt,
      role: 'assistant',
      ...textFields(run.content),
      sourceType: 'run.content',
    });
  }

  for (const event of events) {
    const name = baseEventName(event.event);
    if (EVENTS_SHOWN_ELSEWHERE.has(name)) continue;
    if (name === 'RunError' || name === 'WorkflowError' || name === 'StepError') continue;
    activity.push(mapEvent(event, name, runId));
  }

  for (const step of run.step_results ?? []) {
    const record = (step ?? {}) as Record<string, unknown>;
    activity.push({
      ...emptyActivity(runId),
      kind: 'step',
      at: secondsToMs(typeof record.created_at === 'number' ? record.created_at : null) ?? createdAt,
      title: asText(record.step_name) ?? 'Step',
      ...textFields(record.content),
      sourceType: 'workflow.step_result',
    });
  }

  if (status === 'failed') {
    errors++;
    activity.push({
      ...emptyActivity(runId),
      kind: 'error',
      at: secondsToMs(errorEvent?.created_at) ?? createdAt,
      title: errorEvent?.error_type ?? 'Run failed',
      ...textFields(errorText ?? 'The run ended with status ERROR.'),
      tool: null,
      sourceType: errorEvent?.event ?? 'run.status',
    });
  }

  if (status === 'waiting' && sessionStatusHint.isLatest) {
    const tools = pendingTools(run);
    activity.push({
      ...emptyActivity(runId),
      kind: 'input-wait',
      at: secondsToMs(tools[0]?.created_at) ?? createdAt,
      title:
        tools.length > 0
          ? `Waiting for confirmation: ${tools.map((t) => t.tool_name ?? 'tool').join(', ')}`
          : `Waiting for input${run.paused_step_name ? ` at step ${run.paused_step_name}` : ''}`,
      text: null,
      body: payloadOf({ tools, requirements: run.requirements ?? run.step_requirements ?? null }),
      sourceType: 'run.paused',
    });
  }

  return {
    run: {
      remoteId: runId,
      parentRemoteId: run.parent_run_id || null,
      kind: runKind(run),
      status,
      componentName: run.agent_id ?? run.team_id ?? run.workflow_id ?? startedEvent?.agent_name ?? null,
      input: payloadOf(run.run_input),
      output:
        status === 'failed'
          ? null
          : payloadOf(run.content, run.run_response_format === 'json' ? 'application/json' : 'text/markdown'),
      error: status === 'failed' ? payloadOf(errorText ?? 'ERROR') : null,
      metrics: {
        inputTokens: tokensOf(run.metrics).input,
        outputTokens: tokensOf(run.metrics).output,
        totalTokens: tokensOf(run.metrics).total,
        timeToFirstTokenMs: secondsToMsOrNull(run.metrics?.time_to_first_token),
        durationMs,
        costUsd: run.metrics?.cost ?? null,
      },
      model,
      provider,
      createdAt,
      startedAt: createdAt,
      finishedAt:
        createdAt !== null && durationMs !== null && status !== 'running' ? createdAt + durationMs : null,
    },
    activity,
    toolCalls,
    errors,
  };
}

function mapEvent(event: AgentOsEvent, name: string, runId: string): IngestActivity {
  const at = secondsToMs(event.created_at);
  const base = { ...emptyActivity(runId), at, sourceType: event.event };
  switch (name) {
    case 'ReasoningStep':
      return {
        ...base,
        kind: 'reasoning',
        role: 'assistant',
        title: 'Reasoning step',
        ...textFields(event.reasoning_content ?? event.content),
      };
    case 'RunPaused':
      return {
        ...base,
        kind: 'input-wait',
        title: 'Run paused for input',
        ...textFields(event.tools ?? event.content),
      };
    case 'RunContinued':
      return {
        ...base,
        kind: 'control',
        title: 'Run continued',
        control: { action: 'respond', phase: 'completed', by: 'source', detail: null },
      };
    case 'RunCancelled':
    case 'WorkflowCancelled':
      return {
        ...base,
        kind: 'control',
        title: 'Run cancelled',
        control: { action: 'cancel', phase: 'completed', by: 'source', detail: event.reason ?? null },
      };
    case 'StepStarted':
    case 'StepCompleted':
      return {
        ...base,
        kind: 'step',
        title: `${event.step_name ?? 'Step'} ${name === 'StepStarted' ? 'started' : 'completed'}`,
        ...textFields(event.content),
      };
    default: {
      const { event: _name, created_at: _at, ...rest } = event;
      return { ...base, kind: 'event', title: humanizeEventName(name), ...textFields(rest) };
    }
  }
}

function humanizeEventName(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, '$1 $2');
}

/**
 * Trigger from the session metadata. AgentOS has no trigger field of its own: runs start from an
 * API call unless the app that started them recorded otherwise (`metadata.trigger` as a type name
 * or `{type, source}`, or `metadata.schedule` / `metadata.channel`).
 */
function mapTrigger(session: AgentOsSession): IngestSession['trigger'] {
  const metadata = session.metadata ?? {};
  const raw = metadata.trigger ?? metadata.schedule ?? metadata.channel ?? null;
  const declared = metadata.trigger;
  const record =
    typeof declared === 'object' && declared !== null ? (declared as Record<string, unknown>) : null;
  const typeName = String(record?.type ?? (typeof declared === 'string' ? declared : '')).toLowerCase();
  const type: TriggerType = (TRIGGER_TYPES as readonly string[]).includes(typeName)
    ? (typeName as TriggerType)
    : metadata.schedule
      ? 'schedule'
      : metadata.channel
        ? 'event'
        : 'api';
  const source =
    asText(record?.source) ??
    asText(metadata.schedule) ??
    asText(metadata.channel) ??
    session.user_id ??
    null;
  return { type, source, raw: raw === null ? null : JSON.stringify(raw) };
}

/**
 * Maps `GET /sessions/{id}` and `GET /sessions/{id}/runs` to the domain model. Throws a
 * `bad-response` SourceError only when the session record itself is unreadable; a run that
 * fails validation is kept raw with its error and skipped.
 */
export function mapSessionDetail(
  rawSession: unknown,
  rawRuns: unknown,
  hintKind?: SessionKind,
): IngestSessionDetail {
  const parsed = SessionSchema.safeParse(rawSession);
  if (!parsed.success) {
    throw new SourceError(
      'bad-response',
      `Session record is not an AgentOS session: ${parsed.error.message}`,
    );
  }
  const session = parsed.data;
  const raw: IngestRaw[] = [
    { entity: 'session', remoteId: session.session_id, json: JSON.stringify(rawSession) },
  ];
  if (!Array.isArray(rawRuns)) {
    throw new SourceError('bad-response', `Runs of session ${session.session_id} are not an array`);
  }
  const runs: AgentOsRun[] = [];
  rawRuns.forEach((value, index) => {
    const run = RunSchema.safeParse(value);
    const remoteId =
      typeof (value as { run_id?: unknown })?.run_id === 'string'
        ? (value as { run_id: string }).run_id
        : `#${index}`;
    if (run.success) runs.push(run.data);
    raw.push({
      entity: 'run',
      remoteId,
      json: JSON.stringify(value),
      ...(run.success ? {} : { parseError: run.error.message }),
    });
  });

  const topLevel = runs.filter((run) => !run.parent_run_id);
  const latest = topLevel.at(-1) ?? runs.at(-1);
  const mapped = runs.map((run) => mapRun(run, { isLatest: run === latest }));

  const activity: IngestActivity[] = [];
  mapped.forEach((m, index) => {
    const run = runs[index];
    if (run?.parent_run_id) {
      activity.push({
        ...emptyActivity(run.parent_run_id),
        kind: 'link',
        at: m.run.createdAt,
        title: `${m.run.kind === 'agent' ? 'Member' : 'Called'} ${m.run.componentName ?? 'run'}`,
        link: {
          relation: 'member',
          sessionRemoteId: session.session_id,
          runRemoteId: run.run_id,
          name: m.run.componentName,
        },
        sourceType: 'run.parent_run_id',
      });
    }
    activity.push(...m.activity);
  });

  const kind: SessionKind =
    session.session_type ??
    hintKind ??
    (session.workflow_id ? 'workflow' : session.team_id ? 'team' : 'agent');
  const latestMapped = mapped.find((m) => m.run.remoteId === latest?.run_id);
  const status: SessionStatus = latestMapped?.run.status ?? 'completed';
  const createdAt = isoToMs(session.created_at);
  const updatedAt = isoToMs(session.updated_at) ?? createdAt;
  const runStarts = mapped.map((m) => m.run.startedAt).filter((t): t is number => t !== null);
  const startedAt = runStarts.length > 0 ? Math.min(...runStarts) : createdAt;
  const topMapped = mapped.filter((_, i) => !runs[i]?.parent_run_id);
  const durations = topMapped.map((m) => m.run.metrics.durationMs).filter((d): d is number => d !== null);
  const durationMs = durations.length > 0 ? durations.reduce((a, b) => a + b, 0) : null;
  const isFinished = status === 'completed' || status === 'failed' || status === 'canceled';
  const sessionTokens = tokensOf(session.metrics);
  const runTokens = topMapped.reduce(
    (sum, m) => ({
      input: sum.input + (m.run.metrics.inputTokens ?? 0),
      output: sum.output + (m.run.metrics.outputTokens ?? 0),
      total: sum.total + (m.run.metrics.totalTokens ?? 0),
    }),
    { input: 0, output: 0, total: 0 },
  );
  const costs = topMapped.map((m) => m.run.metrics.costUsd).filter((c): c is number => c !== null);
  const componentData = session.agent_data ?? session.team_data;
  const models = unique([...mapped.map((m) => m.run.model), componentData?.model?.id]);
  const services = unique([...mapped.map((m) => m.run.provider), componentData?.model?.provider]);

  const ingestSession: IngestSession = {
    remoteId: session.session_id,
    kind,
    name: session.session_name || null,
    status,
    trigger: mapTrigger(session),
    actor: session.user_id || null,
    project: asText(session.metadata?.project) ?? null,
    component: {
      type: kind,
      id: session.agent_id ?? session.team_id ?? session.workflow_id ?? null,
      name:
        session.agent_data?.name ??
        session.team_data?.name ??
        session.workflow_name ??
        session.workflow_data?.name ??
        null,
    },
    prompt: asText(topLevel[0]?.run_input) ?? null,
    summary: session.session_summary?.summary ?? null,
    parentRemoteId: null,
    createdAt,
    queuedAt: null,
    startedAt,
    finishedAt: isFinished ? (latestMapped?.run.finishedAt ?? updatedAt) : null,
    durationMs,
    tokens: session.metrics
      ? sessionTokens
      : runs.length > 0
        ? runTokens
        : { input: null, output: null, total: session.total_tokens ?? null },
    costUsd: session.metrics?.cost ?? (costs.length > 0 ? costs.reduce((a, b) => a + b, 0) : null),
    models,
    services,
    errorCount: mapped.reduce((sum, m) => sum + m.errors, 0),
    toolCallCount: mapped.reduce((sum, m) => sum + m.toolCalls, 0),
    remoteUpdatedAt: updatedAt,
  };

  return { session: ingestSession, runs: mapped.map((m) => m.run), activity, spans: [], raw };
}

export { pendingTools };
