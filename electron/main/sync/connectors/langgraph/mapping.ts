import type { ErrorCategory, ToolCallState } from '@shared/models/activity';
import type {
  IngestActivity,
  IngestPayload,
  IngestRaw,
  IngestRun,
  IngestSession,
  IngestSessionDetail,
} from '@shared/models/ingest';
import { TRIGGER_TYPES, type TriggerType } from '@shared/models/session';
import type { SessionStatus } from '@shared/models/status';
import type { SessionRef } from '../../connector';
import { SourceError } from '../../errors';
import {
  CANCEL_MARK_KEY,
  CancelMarkSchema,
  MessageSchema,
  RunSchema,
  ThreadSchema,
  ThreadStateSchema,
  type LangGraphCheckpoint,
  type LangGraphMessage,
  type LangGraphRun,
  type LangGraphTask,
  type LangGraphThread,
} from './schemas';
import { asText, isoToMs, payloadOf, textFields, unique } from '../ingest-helpers';

const NAME_LENGTH = 120;

/**
 * How long a run may show no sign of life (no checkpoint, no status change) before a run the
 * server still calls `running` is presumed lost. See `isLostRun`.
 */
export const DEFAULT_STALE_RUN_MS = 15 * 60_000;

/** Everything the connector reads about one thread, as the server sent it. */
export interface ThreadRecords {
  /** `GET /threads/{id}`. */
  thread: unknown;
  /** `GET /threads/{id}/runs`, oldest first. */
  runs: unknown[];
  /** `POST /threads/{id}/history` pages, newest first, concatenated. */
  history: unknown[];
  /** The history of each subgraph call found in `history`, by checkpoint namespace. */
  subgraphs: { namespace: string; history: unknown[] }[];
  /** True when the connector stopped reading history at its bound (the oldest checkpoints are missing). */
  historyTruncated: boolean;
  /** The server's clock when the records were read (its HTTP `Date`), epoch ms; null if unknown. */
  serverTime: number | null;
}

export interface MappingOptions {
  /** Epoch ms, used when the records carry no server time. */
  now: number;
  /** Overrides `DEFAULT_STALE_RUN_MS`. */
  staleRunAfterMs?: number;
}

/** What `listSessions` reports for a thread record; null when it is not a thread. */
export function threadToRef(value: unknown): SessionRef | null {
  const parsed = ThreadSchema.safeParse(value);
  if (!parsed.success) return null;
  return {
    remoteId: parsed.data.thread_id,
    kind: 'agent',
    scope: null,
    updatedAt: isoToMs(parsed.data.updated_at) ?? isoToMs(parsed.data.created_at),
  };
}

function emptyActivity(runRemoteId: string | null, at: number | null): IngestActivity {
  return {
    runRemoteId,
    kind: 'event',
    at,
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

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function stringOf(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 60_000)} min`;
}

// ---------------------------------------------------------------------------------------------
// Messages

/**
 * A message from `values.messages`. Besides the plain API shape (`{type, content, …}`), LangChain's
 * constructor serialisation (`{lc: 1, type: "constructor", id: [… "AIMessage"], kwargs}`) is accepted.
 */
function parseMessage(value: unknown): LangGraphMessage | null {
  const raw = record(value);
  if (raw.lc !== undefined && raw.type === 'constructor' && Array.isArray(raw.id)) {
    const className = String(raw.id.at(-1) ?? '');
    const type = className
      .replace(/MessageChunk$|Message$/, '')
      .toLowerCase()
      .replace(/^human$/, 'human');
    const parsed = MessageSchema.safeParse({ ...record(raw.kwargs), type: type || 'unknown' });
    return parsed.success ? parsed.data : null;
  }
  const parsed = MessageSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

function messagesOf(values: unknown): unknown[] {
  const messages = record(values).messages;
  return Array.isArray(messages) ? messages : [];
}

/** The text parts of a message's content (a string, or content blocks). */
function contentText(content: unknown): string | null {
  if (typeof content === 'string') return content.length > 0 ? content : null;
  if (Array.isArray(content)) {
    const parts = content
      .map((part) => {
        if (typeof part === 'string') return part;
        const block = record(part);
        return block.type === 'text' && typeof block.text === 'string' ? block.text : '';
      })
      .filter((text) => text.length > 0);
    return parts.length > 0 ? parts.join('\n') : null;
  }
  return asText(content);
}

/** Reasoning a model exposed: `additional_kwargs.reasoning_content` or reasoning/thinking blocks. */
function reasoningText(message: LangGraphMessage): string | null {
  const parts: string[] = [];
  const fromKwargs = stringOf(message.additional_kwargs?.reasoning_content);
  if (fromKwargs) parts.push(fromKwargs);
  if (Array.isArray(message.content)) {
    for (const part of message.content) {
      const block = record(part);
      const text =
        block.type === 'reasoning'
          ? (stringOf(block.reasoning) ?? stringOf(block.text))
          : block.type === 'thinking'
            ? stringOf(block.thinking)
            : null;
      if (text) parts.push(text);
    }
  }
  return parts.length > 0 ? parts.join('\n\n') : null;
}

function modelOf(message: LangGraphMessage): { model: string | null; provider: string | null } {
  const meta = message.response_metadata ?? {};
  return {
    model: stringOf(meta.model_name) ?? stringOf(meta.model) ?? stringOf(meta.model_id),
    provider: stringOf(meta.model_provider) ?? stringOf(meta.ls_provider) ?? stringOf(meta.provider),
  };
}

// ---------------------------------------------------------------------------------------------
// Errors

/** A task error is JSON text (`{"message":"…","name":"Error"}`) or plain text. */
function parseTaskError(error: string): { name: string | null; message: string } {
  try {
    const parsed = record(JSON.parse(error));
    const message = stringOf(parsed.message) ?? error;
    return { name: stringOf(parsed.name) ?? stringOf(parsed.error), message };
  } catch {
    return { name: null, message: error };
  }
}

function errorCategoryFor(kind: string | null, message: string | null): ErrorCategory {
  const text = `${kind ?? ''} ${message ?? ''}`.toLowerCase();
  if (/rate.?limit|429|too many requests/.test(text)) return 'rate-limited';
  if (/timeout|timed out/.test(text)) return 'timeout';
  if (/unauthori[sz]ed|forbidden|401|403|permission|api key|authentication/.test(text)) return 'auth';
  if (/validation|invalid|schema|zod/.test(text)) return 'validation';
  if (/abort|cancel|interrupt/.test(text)) return 'canceled';
  if (kind === 'tool') return 'tool';
  if (/model|openai|anthropic|completion|llm/.test(text)) return 'model';
  return kind ? 'internal' : 'unknown';
}

// ---------------------------------------------------------------------------------------------
// Runs

interface RunInfo {
  run: LangGraphRun;
  createdAt: number | null;
  updatedAt: number | null;
  checkpoints: LangGraphCheckpoint[];
  /** The latest moment the run is known to have been alive. */
  lastSignOfLife: number | null;
  lost: boolean;
  status: SessionStatus;
}

/**
 * The stale-run rule. The JS dev server keeps runs in flight at shutdown `running` for good after
 * a restart (its queue only picks up `pending` runs; reference §7, §10.9), and the API has no
 * field that tells such a run from a live one. A `running` run is presumed lost when either
 * - a newer run of the same thread has started or ended: the server runs one run per thread at a
 *   time and never starts another while one is truly running, or
 * - it shows no sign of life (its creation, its last checkpoint, its last status change) for
 *   `staleRunAfterMs` by the server's clock. Live runs write a checkpoint after every node, so
 *   only a node busy for longer than that (a very slow tool) can be mistaken; the next sync
 *   corrects it, because a run's end bumps the thread's `updated_at`.
 */
function isLostRun(info: RunInfo, newer: readonly RunInfo[], now: number, staleRunAfterMs: number): boolean {
  if (info.run.status !== 'running') return false;
  if (newer.some((other) => other.run.status !== 'pending')) return true;
  return info.lastSignOfLife !== null && now - info.lastSignOfLife > staleRunAfterMs;
}

/** The LangGraph run status as a Tracedeck status, given what the thread's state says. */
export function mapRunStatus(
  status: string | null | undefined,
  context: {
    isLatest: boolean;
    lost: boolean;
    /** An earlier run of the thread is still pending or running. */
    behindAnother: boolean;
    /** The latest checkpoint has tasks waiting at `interrupt()`. */
    waitingForInput: boolean;
    /** The latest checkpoint has nodes left to run (`next`). */
    hasNext: boolean;
    /** The thread carries Tracedeck's cancel mark for this run. */
    canceled: boolean;
  },
): SessionStatus {
  const { isLatest, canceled } = context;
  switch (status) {
    case 'pending':
      if (canceled) return 'canceling';
      return context.behindAnother ? 'queued' : 'pending';
    case 'running':
      if (context.lost) return 'failed';
      return canceled ? 'canceling' : 'running';
    case 'success':
      if (canceled) return 'canceled';
      // A run that stops at interrupt() or at a breakpoint is `success`; the state says it waits.
      if (isLatest && context.waitingForInput) return 'waiting';
      if (isLatest && context.hasNext) return 'paused';
      return 'completed';
    case 'interrupted':
      if (canceled) return 'canceled';
      // `cancel?action=interrupt` keeps the checkpoint: the thread continues from `next`. With
      // nothing left to run (a pending run cancelled before it started) there is nothing to resume.
      if (isLatest && !context.hasNext && !context.waitingForInput) return 'canceled';
      return 'paused';
    case 'error':
    case 'timeout':
      return 'failed';
    default:
      return 'completed';
  }
}

// ---------------------------------------------------------------------------------------------
// The feed

interface SeenMessage {
  message: LangGraphMessage;
  at: number | null;
  runId: string | null;
}

class FeedBuilder {
  readonly items: IngestActivity[] = [];
  toolCalls = 0;
  errors = 0;
  private readonly failedStreak = new Map<string, number>();
  private readonly pairedCalls = new Set<string>();

  constructor(
    private readonly toolResults: Map<string, SeenMessage>,
    private readonly runCreatedAt: (runId: string | null) => number | null,
    private readonly openToolState: ToolCallState,
  ) {}

  push(item: IngestActivity): void {
    this.items.push(item);
  }

  message(seen: SeenMessage): void {
    const { message, at, runId } = seen;
    const type = message.type.replace(/Chunk$/, '').toLowerCase();
    if (type === 'remove') return;
    if (type === 'tool') {
      // Results are shown on their call; a result whose call was never seen stands alone.
      if (message.tool_call_id && this.pairedCalls.has(message.tool_call_id)) return;
      this.toolCall(
        { id: message.tool_call_id ?? null, name: message.name ?? 'tool', args: undefined },
        at,
        runId,
      );
      return;
    }
    if (type === 'ai') {
      const reasoning = reasoningText(message);
      if (reasoning) {
        this.push({
          ...emptyActivity(runId, at),
          kind: 'reasoning',
          role: 'assistant',
          title: message.name ? `${message.name}: thought` : 'Thought',
          ...textFields(reasoning),
          sourceType: 'message.ai.reasoning',
        });
      }
    }
    const text = contentText(message.content);
    if (text !== null) {
      const role =
        type === 'human' ? 'user' : type === 'ai' ? 'assistant' : type === 'system' ? 'system' : null;
      this.push({
        ...emptyActivity(runId, at),
        kind: 'message',
        role,
        title: message.name ?? (role === null ? message.type : null),
        ...textFields(text),
        sourceType: `message.${message.type}`,
      });
    }
    for (const call of message.tool_calls ?? []) {
      this.toolCall({ id: call.id ?? null, name: call.name ?? 'tool', args: call.args }, at, runId);
    }
  }

  private toolCall(
    call: { id: string | null; name: string; args: unknown },
    at: number | null,
    runId: string | null,
  ): void {
    if (call.id) this.pairedCalls.add(call.id);
    const result = call.id ? this.toolResults.get(call.id) : undefined;
    const isError = result?.message.status === 'error';
    const resultText = result ? contentText(result.message.content) : null;
    const state: ToolCallState = result ? (isError ? 'failed' : 'succeeded') : this.openToolState;
    const retryCount = this.failedStreak.get(call.name) ?? 0;
    this.failedStreak.set(call.name, isError ? retryCount + 1 : 0);
    // The tool ran from the call (or, when another run continued the thread, that run's start).
    const startedAt = result && result.runId !== runId ? (this.runCreatedAt(result.runId) ?? at) : at;
    this.toolCalls++;
    if (isError) this.errors++;
    this.push({
      ...emptyActivity(runId, at),
      kind: 'tool-call',
      title: call.name,
      tool: {
        callId: call.id,
        name: call.name,
        args: payloadOf(call.args ?? null),
        result: isError ? null : payloadOf(resultText ?? result?.message.content ?? null),
        state,
        errorCategory: isError ? errorCategoryFor('tool', resultText) : null,
        errorMessage: isError ? resultText : null,
        retryCount,
        durationMs:
          result?.at !== null && result?.at !== undefined && startedAt !== null
            ? Math.max(0, result.at - startedAt)
            : null,
      },
      sourceType: 'message.ai.tool_call',
    });
  }
}

function interruptTitle(value: unknown, node: string, pending: boolean): string {
  const question = stringOf(record(value).question) ?? stringOf(value);
  if (question && question.length <= NAME_LENGTH) return question;
  return `${pending ? 'Waiting' : 'Waited'} for input at ${node}`;
}

// ---------------------------------------------------------------------------------------------
// The thread

function parseCheckpoints(
  values: readonly unknown[],
  raw: IngestRaw[],
  namespaceHint: string,
): LangGraphCheckpoint[] {
  const parsed: LangGraphCheckpoint[] = [];
  const seen = new Set<string>();
  values.forEach((value, index) => {
    const result = ThreadStateSchema.safeParse(value);
    const checkpoint = record(record(value).checkpoint);
    const id = stringOf(checkpoint.checkpoint_id) ?? `#${index}`;
    const namespace = stringOf(checkpoint.checkpoint_ns) ?? namespaceHint;
    const key = namespace ? `checkpoint:${namespace}:${id}` : `checkpoint:${id}`;
    if (seen.has(key)) return;
    seen.add(key);
    raw.push({
      entity: 'activity',
      remoteId: key,
      json: JSON.stringify(value),
      ...(result.success ? {} : { parseError: result.error.message }),
    });
    if (result.success) parsed.push(result.data);
  });
  // The server lists history newest first.
  return parsed.reverse();
}

function cancelMarkOf(thread: LangGraphThread): { runId: string | null; at: number | null } | null {
  const mark = CancelMarkSchema.safeParse(thread.metadata?.[CANCEL_MARK_KEY]);
  if (!mark.success) return null;
  return { runId: mark.data.run_id ?? null, at: isoToMs(mark.data.at) };
}

/**
 * Trigger from the thread metadata. LangGraph has no trigger field: runs start from an API call
 * unless the app that created the thread recorded otherwise (`metadata.trigger` as a type name
 * or `{type, source}`, `metadata.source`, or a cron's `cron_id` / `schedule`).
 */
function mapTrigger(metadata: Record<string, unknown>, actor: string | null): IngestSession['trigger'] {
  const declared = metadata.trigger;
  const declaredRecord = record(declared);
  const typeName = String(
    declaredRecord.type ?? (typeof declared === 'string' ? declared : ''),
  ).toLowerCase();
  const isCron = metadata.cron_id !== undefined || metadata.schedule !== undefined;
  const type: TriggerType = (TRIGGER_TYPES as readonly string[]).includes(typeName)
    ? (typeName as TriggerType)
    : isCron
      ? 'schedule'
      : typeName || metadata.source !== undefined
        ? 'event'
        : 'api';
  const source =
    asText(declaredRecord.source) ??
    (typeName && !(TRIGGER_TYPES as readonly string[]).includes(typeName) ? asText(declared) : null) ??
    asText(metadata.source) ??
    asText(metadata.schedule) ??
    actor;
  const raw = declared ?? metadata.source ?? metadata.schedule ?? metadata.cron_id ?? null;
  return { type, source, raw: raw === null ? null : JSON.stringify(raw) };
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim().length > 0) ?? text;
  return line.length > NAME_LENGTH ? `${line.slice(0, NAME_LENGTH - 1)}…` : line;
}

function runInput(run: LangGraphRun): IngestPayload | null {
  const kwargs = run.kwargs ?? {};
  if (kwargs.command !== null && kwargs.command !== undefined) return payloadOf({ command: kwargs.command });
  const messages = messagesOf(kwargs.input);
  const only = messages.length === 1 ? record(messages[0]) : null;
  if (only && typeof only.content === 'string') return payloadOf(only.content);
  return payloadOf(kwargs.input ?? null);
}

/**
 * Maps one thread (its record, runs, checkpoint history and subgraph histories) to the domain
 * model. Throws a `bad-response` SourceError only when the thread record itself is unreadable;
 * a run or checkpoint that fails validation is kept raw with its error and skipped.
 */
export function mapThreadDetail(records: ThreadRecords, options: MappingOptions): IngestSessionDetail {
  const parsedThread = ThreadSchema.safeParse(records.thread);
  if (!parsedThread.success) {
    throw new SourceError(
      'bad-response',
      `Thread record is not a LangGraph thread: ${parsedThread.error.message}`,
    );
  }
  const thread = parsedThread.data;
  const threadId = thread.thread_id;
  const metadata = thread.metadata ?? {};
  const now = records.serverTime ?? options.now;
  const staleRunAfterMs = options.staleRunAfterMs ?? DEFAULT_STALE_RUN_MS;
  const raw: IngestRaw[] = [{ entity: 'session', remoteId: threadId, json: JSON.stringify(records.thread) }];

  const runs: LangGraphRun[] = [];
  records.runs.forEach((value, index) => {
    const parsed = RunSchema.safeParse(value);
    const id = stringOf(record(value).run_id) ?? `${threadId}#${index}`;
    raw.push({
      entity: 'run',
      remoteId: id,
      json: JSON.stringify(value),
      ...(parsed.success ? {} : { parseError: parsed.error.message }),
    });
    if (parsed.success) runs.push(parsed.data);
  });
  // Oldest first, as the server lists them; sort anyway, stably, in case a deployment does not.
  runs.sort((a, b) => (isoToMs(a.created_at) ?? 0) - (isoToMs(b.created_at) ?? 0));

  const checkpoints = parseCheckpoints(records.history, raw, '');
  const subgraphs = records.subgraphs.map((sub) => ({
    namespace: sub.namespace,
    checkpoints: parseCheckpoints(sub.history, raw, sub.namespace),
  }));
  const at = (checkpoint: LangGraphCheckpoint | undefined): number | null => isoToMs(checkpoint?.created_at);
  const runOf = (checkpoint: LangGraphCheckpoint): string | null => checkpoint.metadata?.run_id ?? null;

  // --- runs: status, liveness -----------------------------------------------------------------
  const infos: RunInfo[] = runs.map((run) => {
    const own = checkpoints.filter((checkpoint) => runOf(checkpoint) === run.run_id);
    const createdAt = isoToMs(run.created_at);
    const updatedAt = isoToMs(run.updated_at);
    const times = [createdAt, updatedAt, at(own.at(-1))].filter((t): t is number => t !== null);
    return {
      run,
      createdAt,
      updatedAt,
      checkpoints: own,
      lastSignOfLife: times.length > 0 ? Math.max(...times) : null,
      lost: false,
      status: 'completed',
    };
  });
  infos.forEach((info, index) => {
    info.lost = isLostRun(info, infos.slice(index + 1), now, staleRunAfterMs);
  });
  const latestCheckpoint = checkpoints.at(-1);
  const latestTasks = latestCheckpoint?.tasks ?? [];
  const waitingForInput = latestTasks.some(
    (task) => (task.interrupts?.length ?? 0) > 0 && (task.result === undefined || task.result === null),
  );
  const hasNext = (latestCheckpoint?.next?.length ?? 0) > 0;
  const latest = infos.at(-1);
  const mark = cancelMarkOf(thread);
  const markApplies = mark !== null && mark.runId === (latest?.run.run_id ?? null);
  infos.forEach((info, index) => {
    const isLatest = info === latest;
    info.status = mapRunStatus(info.run.status, {
      isLatest,
      lost: info.lost,
      behindAnother: infos
        .slice(0, index)
        .some((other) => other.run.status === 'pending' || (other.run.status === 'running' && !other.lost)),
      waitingForInput,
      hasNext,
      canceled: isLatest && markApplies,
    });
  });
  const status: SessionStatus = latest?.status ?? (markApplies ? 'canceled' : 'pending');
  const infoById = new Map(infos.map((info) => [info.run.run_id, info]));

  // --- messages, deduplicated by id across checkpoints -------------------------------------------
  // Pass 1: where each tool result first appears, so calls can be paired with later results.
  const toolResults = new Map<string, SeenMessage>();
  const everyCheckpoint = [...checkpoints, ...subgraphs.flatMap((sub) => sub.checkpoints)];
  for (const checkpoint of everyCheckpoint) {
    for (const value of messagesOf(checkpoint.values)) {
      const message = parseMessage(value);
      if (message?.type !== 'tool' || !message.tool_call_id) continue;
      const when = at(checkpoint);
      const known = toolResults.get(message.tool_call_id);
      if (!known || (when !== null && (known.at === null || when < known.at))) {
        toolResults.set(message.tool_call_id, { message, at: when, runId: runOf(checkpoint) });
      }
    }
  }
  // Pass 2 (while the feed is built, in order): each message once, where it first appears.
  const seenKeys = new Set<string>();
  const allMessages: SeenMessage[] = [];
  const collect = (values: unknown, when: number | null, runId: string | null): SeenMessage[] => {
    const fresh: SeenMessage[] = [];
    messagesOf(values).forEach((value, position) => {
      const message = parseMessage(value);
      if (!message) return;
      const key = message.id ?? `${message.type}#${position}:${JSON.stringify(message.content ?? null)}`;
      if (seenKeys.has(key)) return;
      seenKeys.add(key);
      const seen = { message, at: when, runId };
      fresh.push(seen);
      allMessages.push(seen);
    });
    return fresh;
  };

  const openToolState: ToolCallState =
    status === 'running' || status === 'pending' || status === 'queued' || status === 'canceling'
      ? 'running'
      : status === 'waiting' || status === 'paused'
        ? 'waiting'
        : 'canceled';
  const feed = new FeedBuilder(
    toolResults,
    (runId) => (runId ? (infoById.get(runId)?.createdAt ?? null) : null),
    openToolState,
  );

  if (records.historyTruncated) {
    feed.push({
      ...emptyActivity(null, at(checkpoints[0])),
      kind: 'event',
      title: 'Older checkpoints not read',
      text: `Only the newest ${checkpoints.length} checkpoints of this thread were read; earlier activity is not shown.`,
      sourceType: 'history.truncated',
    });
  }

  const responded = new Set<string>();
  const pushResponse = (info: RunInfo): void => {
    const command = info.run.kwargs?.command;
    if (!command || command.resume === undefined || responded.has(info.run.run_id)) return;
    responded.add(info.run.run_id);
    feed.push({
      ...emptyActivity(info.run.run_id, info.createdAt),
      kind: 'message',
      role: 'user',
      title: 'Response',
      ...textFields(command.resume),
      sourceType: 'run.command.resume',
    });
  };

  const childOf = new Map<string, LangGraphCheckpoint>();
  for (const checkpoint of checkpoints) {
    const parentId = checkpoint.parent_checkpoint?.checkpoint_id;
    if (parentId && !childOf.has(parentId)) childOf.set(parentId, checkpoint);
  }
  const subgraphByNamespace = new Map(subgraphs.map((sub) => [sub.namespace, sub.checkpoints]));

  const stepText = (step: number | null | undefined, outcome: string): string =>
    `${typeof step === 'number' ? `Step ${step + 1}: ` : ''}${outcome}`;

  /** What became of a node the first run that tried it did not finish. */
  const unfinishedOutcome = (task: LangGraphTask, writer: RunInfo | undefined, startedAt: number | null) => {
    const elapsed = (end: number | null): string =>
      end !== null && startedAt !== null ? ` after ${formatMs(end - startedAt)}` : '';
    if (task.error) return `failed${elapsed(writer?.updatedAt ?? null)}`;
    if ((task.interrupts?.length ?? 0) > 0) return 'stopped for human input (interrupt)';
    if (!writer) return 'not run yet';
    if (writer.lost) return 'never finished: its run was lost';
    switch (writer.run.status) {
      case 'running':
        return 'running';
      case 'pending':
        return 'pending';
      case 'interrupted':
        return `stopped${elapsed(writer.updatedAt)}: the run was ${
          writer.status === 'canceled' ? 'canceled' : 'paused'
        }`;
      case 'success':
        return 'not run: the run stopped at a breakpoint before it';
      default:
        return `not finished: the run ended with status ${writer.run.status ?? 'unknown'}`;
    }
  };

  const pushTaskError = (
    task: LangGraphTask,
    node: string,
    runId: string | null,
    when: number | null,
  ): void => {
    const error = parseTaskError(task.error ?? '');
    const category = errorCategoryFor(error.name ?? 'error', error.message);
    feed.errors++;
    feed.push({
      ...emptyActivity(runId, when),
      kind: 'error',
      title: `${error.name ?? 'Error'} in ${node} (${category})`,
      ...textFields(error.message),
      sourceType: 'checkpoint.task.error',
    });
  };

  const emitSubgraph = (namespace: string, node: string, runId: string | null): void => {
    const inner = subgraphByNamespace.get(namespace) ?? [];
    for (const checkpoint of inner) {
      for (const seen of collect(checkpoint.values, at(checkpoint), runOf(checkpoint) ?? runId)) {
        // Subgraph messages reach the parent state too; keep the first sighting only.
        feed.message(seen);
      }
      const innerChild = inner.find(
        (candidate) => candidate.parent_checkpoint?.checkpoint_id === checkpoint.checkpoint.checkpoint_id,
      );
      for (const task of checkpoint.tasks ?? []) {
        if (task.name === '__start__') continue;
        const started = at(checkpoint);
        const ended = at(innerChild);
        feed.push({
          ...emptyActivity(runId, started),
          kind: 'step',
          title: `${node} › ${task.name}`,
          text: stepText(
            checkpoint.metadata?.step,
            ended !== null && started !== null ? `ran in ${formatMs(ended - started)}` : 'started',
          ),
          sourceType: 'subgraph.checkpoint.task',
        });
        if (task.error) pushTaskError(task, `${node} › ${task.name}`, runId, ended ?? started);
      }
    }
  };

  const errorsShown = new Set<string>();
  for (const checkpoint of checkpoints) {
    const when = at(checkpoint);
    const writerId = runOf(checkpoint);
    const writer = writerId ? infoById.get(writerId) : undefined;
    for (const seen of collect(checkpoint.values, when, writerId)) feed.message(seen);
    const source = checkpoint.metadata?.source;
    if (source === 'update' || source === 'fork') {
      feed.push({
        ...emptyActivity(writerId, when),
        kind: 'event',
        title:
          source === 'fork'
            ? 'Thread forked from an earlier checkpoint'
            : markApplies && checkpoint === latestCheckpoint && (checkpoint.next?.length ?? 0) === 0
              ? 'Canceled: the thread was moved to its end'
              : 'State updated by a client',
        text: checkpoint.next && checkpoint.next.length > 0 ? `Next: ${checkpoint.next.join(', ')}` : null,
        sourceType: `checkpoint.${source}`,
      });
    }
    const child = childOf.get(checkpoint.checkpoint.checkpoint_id);
    const childRunId = child ? runOf(child) : null;
    // Only a `loop` child holds what this checkpoint's tasks produced; an `update` or `input`
    // child replaced them (a client edit, Tracedeck's cancel, a new message) before they finished.
    const childIsLoop = child !== undefined && (child.metadata?.source ?? 'loop') === 'loop';
    // A run that carried on from this checkpoint without writing one first (resume / respond).
    const continuation = childIsLoop
      ? childRunId !== writerId && childRunId
        ? infoById.get(childRunId)
        : undefined
      : child
        ? undefined
        : [...infos]
            .reverse()
            .find(
              (info) =>
                info.run.run_id !== writerId &&
                info.checkpoints.length === 0 &&
                (info.createdAt ?? 0) >= (when ?? 0),
            );
    for (const task of checkpoint.tasks ?? []) {
      if (task.name === '__start__') continue;
      const finishedByWriter = childIsLoop && childRunId === writerId;
      feed.push({
        ...emptyActivity(writerId, when),
        kind: 'step',
        title: task.name,
        text: stepText(
          checkpoint.metadata?.step,
          finishedByWriter
            ? when !== null && at(child) !== null
              ? `ran in ${formatMs((at(child) ?? 0) - when)}`
              : 'ran'
            : unfinishedOutcome(task, writer, when),
        ),
        sourceType: 'checkpoint.task',
      });
      const namespace = task.checkpoint?.checkpoint_ns;
      if (namespace) {
        feed.push({
          ...emptyActivity(writerId, when),
          kind: 'link',
          title: `Called subgraph ${task.name}`,
          link: { relation: 'called', sessionRemoteId: threadId, runRemoteId: writerId, name: task.name },
          sourceType: 'checkpoint.task.subgraph',
        });
        emitSubgraph(namespace, task.name, writerId);
      }
      if (task.error) {
        pushTaskError(task, task.name, writerId, writer?.updatedAt ?? when);
        if (writerId) errorsShown.add(writerId);
      }
      for (const interrupt of task.interrupts ?? []) {
        const pending = task.result === undefined || task.result === null;
        feed.push({
          ...emptyActivity(writerId, when),
          kind: 'input-wait',
          title: interruptTitle(interrupt.value, task.name, pending && status === 'waiting'),
          text:
            pending && status === 'waiting'
              ? `Waiting for input at ${task.name}`
              : `Asked for input at ${task.name}`,
          body: payloadOf(interrupt.value ?? null) ?? { contentType: 'application/json', body: 'null' },
          sourceType: 'checkpoint.task.interrupt',
        });
      }
      if (continuation) {
        pushResponse(continuation);
        const started = continuation.createdAt;
        const ended = child ? at(child) : null;
        const resumed = continuation.run.kwargs?.command ? 'resumed with the response' : 'rerun after resume';
        feed.push({
          ...emptyActivity(continuation.run.run_id, started),
          kind: 'step',
          title: task.name,
          text: stepText(
            checkpoint.metadata?.step,
            ended !== null && started !== null
              ? `${resumed}, ran in ${formatMs(ended - started)}`
              : `${resumed}: ${unfinishedOutcome(task, continuation, started)}`,
          ),
          sourceType: 'checkpoint.task.continued',
        });
      }
    }
  }
  if (checkpoints.length === 0) {
    // Without history (a deployment that keeps none), the thread's values still tell the exchange.
    const when = isoToMs(thread.updated_at);
    for (const seen of collect(thread.values, when, latest?.run.run_id ?? null)) feed.message(seen);
  }

  // Run-level outcomes the checkpoints do not show.
  for (const info of infos) {
    pushResponse(info);
    const runId = info.run.run_id;
    if (info.lost) {
      feed.errors++;
      feed.push({
        ...emptyActivity(runId, info.lastSignOfLife),
        kind: 'error',
        title: 'Run lost (internal)',
        text:
          'Run lost: the server restarted while it was running. The server still lists it as running, ' +
          `but it has shown no progress for ${formatMs(now - (info.lastSignOfLife ?? now))}` +
          (infos.indexOf(info) < infos.length - 1 ? ' and a later run has started on this thread' : '') +
          '. Deleting the run at the source unblocks the thread.',
        sourceType: 'run.lost',
      });
    } else if ((info.run.status === 'error' || info.run.status === 'timeout') && !errorsShown.has(runId)) {
      feed.errors++;
      const isTimeout = info.run.status === 'timeout';
      feed.push({
        ...emptyActivity(runId, info.updatedAt ?? info.createdAt),
        kind: 'error',
        title: isTimeout ? 'Run timed out (timeout)' : 'Run failed (internal)',
        text: `The run ended with status ${info.run.status}.`,
        sourceType: 'run.status',
      });
    }
  }

  // Structural order is chronological except where runs interleave; settle it by time, stably.
  let lastAt = Number.NEGATIVE_INFINITY;
  const activity = feed.items
    .map((item, index) => {
      if (item.at !== null) lastAt = item.at;
      return { item, key: item.at ?? lastAt, index };
    })
    .sort((a, b) => a.key - b.key || a.index - b.index)
    .map(({ item }) => item);

  // --- runs ---------------------------------------------------------------------------------------
  const messagesByRun = new Map<string, LangGraphMessage[]>();
  for (const seen of allMessages) {
    if (!seen.runId) continue;
    const list = messagesByRun.get(seen.runId) ?? [];
    list.push(seen.message);
    messagesByRun.set(seen.runId, list);
  }
  const errorTextOf = (info: RunInfo): string | null => {
    if (info.lost) return 'Run lost: the server restarted while it was running';
    const failed = info.checkpoints
      .flatMap((checkpoint) => checkpoint.tasks ?? [])
      .find((task) => task.error);
    return failed?.error
      ? parseTaskError(failed.error).message
      : `The run ended with status ${info.run.status}`;
  };
  const ingestRuns: IngestRun[] = infos.map((info) => {
    const own = messagesByRun.get(info.run.run_id) ?? [];
    const ai = own.filter((message) => message.type.replace(/Chunk$/, '').toLowerCase() === 'ai');
    const usage = ai.map((message) => message.usage_metadata).filter((u) => u !== null && u !== undefined);
    const input = usage.length > 0 ? usage.reduce((sum, u) => sum + (u.input_tokens ?? 0), 0) : null;
    const output = usage.length > 0 ? usage.reduce((sum, u) => sum + (u.output_tokens ?? 0), 0) : null;
    const total =
      usage.length > 0
        ? usage.reduce(
            (sum, u) => sum + (u.total_tokens ?? (u.input_tokens ?? 0) + (u.output_tokens ?? 0)),
            0,
          )
        : null;
    const models = ai.map(modelOf);
    const answer = [...ai].reverse().find((message) => (message.tool_calls?.length ?? 0) === 0);
    const ended = !['running', 'pending', 'queued', 'canceling'].includes(info.status) && !info.lost;
    const finishedAt = info.lost ? info.lastSignOfLife : ended ? info.updatedAt : null;
    const isFailed = info.status === 'failed';
    return {
      remoteId: info.run.run_id,
      parentRemoteId: null,
      kind: 'agent',
      status: info.status,
      componentName: stringOf(info.run.metadata?.graph_id) ?? info.run.assistant_id ?? null,
      input: runInput(info.run),
      output: isFailed || !answer ? null : payloadOf(contentText(answer.content), 'text/markdown'),
      error: isFailed ? payloadOf(errorTextOf(info)) : null,
      metrics: {
        inputTokens: input,
        outputTokens: output,
        totalTokens: total,
        timeToFirstTokenMs: null,
        durationMs: finishedAt !== null && info.createdAt !== null ? finishedAt - info.createdAt : null,
        costUsd: null,
      },
      model: models.find((m) => m.model)?.model ?? null,
      provider: models.find((m) => m.provider)?.provider ?? null,
      createdAt: info.createdAt,
      startedAt: info.run.status === 'pending' ? null : info.createdAt,
      finishedAt,
    };
  });

  // --- the session --------------------------------------------------------------------------------
  const firstHuman = allMessages.find((seen) => seen.message.type === 'human');
  const prompt = firstHuman ? contentText(firstHuman.message.content) : null;
  const actor =
    stringOf(metadata.user_id) ??
    stringOf(metadata.actor) ??
    stringOf(metadata.user) ??
    stringOf(metadata.owner) ??
    null;
  const assistantId = latest?.run.assistant_id ?? stringOf(metadata.assistant_id);
  const graphId = stringOf(metadata.graph_id) ?? stringOf(latest?.run.metadata?.graph_id);
  const createdAt = isoToMs(thread.created_at);
  const updatedAt = isoToMs(thread.updated_at) ?? createdAt;
  const isFinished = status === 'completed' || status === 'failed' || status === 'canceled';
  const durations = ingestRuns.map((run) => run.metrics.durationMs).filter((d): d is number => d !== null);
  const sumOf = (pick: (run: IngestRun) => number | null): number | null => {
    const values = ingestRuns.map(pick).filter((v): v is number => v !== null);
    return values.length > 0 ? values.reduce((a, b) => a + b, 0) : null;
  };

  const session: IngestSession = {
    remoteId: threadId,
    kind: 'agent',
    name:
      stringOf(metadata.name) ??
      stringOf(metadata.title) ??
      stringOf(metadata.thread_name) ??
      (prompt ? firstLine(prompt) : null),
    status,
    trigger: mapTrigger(metadata, actor),
    actor,
    project: stringOf(metadata.project) ?? stringOf(metadata.project_name) ?? null,
    component: { type: 'agent', id: assistantId ?? null, name: graphId ?? null },
    prompt,
    summary: null,
    parentRemoteId: null,
    createdAt,
    queuedAt: null,
    startedAt: infos[0]?.createdAt ?? null,
    finishedAt: isFinished ? (ingestRuns.at(-1)?.finishedAt ?? updatedAt) : null,
    durationMs: durations.length > 0 ? durations.reduce((a, b) => a + b, 0) : null,
    tokens: {
      input: sumOf((run) => run.metrics.inputTokens),
      output: sumOf((run) => run.metrics.outputTokens),
      total: sumOf((run) => run.metrics.totalTokens),
    },
    costUsd: null,
    models: unique(ingestRuns.map((run) => run.model)),
    services: unique(ingestRuns.map((run) => run.provider)),
    errorCount: feed.errors,
    toolCallCount: feed.toolCalls,
    remoteUpdatedAt: updatedAt,
  };

  return { session, runs: ingestRuns, activity, spans: [], raw };
}
