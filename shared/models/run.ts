import { z } from 'zod';
import { PayloadRef } from './payload';
import { SessionKind } from './session';
import { SessionStatus } from './status';

export const RunMetrics = z.object({
  inputTokens: z.number().nullable(),
  outputTokens: z.number().nullable(),
  totalTokens: z.number().nullable(),
  timeToFirstTokenMs: z.number().nullable(),
  durationMs: z.number().nullable(),
  costUsd: z.number().nullable(),
});
export type RunMetrics = z.infer<typeof RunMetrics>;

/** One execution inside a session (an agent run, a team run, a workflow run or step). */
export const Run = z.object({
  id: z.string(),
  sessionId: z.string(),
  remoteId: z.string(),
  kind: SessionKind,
  /** The run that spawned this one (a team leader's run, a workflow's run), if any. */
  parentRunId: z.string().nullable(),
  status: SessionStatus,
  componentName: z.string().nullable(),
  input: PayloadRef.nullable(),
  output: PayloadRef.nullable(),
  error: PayloadRef.nullable(),
  metrics: RunMetrics,
  model: z.string().nullable(),
  provider: z.string().nullable(),
  createdAt: z.number().nullable(),
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
});
export type Run = z.infer<typeof Run>;
