import { z } from 'zod';
import { PayloadRef } from './payload';
import { ControlAction } from './status';

export const ActivityKind = z.enum([
  'message',
  'reasoning',
  'tool-call',
  'error',
  'control',
  'input-wait',
  'link',
  'step',
  /** An event the mapping does not know; kept with its raw record. */
  'event',
]);
export type ActivityKind = z.infer<typeof ActivityKind>;

export const MessageRole = z.enum(['system', 'user', 'assistant', 'tool']);
export type MessageRole = z.infer<typeof MessageRole>;

export const ToolCallState = z.enum(['succeeded', 'failed', 'canceled', 'running', 'waiting']);
export type ToolCallState = z.infer<typeof ToolCallState>;

export const ErrorCategory = z.enum([
  'tool',
  'model',
  'timeout',
  'rate-limited',
  'auth',
  'validation',
  'canceled',
  'internal',
  'unknown',
]);
export type ErrorCategory = z.infer<typeof ErrorCategory>;

export const ToolCall = z.object({
  callId: z.string().nullable(),
  name: z.string(),
  args: PayloadRef.nullable(),
  result: PayloadRef.nullable(),
  state: ToolCallState,
  errorCategory: ErrorCategory.nullable(),
  errorMessage: z.string().nullable(),
  retryCount: z.number(),
  durationMs: z.number().nullable(),
});
export type ToolCall = z.infer<typeof ToolCall>;

/** A pause / resume / cancel / respond / delete request and its outcome, and who asked. */
export const ControlEntry = z.object({
  action: ControlAction,
  phase: z.enum(['requested', 'completed', 'failed']),
  by: z.string(),
  detail: z.string().nullable(),
});
export type ControlEntry = z.infer<typeof ControlEntry>;

/** A reference to another session or run this item called or was called by. */
export const ActivityLink = z.object({
  relation: z.enum(['called', 'member', 'step', 'parent']),
  targetId: z.string().nullable(),
  sessionRemoteId: z.string().nullable(),
  runRemoteId: z.string().nullable(),
  /** Local id when the linked session is in the store; null when only its metadata is known. */
  sessionId: z.string().nullable(),
  name: z.string().nullable(),
});
export type ActivityLink = z.infer<typeof ActivityLink>;

/**
 * One entry of a session's chronological activity feed. `seq` orders the feed; `at` is epoch
 * ms (null when the source gave no time). Exactly the sub-record matching `kind` is set.
 */
export const ActivityItem = z.object({
  id: z.string(),
  sessionId: z.string(),
  runId: z.string().nullable(),
  seq: z.number(),
  kind: ActivityKind,
  at: z.number().nullable(),
  role: MessageRole.nullable(),
  title: z.string().nullable(),
  text: z.string().nullable(),
  /** The full body when `text` is a bounded excerpt of a large one. */
  body: PayloadRef.nullable(),
  tool: ToolCall.nullable(),
  control: ControlEntry.nullable(),
  link: ActivityLink.nullable(),
  /** The source's own event or record type, e.g. `ToolCallCompleted`. */
  sourceType: z.string().nullable(),
});
export type ActivityItem = z.infer<typeof ActivityItem>;
