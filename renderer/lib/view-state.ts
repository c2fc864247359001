import type { SessionKind, TriggerType } from '@shared/models/session';
import type { SessionQuery, SessionSort } from '@shared/models/session-query';
import {
  DEFAULT_SESSION_SORT,
  isOneOf,
  SESSION_KINDS,
  SESSION_SORT_FIELDS,
  SORT_DIRECTIONS,
  TRIGGER_TYPES,
} from '@shared/models/vocabulary';
import { SESSION_STATUSES, type SessionStatus } from '@shared/models/status';

// What the Sessions view shows: its filters and order. Persisted through `settings:*`, saved
// as named views, and turned into a `SessionQuery` when a list query opens. Parsed by hand, not
// with zod: this module runs before the first paint, and building schemas there costs more than
// the whole list query.

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

const MAX_TEXT_LENGTH = 500;
const MAX_VIEW_NAME_LENGTH = 80;

// A type, not an interface: settings store it as JSON, which needs an index-signature match.
export type ViewFilters = {
  kinds: SessionKind[];
  statuses: SessionStatus[];
  triggerTypes: TriggerType[];
  targetIds: string[];
  timeRange: TimeRange;
  hasErrors: boolean | null;
  text: string;
};

export type ViewState = {
  filters: ViewFilters;
  sort: SessionSort;
};

export type SavedView = {
  id: string;
  name: string;
  view: ViewState;
};

type Fields = Record<string, unknown>;
const isFields = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A list whose every item is allowed, else empty: one bad item drops the filter, not the view. */
function listOf<T extends string>(value: unknown, isItem: (item: unknown) => item is T): T[] {
  return Array.isArray(value) && value.every(isItem) ? [...value] : [];
}

// Persisted values come from older builds or hand edits: every field falls back on its own.
function readFilters(value: unknown): ViewFilters {
  if (!isFields(value)) return emptyFilters();
  const { text, hasErrors, timeRange } = value;
  return {
    kinds: listOf(value.kinds, (v) => isOneOf(SESSION_KINDS, v)),
    statuses: listOf(value.statuses, (v) => isOneOf(SESSION_STATUSES, v)),
    triggerTypes: listOf(value.triggerTypes, (v) => isOneOf(TRIGGER_TYPES, v)),
    targetIds: listOf(value.targetIds, (v): v is string => typeof v === 'string'),
    timeRange: isOneOf(TIME_RANGES, timeRange) ? timeRange : 'any',
    hasErrors: typeof hasErrors === 'boolean' ? hasErrors : null,
    text: typeof text === 'string' && text.length <= MAX_TEXT_LENGTH ? text : '',
  };
}

function readSort(value: unknown): SessionSort {
  if (!isFields(value)) return DEFAULT_SESSION_SORT;
  const { field, direction } = value;
  return isOneOf(SESSION_SORT_FIELDS, field) && isOneOf(SORT_DIRECTIONS, direction)
    ? { field, direction }
    : DEFAULT_SESSION_SORT;
}

/** A view state with its fields in a fixed order, or null when `value` is not an object. */
function readViewState(value: unknown): ViewState | null {
  return isFields(value) ? { filters: readFilters(value.filters), sort: readSort(value.sort) } : null;
}

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
  return readViewState(value) ?? DEFAULT_VIEW;
}

/** Saved views that still parse; broken entries are dropped rather than failing the list. */
export function parseSavedViews(value: unknown): SavedView[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item): SavedView[] => {
    if (!isFields(item)) return [];
    const { id, name } = item;
    const view = readViewState(item.view);
    const isNamed = typeof name === 'string' && name.length >= 1 && name.length <= MAX_VIEW_NAME_LENGTH;
    return typeof id === 'string' && isNamed && view ? [{ id, name, view }] : [];
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

/** Two views are the same when their JSON is: reading them fixes the field order. */
export function isSameView(a: ViewState, b: ViewState): boolean {
  return JSON.stringify(readViewState(a)) === JSON.stringify(readViewState(b));
}
