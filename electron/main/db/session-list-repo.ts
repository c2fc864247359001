import type { Session } from '@shared/models/session';
import {
  DEFAULT_SESSION_SORT,
  type FacetCount,
  type HighlightedText,
  type SessionCursor,
  type SessionFacets,
  type SessionListRow,
  type SessionQuery,
  type SessionQueryInfo,
  type SessionSortField,
  type TextSearchMode,
} from '@shared/models/session-query';
import { SESSION_STATUSES } from '@shared/models/status';
import { TRIGGER_TYPES } from '@shared/models/session';
import type { Db } from './connection';
import { RECENT_SCAN_LIMIT } from './limits';
import { SESSION_COLUMNS, SESSION_PARENT_JOIN, toSession, type SessionRow } from './session-rows';
import { placeholders, prepared, toRowId } from './statements';

/*
 * Session lists at 1,000,000 rows (HOUSE-STYLE §7). A query is opened once; its ordered ids go
 * into a per-connection temp table whose rowid is the position + 1, so any window is a rowid
 * range joined back to `sessions`, equally fast at row 0 and row 900,000.
 *
 * Filling that table is the one cost that grows with the result. When the order can be read
 * straight off an index (no temp B-tree in the plan) and the total is known from the facet
 * tables (filters on kind, status, trigger, target and errors, and a time range in time order),
 * the table is filled lazily: seek from the last filled row, in chunks that grow geometrically,
 * as windows ask for positions. Opening such a query and showing its first window costs a few
 * milliseconds whatever the size; jumping deep fills up to there once. Other queries (text, a
 * time range in another order, or an order the planner must sort) are filled completely when
 * opened.
 */

const SORTS: Record<SessionSortField, { column: string; isNullable: boolean }> = {
  startedAt: { column: 'sort_at', isNullable: false },
  durationMs: { column: 'duration_ms', isNullable: true },
  totalTokens: { column: 'total_tokens', isNullable: true },
  costUsd: { column: 'cost_usd', isNullable: true },
};

/** Open queries per connection; older ones are evicted (their windows then return null). */
const QUERY_SLOTS = 4;
const FIRST_CHUNK = 1000;
/**
 * Above this share of the sessions, a facet-filtered list is read lazily off the sort index,
 * skipping the sessions that do not match, rather than filling all its ids up front.
 */
const MIN_SCAN_SHARE = 0.02;

type Dim = 'targetIds' | 'kinds' | 'statuses' | 'triggerTypes' | 'hasErrors';

interface TextPlan {
  mode: Exclude<TextSearchMode, 'none'>;
  /** FTS5 query: each word of 3+ characters as a quoted phrase, AND-ed. */
  match: string | null;
  /** LIKE patterns for the words the trigram index cannot look up (under 3 characters). */
  likes: string[];
  words: string[];
}

interface Compiled {
  targetIds: string[] | null;
  kinds: string[] | null;
  statuses: string[] | null;
  triggerTypes: string[] | null;
  hasErrors: boolean | null;
  from: number | null;
  to: number | null;
  text: TextPlan | null;
  column: string;
  isNullable: boolean;
  isDesc: boolean;
  /**
   * Keeps SQLite off the facet indexes (unary `+` on the facet columns), so it reads the sort
   * index in order. A kind filter alone would otherwise use (kind, status, sort_at), which is not
   * in time order, and the list would have to collect every match before showing the first row.
   */
  scansSortIndex: boolean;
}

function nonEmpty<T>(values: readonly T[] | undefined): T[] | null {
  return values && values.length > 0 ? [...new Set(values)] : null;
}

function escapeLike(word: string): string {
  return `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function planText(text: string | undefined): TextPlan | null {
  const words = (text ?? '')
    .trim()
    .split(/\s+/u)
    .filter((w) => w.length > 0);
  if (words.length === 0) return null;
  const long = words.filter((w) => [...w].length >= 3);
  const short = words.filter((w) => [...w].length < 3);
  return {
    mode: long.length > 0 ? 'index' : 'recent-scan',
    match: long.length > 0 ? long.map((w) => `"${w.replace(/"/g, '""')}"`).join(' AND ') : null,
    likes: short.map(escapeLike),
    words,
  };
}

function compile(query: SessionQuery): Compiled {
  const sort = query.sort ?? DEFAULT_SESSION_SORT;
  const { column, isNullable } = SORTS[sort.field];
  return {
    targetIds: nonEmpty(query.targetIds),
    kinds: nonEmpty(query.kinds),
    statuses: nonEmpty(query.statuses),
    triggerTypes: nonEmpty(query.triggerTypes),
    hasErrors: query.hasErrors ?? null,
    from: query.startedFrom ?? null,
    to: query.startedTo ?? null,
    text: planText(query.text),
    column,
    isNullable,
    isDesc: sort.direction === 'desc',
    scansSortIndex: false,
  };
}

interface Fragment {
  sql: string[];
  params: unknown[];
}

function inList(sql: string[], params: unknown[], column: string, values: readonly string[] | null): void {
  if (values === null) return;
  if (values.length === 1) sql.push(`${column} = ?`);
  else sql.push(`${column} in (${placeholders(values.length)})`);
  params.push(...values);
}

/** Facet and time filters on `alias`, optionally without one facet (for facet counts). */
function baseFilters(
  c: Compiled,
  alias: string,
  options: { without?: Dim; dims?: boolean; noDimIndexes?: boolean } = {},
): Fragment {
  const sql: string[] = [];
  const params: unknown[] = [];
  if (options.dims !== false) {
    const column = (name: string) => `${options.noDimIndexes ? '+' : ''}${alias}.${name}`;
    if (options.without !== 'targetIds') inList(sql, params, column('target_id'), c.targetIds);
    if (options.without !== 'kinds') inList(sql, params, column('kind'), c.kinds);
    if (options.without !== 'statuses') inList(sql, params, column('status'), c.statuses);
    if (options.without !== 'triggerTypes') inList(sql, params, column('trigger_type'), c.triggerTypes);
    if (options.without !== 'hasErrors' && c.hasErrors !== null) {
      sql.push(c.hasErrors ? `${alias}.error_count > 0` : `${alias}.error_count = 0`);
    }
  }
  if (c.from !== null) {
    sql.push(`${alias}.sort_at >= ?`);
    params.push(c.from);
  }
  if (c.to !== null) {
    sql.push(`${alias}.sort_at < ?`);
    params.push(c.to);
  }
  return { sql, params };
}

function likeClause(plan: TextPlan, alias: string): Fragment {
  const sql = plan.likes.map(
    () =>
      `(${alias}.title like ? escape '\\' or ${alias}.prompt like ? escape '\\' or ` +
      `${alias}.activity like ? escape '\\')`,
  );
  return { sql, params: plan.likes.flatMap((p) => [p, p, p]) };
}

/**
 * The sessions scanned for a text filter of words under 3 characters: the 10,000 newest passing
 * the other filters (or, with `dims: false`, only the time range).
 */
function recentScan(c: Compiled, plan: TextPlan, options: { dims?: boolean }): Fragment {
  const inner = baseFilters(c, 'r', options);
  const likes = likeClause(plan, 'f');
  return {
    sql: [
      `s.id in (select f.rowid from (select r.id from sessions r` +
        `${inner.sql.length > 0 ? ` where ${inner.sql.join(' and ')}` : ''}` +
        ` order by r.sort_at desc, r.id desc limit ${RECENT_SCAN_LIMIT}) recent` +
        ` join search_docs f on f.rowid = recent.id where ${likes.sql.join(' and ')})`,
    ],
    params: [...inner.params, ...likes.params],
  };
}

interface Source {
  from: string;
  where: string[];
  params: unknown[];
}

/**
 * FROM and WHERE for the sessions (alias `s`) a query selects; with `dims: false` only its time
 * and text filters apply (for facet counts).
 */
function sourceOf(c: Compiled, options: { dims?: boolean } = {}): Source {
  const base = baseFilters(c, 's', { ...options, noDimIndexes: c.scansSortIndex });
  const plan = c.text;
  if (plan?.mode === 'index') {
    const likes = likeClause(plan, 'f');
    return {
      // The search drives the join: its matches come in id order and are looked up in the narrow
      // sessions_list_keys index instead of the wide table rows (three times faster).
      from: 'search_docs f cross join sessions s indexed by sessions_list_keys on s.id = f.rowid',
      where: ['search_docs match ?', ...likes.sql, ...base.sql],
      params: [plan.match, ...likes.params, ...base.params],
    };
  }
  const text = plan ? recentScan(c, plan, options) : { sql: [], params: [] };
  return { from: 'sessions s', where: [...base.sql, ...text.sql], params: [...base.params, ...text.params] };
}

function whereOf(conditions: readonly string[]): string {
  return conditions.length > 0 ? ` where ${conditions.join(' and ')}` : '';
}

interface Segment {
  /** `s.col is not null` / `s.col is null`, or nothing for a NOT NULL sort column. */
  condition: string | null;
  /** Whether rows in this segment are ordered by the sort column (else by id only). */
  isKeyed: boolean;
}

function segmentsOf(c: Compiled): Segment[] {
  if (!c.isNullable) return [{ condition: null, isKeyed: true }];
  return [
    { condition: `s.${c.column} is not null`, isKeyed: true },
    { condition: `s.${c.column} is null`, isKeyed: false },
  ];
}

function orderBy(c: Compiled, segment: Segment): string {
  const dir = c.isDesc ? 'desc' : 'asc';
  return segment.isKeyed ? `s.${c.column} ${dir}, s.id ${dir}` : `s.id ${dir}`;
}

/** Rows after `after` in `segment`'s order. */
function boundary(c: Compiled, segment: Segment, after: Boundary | null): Fragment {
  if (after === null) return { sql: [], params: [] };
  const op = c.isDesc ? '<' : '>';
  if (segment.isKeyed) return { sql: [`(s.${c.column}, s.id) ${op} (?, ?)`], params: [after.k, after.id] };
  return { sql: [`s.id ${op} ?`], params: [after.id] };
}

interface Boundary {
  k: number | null;
  id: number;
}

function selectIds(
  c: Compiled,
  segment: Segment,
  after: Boundary | null,
  columns: string,
): { sql: string; params: unknown[] } {
  const source = sourceOf(c);
  const bound = boundary(c, segment, after);
  const where = [...source.where, ...(segment.condition ? [segment.condition] : []), ...bound.sql];
  return {
    sql: `select ${columns} from ${source.from}${whereOf(where)} order by ${orderBy(c, segment)}`,
    params: [...source.params, ...bound.params],
  };
}

// ---------------------------------------------------------------------------------------------
// Open queries

interface OpenQuery {
  id: number;
  slot: number;
  compiled: Compiled;
  total: number;
  filled: number;
  segment: number;
  last: Boundary | null;
  isComplete: boolean;
  lastUsed: number;
}

interface Registry {
  nextId: number;
  tick: number;
  slots: (OpenQuery | null)[];
  created: Set<number>;
  plans: Map<string, boolean>;
}

const registries = new WeakMap<Db, Registry>();

function registryOf(db: Db): Registry {
  let registry = registries.get(db);
  if (!registry) {
    registry = {
      nextId: 1,
      tick: 0,
      slots: Array.from({ length: QUERY_SLOTS }, () => null),
      created: new Set(),
      plans: new Map(),
    };
    registries.set(db, registry);
  }
  return registry;
}

function tableOf(slot: number): string {
  return `temp.session_query_${slot}`;
}

function findQuery(db: Db, queryId: number): OpenQuery | null {
  const registry = registryOf(db);
  const query = registry.slots.find((q) => q?.id === queryId) ?? null;
  if (query) query.lastUsed = ++registry.tick;
  return query;
}

/** True when SQLite reads this SELECT in order off an index, with no sort step. */
function isIndexOrdered(db: Db, registry: Registry, sql: string, params: unknown[]): boolean {
  let known = registry.plans.get(sql);
  if (known === undefined) {
    const plan = db.prepare(`explain query plan ${sql}`).all(...params) as { detail: string }[];
    known = !plan.some((step) => step.detail.includes('TEMP B-TREE'));
    registry.plans.set(sql, known);
  }
  return known;
}

interface CubeRow {
  target_id: string;
  kind: string;
  status: string;
  trigger_type: string;
  has_errors: number;
  n: number;
}

function matchesDims(c: Compiled, row: CubeRow, without?: Dim): boolean {
  return (
    (without === 'targetIds' || c.targetIds === null || c.targetIds.includes(row.target_id)) &&
    (without === 'kinds' || c.kinds === null || c.kinds.includes(row.kind)) &&
    (without === 'statuses' || c.statuses === null || c.statuses.includes(row.status)) &&
    (without === 'triggerTypes' || c.triggerTypes === null || c.triggerTypes.includes(row.trigger_type)) &&
    (without === 'hasErrors' || c.hasErrors === null || (row.has_errors === 1) === c.hasErrors)
  );
}

/** Whether totals and facet counts for `c` come from the facet tables (it has no text filter). */
function isCubeQuery(c: Compiled): boolean {
  return c.text === null;
}

const DAY_MS = 86_400_000;
const CUBE_COLUMNS = 'target_id, kind, status, trigger_type, has_errors';

/** Adds signed cube rows up per combination; rows that sum to zero are dropped at the end. */
class CubeTally {
  private readonly rows = new Map<string, CubeRow>();

  add(rows: readonly CubeRow[], sign: 1 | -1): void {
    for (const row of rows) {
      const key = `${row.target_id}\u0000${row.kind}\u0000${row.status}\u0000${row.trigger_type}\u0000${row.has_errors}`;
      const known = this.rows.get(key);
      if (known) known.n += sign * row.n;
      else this.rows.set(key, { ...row, n: sign * row.n });
    }
  }

  result(): CubeRow[] {
    return [...this.rows.values()].filter((row) => row.n !== 0);
  }
}

/** Every session, per facet combination. */
function allCubeRows(db: Db): CubeRow[] {
  return prepared<CubeRow>(db, `select ${CUBE_COLUMNS}, n from session_facets where n > 0`).all();
}

/** Sessions of the UTC days [first, end), per facet combination. */
function dayCubeRows(db: Db, first: number, end: number): CubeRow[] {
  return prepared<CubeRow>(
    db,
    `select ${CUBE_COLUMNS}, sum(n) as n from session_facets_daily where day >= ? and day < ?
     group by ${CUBE_COLUMNS}`,
  ).all(first, end);
}

/** Sessions with `from <= sort_at < to`, counted one by one (for parts of a day). */
function sessionCubeRows(db: Db, from: number, to: number): CubeRow[] {
  return prepared<CubeRow>(
    db,
    `select target_id, kind, status, trigger_type, error_count > 0 as has_errors, count(*) as n
     from sessions where sort_at >= ? and sort_at < ? group by 1, 2, 3, 4, 5`,
  ).all(from, to);
}

/**
 * Sessions of the UTC days [first, end) (either end open), summed from `session_facets_daily`.
 * When the range covers most of the stored days, the days outside it are subtracted from the
 * all-time counts instead, so the sum never reads more than half the stored days.
 */
function addDays(db: Db, tally: CubeTally, first: number, end: number, sign: 1 | -1): void {
  const span = prepared<{ lo: number | null; hi: number | null }>(
    db,
    `select (select min(day) from session_facets_daily) as lo,
       (select max(day) from session_facets_daily) as hi`,
  ).get();
  if (span?.lo == null || span.hi == null) return;
  const from = Math.max(first, span.lo);
  const to = Math.min(end, span.hi + 1);
  if (to <= from) return;
  const inside = to - from;
  if (inside <= span.hi + 1 - span.lo - inside) {
    tally.add(dayCubeRows(db, from, to), sign);
    return;
  }
  const opposite = sign === 1 ? -1 : 1;
  tally.add(allCubeRows(db), sign);
  if (from > span.lo) tally.add(dayCubeRows(db, span.lo, from), opposite);
  if (to <= span.hi) tally.add(dayCubeRows(db, to, span.hi + 1), opposite);
}

/**
 * Sessions with `from <= sort_at < to` inside the one day `day`: counted directly when that is
 * at most half the day, else as the whole day minus the rest of it.
 */
function addPartialDay(db: Db, tally: CubeTally, day: number, from: number, to: number): void {
  if (to <= from) return;
  const dayStart = day * DAY_MS;
  const dayEnd = dayStart + DAY_MS;
  if (to - from <= DAY_MS / 2) {
    tally.add(sessionCubeRows(db, from, to), 1);
    return;
  }
  addDays(db, tally, day, day + 1, 1);
  if (from > dayStart) tally.add(sessionCubeRows(db, dayStart, from), -1);
  if (to < dayEnd) tally.add(sessionCubeRows(db, to, dayEnd), -1);
}

/**
 * Cube rows of the sessions passing a query's time range (all of them without one): the whole
 * UTC days inside the range from the daily facet table, its partial first and last days by
 * counting their sessions, so the cost depends on the number of days, not of sessions.
 */
function cubeRows(db: Db, c: Compiled): CubeRow[] {
  if (c.from === null && c.to === null) return allCubeRows(db);
  const tally = new CubeTally();
  const firstFull = c.from === null ? -Infinity : Math.ceil(c.from / DAY_MS);
  const endFull = c.to === null ? Infinity : Math.floor(c.to / DAY_MS);
  if (c.from !== null && c.to !== null && firstFull >= endFull) {
    // No whole day inside: the range lies within one day or spans two partial ones.
    tally.add(sessionCubeRows(db, c.from, c.to), 1);
    return tally.result();
  }
  addDays(db, tally, firstFull, endFull, 1);
  if (c.from !== null) addPartialDay(db, tally, firstFull - 1, c.from, firstFull * DAY_MS);
  if (c.to !== null) addPartialDay(db, tally, endFull, endFull * DAY_MS, c.to);
  return tally.result();
}

/** Cube rows of the sessions passing the non-facet filters (time range, text). */
function filteredCubeRows(db: Db, c: Compiled): CubeRow[] {
  if (isCubeQuery(c)) return cubeRows(db, c);
  const source = sourceOf(c, { dims: false });
  return prepared<CubeRow>(
    db,
    `select s.target_id, s.kind, s.status, s.trigger_type, s.error_count > 0 as has_errors, count(*) as n
     from ${source.from}${whereOf(source.where)}
     group by 1, 2, 3, 4, 5`,
  ).all(...source.params);
}

function runChunk(db: Db, query: OpenQuery, limit: number): number {
  const c = query.compiled;
  const segment = segmentsOf(c)[query.segment];
  if (!segment) return 0;
  const select = selectIds(c, segment, query.last, `s.id, s.${c.column}`);
  const table = tableOf(query.slot);
  const { changes } = prepared(db, `insert into ${table} (sid, k) ${select.sql} limit ?`).run(
    ...select.params,
    limit,
  );
  if (changes > 0) {
    query.filled += changes;
    const last = prepared<{ sid: number; k: number | null }>(
      db,
      `select sid, k from ${table} where rowid = ?`,
    ).get(query.filled);
    if (last) query.last = { k: last.k, id: last.sid };
  }
  return changes;
}

function nextSegment(query: OpenQuery): void {
  query.segment += 1;
  query.last = null;
  if (query.segment >= segmentsOf(query.compiled).length) query.isComplete = true;
}

/** Fills the query's table up to `target` rows (or to its end). */
function fillTo(db: Db, query: OpenQuery, target: number): void {
  while (!query.isComplete && query.filled < target) {
    const isFar = target > query.total / 2;
    const limit = isFar ? -1 : Math.max(target - query.filled, query.filled, FIRST_CHUNK);
    const inserted = runChunk(db, query, limit);
    if (limit === -1 || inserted < limit) nextSegment(query);
  }
}

function clearSlot(db: Db, registry: Registry, slot: number): void {
  const table = tableOf(slot);
  if (!registry.created.has(slot)) {
    db.exec(`create temp table if not exists session_query_${slot} (sid integer not null, k)`);
    registry.created.add(slot);
  }
  prepared(db, `delete from ${table}`).run();
}

/**
 * How a query is read: lazily, in order off an index (its total then comes from the facet
 * counts: `lazyTotal`), or by filling all its ids when it opens (`lazyTotal` null).
 */
function planOpen(
  db: Db,
  registry: Registry,
  compiled: Compiled,
): { compiled: Compiled; lazyTotal: number | null } {
  // A time range is read lazily only in time order, where the index seeks straight into it; in
  // another order the index scan would skip the sessions outside the range one by one.
  const hasRange = compiled.from !== null || compiled.to !== null;
  const isLazy = (c: Compiled) =>
    (!hasRange || c.column === 'sort_at') &&
    segmentsOf(c).every((segment) => {
      const first = selectIds(c, segment, null, 's.id');
      const next = selectIds(c, segment, { k: 0, id: 0 }, 's.id');
      return (
        isIndexOrdered(db, registry, first.sql, first.params) &&
        isIndexOrdered(db, registry, next.sql, next.params)
      );
    });
  if (!isCubeQuery(compiled)) return { compiled, lazyTotal: null };
  const rows = cubeRows(db, compiled);
  const sessions = rows.reduce((sum, row) => sum + row.n, 0);
  const total = rows.reduce((sum, row) => (matchesDims(compiled, row) ? sum + row.n : sum), 0);
  if (isLazy(compiled)) return { compiled, lazyTotal: total };
  // Read off the sort index, each match costs about sessions / total rows skipped: worth it
  // unless the matches are rare.
  const scanning = { ...compiled, scansSortIndex: true };
  if (total >= sessions * MIN_SCAN_SHARE && isLazy(scanning)) return { compiled: scanning, lazyTotal: total };
  return { compiled, lazyTotal: null };
}

/**
 * Opens a session list query: applies filters and order, and returns a handle for windows with
 * the number of matching sessions. The ids are snapshotted into a per-connection table, so
 * windows stay consistent while the data changes; reopen on `db:changed` to see new rows
 * (reopening a lazily filled query costs about as much as its first window). At most 4 queries
 * stay open per connection; opening a fifth evicts the least recently used.
 *
 * Text filters: whitespace-separated words, all required, matched as case-insensitive
 * substrings; words under 3 characters are checked on the sessions the longer words found, or,
 * when there is no longer word, on the 10,000 most recent sessions matching the other filters
 * (`textMode: 'recent-scan'`).
 */
export function openSessionQuery(db: Db, query: SessionQuery): SessionQueryInfo {
  const registry = registryOf(db);
  const { compiled, lazyTotal } = planOpen(db, registry, compile(query));
  let slot = registry.slots.findIndex((q) => q === null);
  if (slot === -1) {
    slot = 0;
    registry.slots.forEach((q, i) => {
      const current = registry.slots[slot];
      if (q && current && q.lastUsed < current.lastUsed) slot = i;
    });
  }
  registry.slots[slot] = null;
  clearSlot(db, registry, slot);
  const open: OpenQuery = {
    id: registry.nextId++,
    slot,
    compiled,
    total: lazyTotal ?? 0,
    filled: 0,
    segment: 0,
    last: null,
    isComplete: false,
    lastUsed: ++registry.tick,
  };
  if (lazyTotal === null) {
    db.transaction(() => {
      for (const segment of segmentsOf(compiled)) {
        const select = selectIds(compiled, segment, null, `s.id, s.${compiled.column}`);
        open.filled += prepared(db, `insert into ${tableOf(slot)} (sid, k) ${select.sql}`).run(
          ...select.params,
        ).changes;
      }
    })();
    open.isComplete = true;
    open.total = open.filled;
  }
  registry.slots[slot] = open;
  return {
    queryId: open.id,
    total: open.total,
    textMode: compiled.text?.mode ?? 'none',
    scanLimit: compiled.text?.mode === 'recent-scan' ? RECENT_SCAN_LIMIT : null,
  };
}

/**
 * Materialises up to `maxRows` more rows of a lazily filled query, e.g. from an idle callback
 * so a later jump deep into the list is instant. Returns true once the query is complete (or
 * false for an unknown query id… which also means there is nothing left to do).
 */
export function fillSessionQuery(db: Db, queryId: number, maxRows = 100_000): boolean {
  const query = findQuery(db, queryId);
  if (!query) return false;
  if (!query.isComplete) {
    const inserted = runChunk(db, query, maxRows);
    if (inserted < maxRows) nextSegment(query);
  }
  return query.isComplete;
}

/** Forgets an open query and frees its rows. Unknown ids are ignored. */
export function closeSessionQuery(db: Db, queryId: number): void {
  const registry = registryOf(db);
  const slot = registry.slots.findIndex((q) => q?.id === queryId);
  if (slot === -1) return;
  registry.slots[slot] = null;
  prepared(db, `delete from ${tableOf(slot)}`).run();
}

const MAX_WINDOW = 1000;

/**
 * Rows `start` … `start + count - 1` (0-based, at most 1,000) of an open query, in its order.
 * Rows deleted since the query was opened are left out (positions stay as opened). Null when
 * the query is unknown or was evicted: open it again.
 */
export function sessionWindow(
  db: Db,
  queryId: number,
  start: number,
  count: number,
): SessionListRow[] | null {
  const query = findQuery(db, queryId);
  if (!query) return null;
  const from = Math.max(0, Math.floor(start));
  const to = Math.min(
    from + Math.max(0, Math.min(Math.floor(count), MAX_WINDOW)),
    Math.max(query.total, query.filled),
  );
  if (to <= from) return [];
  fillTo(db, query, to);
  const rows = prepared<SessionRow & { position: number }>(
    db,
    `select q.rowid - 1 as position, ${SESSION_COLUMNS}
     from ${tableOf(query.slot)} q join sessions s on s.id = q.sid ${SESSION_PARENT_JOIN}
     where q.rowid between ? and ? order by q.rowid`,
  ).all(from + 1, to);
  const snippets = snippetsFor(db, query, from, to);
  return rows.map((row) => ({
    position: row.position,
    session: toSession(row),
    snippet: snippets?.get(row.id) ?? (snippets ? [] : null),
  }));
}

// ---------------------------------------------------------------------------------------------
// Snippets

const SNIPPET_CONTEXT = 40;

function escapeRegExp(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A snippet of `text` around the first case-insensitive occurrence of any of `words`, with
 * every occurrence inside it marked; null when none occurs.
 */
export function highlightWords(text: string, words: readonly string[]): HighlightedText | null {
  if (words.length === 0) return null;
  const pattern = new RegExp(
    [...words]
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join('|'),
    'giu',
  );
  const first = pattern.exec(text);
  if (!first) return null;
  const start = Math.max(0, first.index - SNIPPET_CONTEXT);
  const end = Math.min(text.length, first.index + first[0].length + SNIPPET_CONTEXT * 2);
  const excerpt = text.slice(start, end).replace(/\s+/g, ' ');
  const segments: HighlightedText = [];
  if (start > 0) segments.push({ text: '…', isMatch: false });
  let at = 0;
  // matchAll starts from lastIndex, which exec() above moved past the first match.
  pattern.lastIndex = 0;
  for (const match of excerpt.matchAll(pattern)) {
    if (match.index > at) segments.push({ text: excerpt.slice(at, match.index), isMatch: false });
    segments.push({ text: match[0], isMatch: true });
    at = match.index + match[0].length;
  }
  if (at < excerpt.length) segments.push({ text: excerpt.slice(at), isMatch: false });
  if (end < text.length) segments.push({ text: '…', isMatch: false });
  return segments;
}

/*
 * Highlights are computed here rather than with FTS5 snippet(): snippet() re-tokenizes every
 * matching column of every row, about 0.35 ms per row with the trigram tokenizer (35 ms for a
 * 100-row window), while a regular expression over the stored document takes microseconds and
 * matches the same way (case-insensitive substrings).
 */
function snippetsFor(
  db: Db,
  query: OpenQuery,
  from: number,
  to: number,
): Map<number, HighlightedText> | null {
  const plan = query.compiled.text;
  if (plan === null) return null;
  const result = new Map<number, HighlightedText>();
  const rows = prepared<{ id: number; title: string; prompt: string }>(
    db,
    `select q.sid as id, f.title, f.prompt
     from ${tableOf(query.slot)} q join search_docs f on f.rowid = q.sid where q.rowid between ? and ?`,
  ).all(from + 1, to);
  const activity = prepared<{ activity: string }>(db, 'select activity from search_docs where rowid = ?');
  for (const row of rows) {
    const snippet =
      highlightWords(row.title, plan.words) ??
      highlightWords(row.prompt, plan.words) ??
      highlightWords(activity.get(row.id)?.activity ?? '', plan.words);
    if (snippet) result.set(row.id, snippet);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Seek, count, facets

/**
 * Up to `limit` sessions of a query after `after` (from the top when null), in the query's
 * order, by keyset seek: the cost depends on `limit`, not on how far the cursor is. `next`
 * continues the list; null at its end. Text filters work as in `openSessionQuery` (and may
 * need a sort of all matches). For a list that jumps anywhere, use `openSessionQuery`.
 */
export function listSessions(
  db: Db,
  query: SessionQuery,
  options: { after?: SessionCursor | null; limit?: number } = {},
): { sessions: Session[]; next: SessionCursor | null } {
  const c = compile(query);
  const limit = Math.max(0, Math.min(options.limit ?? 100, MAX_WINDOW));
  const segments = segmentsOf(c);
  let segmentIndex = 0;
  let after: Boundary | null = null;
  if (options.after) {
    const id = toRowId(options.after.id) ?? 0;
    after = { k: options.after.value, id };
    if (c.isNullable && options.after.value === null) segmentIndex = 1;
  }
  const sessions: Session[] = [];
  let last: Boundary | null = null;
  for (; segmentIndex < segments.length && sessions.length < limit; segmentIndex++) {
    const segment = segments[segmentIndex];
    if (!segment) break;
    const select = selectIds(c, segment, after, `s.id as sid, s.${c.column} as k`);
    const rows = prepared<SessionRow & { k: number | null }>(
      db,
      `select page.k, ${SESSION_COLUMNS}
       from (${select.sql} limit ?) page join sessions s on s.id = page.sid ${SESSION_PARENT_JOIN}
       order by ${orderBy(c, segment)}`,
    ).all(...select.params, limit - sessions.length);
    for (const row of rows) {
      sessions.push(toSession(row));
      last = { k: row.k, id: row.id };
    }
    after = null;
  }
  return {
    sessions,
    next: sessions.length === limit && last ? { value: last.k, id: String(last.id) } : null,
  };
}

/** How many sessions match a query (ignoring its order). */
export function countSessions(db: Db, query: SessionQuery): number {
  const c = compile(query);
  if (isCubeQuery(c))
    return cubeRows(db, c).reduce((sum, row) => (matchesDims(c, row) ? sum + row.n : sum), 0);
  const source = sourceOf(c);
  const row = prepared<{ n: number }>(
    db,
    `select count(*) as n from ${source.from}${whereOf(source.where)}`,
  ).get(...source.params);
  return row?.n ?? 0;
}

function facet(values: readonly string[], counts: Map<string, number>): FacetCount[] {
  const all = [...new Set([...values, ...counts.keys()])];
  return all.map((value) => ({ value, count: counts.get(value) ?? 0 }));
}

/**
 * Counts per kind, status, trigger type, target and errors for a query, each counted with the
 * query's other filters (see `SessionFacets`). Without a text filter this sums the facet tables
 * that triggers keep current (per UTC day for a time range, counting only the sessions of its
 * partial first and last days), so it costs about the same at any size; with one, it groups
 * the sessions passing the filters.
 */
export function sessionFacets(db: Db, query: SessionQuery): SessionFacets {
  const c = compile(query);
  const rows = filteredCubeRows(db, c);
  const tally = (dim: Dim, key: (row: CubeRow) => string): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const row of rows) {
      if (matchesDims(c, row, dim)) counts.set(key(row), (counts.get(key(row)) ?? 0) + row.n);
    }
    return counts;
  };
  const targetIds = prepared<{ id: string }>(db, 'select id from targets order by id')
    .all()
    .map((t) => t.id);
  return {
    total: rows.reduce((sum, row) => (matchesDims(c, row) ? sum + row.n : sum), 0),
    kinds: facet(
      ['agent', 'team', 'workflow'],
      tally('kinds', (r) => r.kind),
    ),
    statuses: facet(
      SESSION_STATUSES,
      tally('statuses', (r) => r.status),
    ),
    triggerTypes: facet(
      TRIGGER_TYPES,
      tally('triggerTypes', (r) => r.trigger_type),
    ),
    targets: facet(
      targetIds,
      tally('targetIds', (r) => r.target_id),
    ),
    errors: facet(
      ['with-errors', 'without-errors'],
      tally('hasErrors', (r) => (r.has_errors === 1 ? 'with-errors' : 'without-errors')),
    ),
  };
}

/**
 * SQLite's plan for reading a query's rows in order (each step's detail line), for tests and
 * diagnostics: a default-order list must show an index scan and no `USE TEMP B-TREE`.
 */
export function explainSessionQuery(db: Db, query: SessionQuery): string[] {
  const c = planOpen(db, registryOf(db), compile(query)).compiled;
  return segmentsOf(c).flatMap((segment) => {
    const select = selectIds(c, segment, null, 's.id');
    return (db.prepare(`explain query plan ${select.sql}`).all(...select.params) as { detail: string }[]).map(
      (step) => step.detail,
    );
  });
}
