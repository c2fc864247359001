// The value lists behind the domain's enums, in a module without zod: the renderer's first
// chunk imports them, and building schemas there would delay the first paint (and zod's first
// schema probes `new Function`, which the renderer's CSP forbids). The schemas in
// session.ts and session-query.ts are built from these lists and re-export them.

/** Whether `value` is one of `allowed`: a zod-free check of a value list. */
export function isOneOf<T extends string>(allowed: readonly T[], value: unknown): value is T {
  return (allowed as readonly unknown[]).includes(value);
}

export const SESSION_KINDS = ['agent', 'team', 'workflow'] as const;

/** What started a session. `source` names who or what: a person, a service account, a cadence… */
export const TRIGGER_TYPES = [
  'manual',
  'api',
  'event',
  'schedule',
  'agent',
  'workflow',
  'webhook',
  'poll',
  'cli',
  'unknown',
] as const;

export const SESSION_SORT_FIELDS = ['startedAt', 'durationMs', 'totalTokens', 'costUsd'] as const;
export const SORT_DIRECTIONS = ['asc', 'desc'] as const;

export const DEFAULT_SESSION_SORT: {
  field: (typeof SESSION_SORT_FIELDS)[number];
  direction: (typeof SORT_DIRECTIONS)[number];
} = { field: 'startedAt', direction: 'desc' };

/** Span statuses by the numeric code `TraceOutline.statuses` uses. */
export const SPAN_STATUS_CODES = ['unset', 'ok', 'error'] as const;
