import { z } from 'zod';
import { SessionStatus } from './status';
import { SESSION_KINDS, TRIGGER_TYPES } from './vocabulary';

export { SESSION_KINDS, TRIGGER_TYPES };
export const SessionKind = z.enum(SESSION_KINDS);
export type SessionKind = z.infer<typeof SessionKind>;

export const TriggerType = z.enum(TRIGGER_TYPES);
export type TriggerType = z.infer<typeof TriggerType>;

export const Trigger = z.object({
  type: TriggerType,
  /** Who or what triggered it, e.g. "ana@acme.dev", "svc-billing", "every 15 min". */
  source: z.string().nullable(),
  /** The source's own trigger value, verbatim (JSON text), for the metadata panel. */
  raw: z.string().nullable(),
});
export type Trigger = z.infer<typeof Trigger>;

export const TokenCounts = z.object({
  input: z.number().nullable(),
  output: z.number().nullable(),
  total: z.number().nullable(),
});
export type TokenCounts = z.infer<typeof TokenCounts>;

/** The agent, team or workflow definition a session ran. */
export const Component = z.object({
  type: SessionKind,
  id: z.string().nullable(),
  name: z.string().nullable(),
});
export type Component = z.infer<typeof Component>;

/**
 * One agent, team or workflow session synced from a target. Times are epoch ms, null when the
 * source did not say. Tags and notes are local and survive resyncs.
 */
export const Session = z.object({
  id: z.string(),
  targetId: z.string(),
  remoteId: z.string(),
  kind: SessionKind,
  name: z.string().nullable(),
  status: SessionStatus,
  trigger: Trigger,
  actor: z.string().nullable(),
  project: z.string().nullable(),
  component: Component,
  /** The prompt the agent received, input variables substituted where the source provides them. */
  prompt: z.string().nullable(),
  summary: z.string().nullable(),
  parentSessionId: z.string().nullable(),
  createdAt: z.number().nullable(),
  queuedAt: z.number().nullable(),
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
  durationMs: z.number().nullable(),
  tokens: TokenCounts,
  costUsd: z.number().nullable(),
  models: z.array(z.string()),
  services: z.array(z.string()),
  errorCount: z.number(),
  toolCallCount: z.number(),
  remoteUpdatedAt: z.number().nullable(),
  syncedAt: z.number().nullable(),
  tags: z.array(z.string()),
  notes: z.string().nullable(),
});
export type Session = z.infer<typeof Session>;
