import { z } from 'zod';
import { Session, SessionKind, TriggerType } from './session';
import { SessionStatus } from './status';
import { DEFAULT_SESSION_SORT, SESSION_SORT_FIELDS, SORT_DIRECTIONS } from './vocabulary';

export { DEFAULT_SESSION_SORT, SESSION_SORT_FIELDS, SORT_DIRECTIONS };
export const SessionSortField = z.enum(SESSION_SORT_FIELDS);
export type SessionSortField = z.infer<typeof SessionSortField>;

export const SortDirection = z.enum(SORT_DIRECTIONS);
export type SortDirection = z.infer<typeof SortDirection>;

/**
 * A session list order. Ties are broken by local id in the same direction. Sessions without a
 * value (no duration, tokens or cost yet) come last in both directions.
 */
export const SessionSort = z.object({
  field: SessionSortField,
  direction: SortDirection,
});
export type SessionSort = z.infer<typeof SessionSort>;

/**
 * Filters and order of a session list. A missing or empty set means "any". The time range
 * applies to the start time, or to the queued / created time of a session that has not
 * started; `startedFrom` is inclusive and `startedTo` exclusive, both epoch ms.
 */
export const SessionQuery = z.object({
  targetIds: z.array(z.string()).optional(),
  kinds: z.array(SessionKind).optional(),
  statuses: z.array(SessionStatus).optional(),
  triggerTypes: z.array(TriggerType).optional(),
  startedFrom: z.number().nullable().optional(),
  startedTo: z.number().nullable().optional(),
  /** true: only sessions with errors; false: only sessions without; null / missing: any. */
  hasErrors: z.boolean().nullable().optional(),
  /**
   * Substring search over names, prompts, messages, tool calls and errors (case-insensitive).
   * Whitespace-separated words must all match. See `TextSearchMode` for words under 3 characters.
   */
  text: z.string().optional(),
  sort: SessionSort.optional(),
});
export type SessionQuery = z.infer<typeof SessionQuery>;

/**
 * How a text filter was applied. `index`: every session was searched through the full-text
 * index. `recent-scan`: the query had no word of 3 or more characters, which the trigram index
 * cannot look up, so only the most recent sessions (`scanLimit`, newest first among those
 * matching the other filters) were scanned. `none`: no text filter.
 */
export const TextSearchMode = z.enum(['none', 'index', 'recent-scan']);
export type TextSearchMode = z.infer<typeof TextSearchMode>;

/** A piece of text with the parts that matched the search marked, in order. */
export const HighlightedText = z.array(z.object({ text: z.string(), isMatch: z.boolean() }));
export type HighlightedText = z.infer<typeof HighlightedText>;

/** What opening a list query reports: its handle for windows and its size. */
export const SessionQueryInfo = z.object({
  queryId: z.number(),
  total: z.number(),
  textMode: TextSearchMode,
  /** The number of recent sessions scanned in `recent-scan` mode; null otherwise. */
  scanLimit: z.number().nullable(),
});
export type SessionQueryInfo = z.infer<typeof SessionQueryInfo>;

/** One row of a list window. `position` is 0-based in the query's order. */
export const SessionListRow = z.object({
  position: z.number(),
  session: Session,
  /** Where the text filter matched, when there is one. */
  snippet: HighlightedText.nullable(),
});
export type SessionListRow = z.infer<typeof SessionListRow>;

export const FacetCount = z.object({ value: z.string(), count: z.number() });
export type FacetCount = z.infer<typeof FacetCount>;

/**
 * Per-value counts for the list's facets. Each dimension is counted with every filter of the
 * query applied except that dimension's own, so the numbers say what picking a value would
 * give. Every known kind, status, trigger type and target is listed, with 0 when absent.
 */
export const SessionFacets = z.object({
  /** Sessions matching the whole query. */
  total: z.number(),
  kinds: z.array(FacetCount),
  statuses: z.array(FacetCount),
  triggerTypes: z.array(FacetCount),
  targets: z.array(FacetCount),
  /** `value` is `with-errors` or `without-errors`. */
  errors: z.array(FacetCount),
});
export type SessionFacets = z.infer<typeof SessionFacets>;

/** A position in a list order, for seeking to the rows after (or before) it. */
export const SessionCursor = z.object({
  /** The sort field's value at that row (epoch ms, ms, tokens or USD); null when it had none. */
  value: z.number().nullable(),
  id: z.string(),
});
export type SessionCursor = z.infer<typeof SessionCursor>;
