import { z } from 'zod';
import { SessionKind, TriggerType } from '@shared/models/session';
import { DEFAULT_SESSION_SORT, SessionSort, type SessionQuery } from '@shared/models/session-query';
import { SessionStatus } from '@shared/models/status';

// What the Sessions view shows: its filters and order. Persisted through `settings:*`, saved
// as named views, and turned into a `SessionQuery` when a list query opens.

export const TIME_RANGES = ['any', '1h', '24h', '7d', '30d'] as const;
export type TimeRange = (typeof TIME_RANGES)[number];

export const TIME_RANGE_LABELS: Record<TimeRange, string> = {
  any: 'Any time',
  '1h': 'Last hour',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
};

const TIME_RANGE_MS: Record<Exclude<TimeRange, 'any'>, number> = {
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
};

// Persisted values come from older builds or hand edits: every field falls back on its own.
const Filters = z.object({
  kinds: z.array(SessionKind).catch([]),
  statuses: z.array(SessionStatus).catch([]),
  triggerTypes: z.array(TriggerType).catch([]),
  targetIds: z.array(z.string()).catch([]),
  timeRange: z.enum(TIME_RANGES).catch('any'),
  hasErrors: z.boolean().nullable().catch(null),
  text: z.string().max(500).catch(''),
});
export type ViewFilters = z.infer<typeof Filters>;

export const ViewState = z.object({
  filters: Filters.catch(() => emptyFilters()),
  sort: SessionSort.catch(DEFAULT_SESSION_SORT),
});
export type ViewState = z.infer<typeof ViewState>;

export const SavedView = z.object({
  id: z.string(),
  name: z.string().min(1).max(80),
  view: ViewState,
});
export type SavedView = z.infer<typeof SavedView>;

export function emptyFilters(): ViewFilters {
  return {
    kinds: [],
    statuses: [],
    triggerTypes: [],
    targetIds: [],
    timeRange: 'any',
    hasErrors: null,
    text: '',
  };
}

export const DEFAULT_VIEW: ViewState = { filters: emptyFilters(), sort: DEFAULT_SESSION_SORT };

/** A persisted view state, or the default when there is none or it cannot be read. */
export function parseViewState(value: unknown): ViewState {
  const parsed = ViewState.safeParse(value);
  return parsed.success ? parsed.data : DEFAULT_VIEW;
}

/** Saved views that still parse; broken entries are dropped rather than failing the list. */
export function parseSavedViews(value: unknown): SavedView[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    const parsed = SavedView.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}

/** The list query for a view; relative time ranges are resolved against `now` (epoch ms). */
export function toSessionQuery(view: ViewState, now: number): SessionQuery {
  const { filters } = view;
  const query: SessionQuery = { sort: view.sort };
  if (filters.kinds.length) query.kinds = filters.kinds;
  if (filters.statuses.length) query.statuses = filters.statuses;
  if (filters.triggerTypes.length) query.triggerTypes = filters.triggerTypes;
  if (filters.targetIds.length) query.targetIds = filters.targetIds;
  if (filters.timeRange !== 'any') query.startedFrom = now - TIME_RANGE_MS[filters.timeRange];
  if (filters.hasErrors !== null) query.hasErrors = filters.hasErrors;
  const text = filters.text.trim();
  if (text) query.text = text;
  return query;
}

/** How many filters narrow the list (the sort does not count). */
export function activeFilterCount(filters: ViewFilters): number {
  return (
    (filters.kinds.length > 0 ? 1 : 0) +
    (filters.statuses.length > 0 ? 1 : 0) +
    (filters.triggerTypes.length > 0 ? 1 : 0) +
    (filters.targetIds.length > 0 ? 1 : 0) +
    (filters.timeRange !== 'any' ? 1 : 0) +
    (filters.hasErrors !== null ? 1 : 0) +
    (filters.text.trim() ? 1 : 0)
  );
}

/** Adds or removes `value` in a multi-select filter list, keeping `order`'s order. */
export function toggleValue<T extends string>(values: readonly T[], value: T, order: readonly T[]): T[] {
  const set = new Set(values);
  if (set.has(value)) set.delete(value);
  else set.add(value);
  return order.filter((v) => set.has(v));
}

/** Two views are the same when their JSON is: field order is fixed by the schema. */
export function isSameView(a: ViewState, b: ViewState): boolean {
  return JSON.stringify(ViewState.parse(a)) === JSON.stringify(ViewState.parse(b));
}
