import { z } from 'zod';
import { ActivityKind, ControlEntry, ErrorCategory, MessageRole, ToolCallState } from './activity';
import { RunMetrics } from './run';
import { Component, SessionKind, TokenCounts, Trigger } from './session';
import { SessionStatus } from './status';
import { TargetKind, TargetLocation } from './target';

/**
 * A session exported as one self-contained JSON file: the session with its runs, activity,
 * spans, raw records and every payload body inline, plus where it came from (never a
 * credential). Another Tracedeck imports it offline. Field names follow the ingest model, so an
 * import stores it exactly as a sync would.
 */
export const BUNDLE_FORMAT = 'tracedeck.session-bundle';
export const BUNDLE_VERSION = 1;

const Body = z.object({
  contentType: z.string().max(200),
  body: z.string(),
});
const Time = z.number().nullable();
/** Nanosecond epoch times as decimal strings (they exceed 2^53). */
const Nanos = z.string().regex(/^\d{1,30}$/);

export const BundleSession = z.object({
  remoteId: z.string().min(1),
  kind: SessionKind,
  name: z.string().nullable(),
  status: SessionStatus,
  trigger: Trigger,
  actor: z.string().nullable(),
  project: z.string().nullable(),
  component: Component,
  prompt: z.string().nullable(),
  summary: z.string().nullable(),
  parentRemoteId: z.string().nullable(),
  createdAt: Time,
  queuedAt: Time,
  startedAt: Time,
  finishedAt: Time,
  durationMs: Time,
  tokens: TokenCounts,
  costUsd: Time,
  models: z.array(z.string()),
  services: z.array(z.string()),
  errorCount: z.number(),
  toolCallCount: z.number(),
  remoteUpdatedAt: Time,
  tags: z.array(z.string()),
  notes: z.string().nullable(),
});

export const BundleRun = z.object({
  remoteId: z.string(),
  parentRemoteId: z.string().nullable(),
  kind: SessionKind,
  status: SessionStatus,
  componentName: z.string().nullable(),
  input: Body.nullable(),
  output: Body.nullable(),
  error: Body.nullable(),
  metrics: RunMetrics,
  model: z.string().nullable(),
  provider: z.string().nullable(),
  createdAt: Time,
  startedAt: Time,
  finishedAt: Time,
});

export const BundleActivity = z.object({
  runRemoteId: z.string().nullable(),
  kind: ActivityKind,
  at: Time,
  role: MessageRole.nullable(),
  title: z.string().nullable(),
  text: z.string().nullable(),
  body: Body.nullable(),
  tool: z
    .object({
      callId: z.string().nullable(),
      name: z.string(),
      args: Body.nullable(),
      result: Body.nullable(),
      state: ToolCallState,
      errorCategory: ErrorCategory.nullable(),
      errorMessage: z.string().nullable(),
      retryCount: z.number(),
      durationMs: Time,
    })
    .nullable(),
  control: ControlEntry.nullable(),
  link: z
    .object({
      relation: z.enum(['called', 'member', 'step', 'parent']),
      sessionRemoteId: z.string().nullable(),
      runRemoteId: z.string().nullable(),
      name: z.string().nullable(),
    })
    .nullable(),
  sourceType: z.string().nullable(),
});

export const BundleSpan = z.object({
  traceId: z.string(),
  spanId: z.string(),
  parentSpanId: z.string().nullable(),
  name: z.string(),
  kind: z.string(),
  startNs: Nanos,
  endNs: Nanos.nullable(),
  status: z.enum(['unset', 'ok', 'error']),
  statusMessage: z.string().nullable(),
  attributes: z.record(z.string(), z.unknown()),
  events: z.array(
    z.object({ name: z.string(), timeNs: Nanos, attributes: z.record(z.string(), z.unknown()) }),
  ),
});

export const BundleRaw = z.object({
  entity: z.string().min(1).max(100),
  remoteId: z.string(),
  json: z.string(),
  parseError: z.string().nullable(),
});

export const SessionBundle = z.object({
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(BUNDLE_VERSION),
  /** Epoch ms. */
  exportedAt: z.number(),
  exportedBy: z.string(),
  origin: z.object({
    targetName: z.string(),
    targetKind: TargetKind,
    location: TargetLocation,
    baseUrl: z.string(),
  }),
  session: BundleSession,
  runs: z.array(BundleRun),
  activity: z.array(BundleActivity),
  spans: z.array(BundleSpan),
  raw: z.array(BundleRaw),
});
export type SessionBundle = z.infer<typeof SessionBundle>;
export type BundleActivity = z.infer<typeof BundleActivity>;
export type BundleRun = z.infer<typeof BundleRun>;
