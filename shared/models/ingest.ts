import type { ActivityKind, ControlEntry, ErrorCategory, MessageRole, ToolCallState } from './activity';
import type { RunMetrics } from './run';
import type { Component, SessionKind, TokenCounts, Trigger } from './session';
import type { SessionStatus } from './status';

/** A body to store out of the hot tables; the store keeps a bounded preview inline. */
export interface IngestPayload {
  contentType: string;
  body: string;
}

/** The raw remote record behind an entity, so unknown fields are never lost. */
export interface IngestRaw {
  /** `session`, `run`, `activity`, `span`, or a source's own record type. */
  entity: string;
  remoteId: string;
  json: string;
  /** Set when the record failed validation; it is stored anyway. */
  parseError?: string;
}

export interface IngestSession {
  remoteId: string;
  kind: SessionKind;
  name: string | null;
  status: SessionStatus;
  trigger: Trigger;
  actor: string | null;
  project: string | null;
  component: Component;
  prompt: string | null;
  summary: string | null;
  /** Remote id of the session that called this one, on the same target. */
  parentRemoteId: string | null;
  createdAt: number | null;
  queuedAt: number | null;
  startedAt: number | null;
  finishedAt: number | null;
  durationMs: number | null;
  tokens: TokenCounts;
  costUsd: number | null;
  models: string[];
  services: string[];
  errorCount: number;
  toolCallCount: number;
  remoteUpdatedAt: number | null;
}

export interface IngestRun {
  remoteId: string;
  parentRemoteId: string | null;
  kind: SessionKind;
  status: SessionStatus;
  componentName: string | null;
  input: IngestPayload | null;
  output: IngestPayload | null;
  error: IngestPayload | null;
  metrics: RunMetrics;
  model: string | null;
  provider: string | null;
  createdAt: number | null;
  startedAt: number | null;
  finishedAt: number | null;
}

export interface IngestActivity {
  /** Remote id of the run this item belongs to, if any. */
  runRemoteId: string | null;
  kind: ActivityKind;
  at: number | null;
  role: MessageRole | null;
  title: string | null;
  text: string | null;
  /** The full body when `text` would be too long to keep inline. */
  body: IngestPayload | null;
  tool: {
    callId: string | null;
    name: string;
    args: IngestPayload | null;
    result: IngestPayload | null;
    state: ToolCallState;
    errorCategory: ErrorCategory | null;
    errorMessage: string | null;
    retryCount: number;
    durationMs: number | null;
  } | null;
  control: ControlEntry | null;
  link: {
    relation: 'called' | 'member' | 'step' | 'parent';
    sessionRemoteId: string | null;
    runRemoteId: string | null;
    name: string | null;
  } | null;
  sourceType: string | null;
}

export interface IngestSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: string;
  /** Epoch nanoseconds. */
  startNs: bigint;
  endNs: bigint | null;
  status: 'unset' | 'ok' | 'error';
  statusMessage: string | null;
  attributes: Record<string, unknown>;
  events: {
    name: string;
    timeNs: bigint;
    attributes: Record<string, unknown>;
  }[];
}

/** Everything a source says about one session, written together by the store. */
export interface IngestSessionDetail {
  session: IngestSession;
  runs: IngestRun[];
  activity: IngestActivity[];
  spans: IngestSpan[];
  raw: IngestRaw[];
}
