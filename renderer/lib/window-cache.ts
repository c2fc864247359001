import type { SessionListRow } from '@shared/models/session-query';

// The list never holds all rows: it keeps a few aligned windows of one open query and fetches
// the ones around what Virtuoso shows. Pure functions over an immutable value, so the store
// can swap a refreshed cache in one update and tests need no DOM.

/**
 * Rows per cached window; a fetch asks for one or more adjacent windows at once. About two
 * screens: the first paint and every filter change fetch one window, and a 100-row window cost
 * twice the time over the web bridge (110 KB of JSON) for rows nobody sees yet.
 */
export const WINDOW_SIZE = 50;
/** Windows kept per query (4,000 rows); the least recently used go first. */
export const MAX_CACHED_WINDOWS = 80;
/** The channel's limit on one window request. */
export const MAX_FETCH_ROWS = 1000;

export interface WindowCache {
  queryId: number;
  /** Window index → rows by position within the window; null where a row was deleted. */
  windows: ReadonlyMap<number, readonly (SessionListRow | null)[]>;
  /** Window indexes, least recently used first. */
  order: readonly number[];
}

export function emptyCache(queryId: number): WindowCache {
  return { queryId, windows: new Map(), order: [] };
}

/** `${queryId}:${windowIndex}`: the key of a window, e.g. for tracking fetches in flight. */
export function windowKey(queryId: number, windowIndex: number): string {
  return `${queryId}:${windowIndex}`;
}

/**
 * The windows covering rows `start`…`end` (inclusive) plus `overscan` rows on each side,
 * clipped to `total` rows.
 */
export function windowsForRange(
  start: number,
  end: number,
  total: number,
  overscan = WINDOW_SIZE / 2,
): number[] {
  if (total <= 0) return [];
  const from = Math.max(0, Math.min(start, end) - overscan);
  const to = Math.min(total - 1, Math.max(start, end) + overscan);
  if (to < from) return [];
  const windows: number[] = [];
  for (let w = Math.floor(from / WINDOW_SIZE); w <= Math.floor(to / WINDOW_SIZE); w++) windows.push(w);
  return windows;
}

/** The windows of `needed` that are neither cached nor in `inFlight` (keys from `windowKey`). */
export function missingWindows(
  cache: WindowCache,
  needed: readonly number[],
  inFlight: ReadonlySet<string> = new Set(),
): number[] {
  return needed.filter((w) => !cache.windows.has(w) && !inFlight.has(windowKey(cache.queryId, w)));
}

/** Groups sorted window indexes into runs of adjacent windows, each at most `MAX_FETCH_ROWS` rows. */
export function fetchBatches(
  windows: readonly number[],
): { start: number; count: number; windows: number[] }[] {
  const sorted = [...new Set(windows)].sort((a, b) => a - b);
  const perBatch = Math.max(1, Math.floor(MAX_FETCH_ROWS / WINDOW_SIZE));
  const batches: { start: number; count: number; windows: number[] }[] = [];
  for (const w of sorted) {
    const last = batches.at(-1);
    const lastWindow = last?.windows.at(-1);
    if (last && lastWindow === w - 1 && last.windows.length < perBatch) {
      last.windows.push(w);
      last.count += WINDOW_SIZE;
    } else {
      batches.push({ start: w * WINDOW_SIZE, count: WINDOW_SIZE, windows: [w] });
    }
  }
  return batches;
}

/**
 * Splits rows fetched for `windows` into per-window arrays by their `position`. Positions
 * with no row (deleted since the query opened) become null, but only below `total`.
 */
export function splitRows(
  rows: readonly SessionListRow[],
  windows: readonly number[],
  total: number,
): Map<number, (SessionListRow | null)[]> {
  const out = new Map<number, (SessionListRow | null)[]>();
  for (const w of windows) {
    const size = Math.max(0, Math.min(WINDOW_SIZE, total - w * WINDOW_SIZE));
    out.set(
      w,
      Array.from({ length: size }, () => null),
    );
  }
  for (const row of rows) {
    const w = Math.floor(row.position / WINDOW_SIZE);
    const slots = out.get(w);
    const offset = row.position - w * WINDOW_SIZE;
    if (slots && offset < slots.length) slots[offset] = row;
  }
  return out;
}

/** A cache with `windows` added (or replaced), evicting the least recently used beyond the cap. */
export function putWindows(
  cache: WindowCache,
  windows: ReadonlyMap<number, readonly (SessionListRow | null)[]>,
  maxWindows = MAX_CACHED_WINDOWS,
): WindowCache {
  const map = new Map(cache.windows);
  let order = cache.order.filter((w) => !windows.has(w));
  for (const [w, rows] of windows) {
    map.set(w, rows);
    order.push(w);
  }
  if (order.length > maxWindows) {
    const evicted = order.slice(0, order.length - maxWindows);
    for (const w of evicted) map.delete(w);
    order = order.slice(evicted.length);
  }
  return { queryId: cache.queryId, windows: map, order };
}

/** Marks windows as recently used (they are visible again), without copying rows. */
export function touchWindows(cache: WindowCache, windows: readonly number[]): WindowCache {
  const present = windows.filter((w) => cache.windows.has(w));
  if (present.length === 0) return cache;
  const tail = cache.order.slice(-present.length);
  if (present.every((w) => tail.includes(w))) return cache;
  return {
    ...cache,
    order: [...cache.order.filter((w) => !present.includes(w)), ...present],
  };
}

/**
 * The row at `index`: the row, null when it was deleted since the query opened, or undefined
 * while its window is not loaded.
 */
export function rowAt(cache: WindowCache, index: number): SessionListRow | null | undefined {
  const w = Math.floor(index / WINDOW_SIZE);
  const rows = cache.windows.get(w);
  if (!rows) return undefined;
  return rows[index - w * WINDOW_SIZE];
}

/** The index of the session `id` among the cached rows, or -1. */
export function indexOfSession(cache: WindowCache, id: string): number {
  for (const [w, rows] of cache.windows) {
    const offset = rows.findIndex((row) => row?.session.id === id);
    if (offset !== -1) return w * WINDOW_SIZE + offset;
  }
  return -1;
}

/** Session ids of the cached rows in `from`…`to` (inclusive), and whether every row there was loaded. */
export function idsInRange(
  cache: WindowCache,
  from: number,
  to: number,
): { ids: string[]; isComplete: boolean } {
  const ids: string[] = [];
  let isComplete = true;
  for (let i = Math.min(from, to); i <= Math.max(from, to); i++) {
    const row = rowAt(cache, i);
    if (row === undefined) isComplete = false;
    else if (row) ids.push(row.session.id);
  }
  return { ids, isComplete };
}

/** A cache whose rows for `sessionId` are replaced by `update(row)` (optimistic status changes). */
export function updateSessionRows(
  cache: WindowCache,
  sessionIds: ReadonlySet<string>,
  update: (row: SessionListRow) => SessionListRow,
): WindowCache {
  let changed = false;
  const map = new Map(cache.windows);
  for (const [w, rows] of cache.windows) {
    if (!rows.some((row) => row && sessionIds.has(row.session.id))) continue;
    changed = true;
    map.set(
      w,
      rows.map((row) => (row && sessionIds.has(row.session.id) ? update(row) : row)),
    );
  }
  return changed ? { ...cache, windows: map } : cache;
}
