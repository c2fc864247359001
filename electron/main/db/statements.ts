import type { Statement } from 'better-sqlite3';
import type { Db } from './connection';

const caches = new WeakMap<Db, Map<string, Statement<unknown[], unknown>>>();
const MAX_CACHED = 1000;

/**
 * The prepared statement for `source` on `db`, compiled once per connection. Statements built
 * from a query's shape (the list filters) are cached too; the cache is cleared if it ever
 * grows past a bound, which only unusual inputs (huge id lists) could cause.
 */
export function prepared<R = unknown>(db: Db, source: string): Statement<unknown[], R> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let statement = cache.get(source);
  if (!statement) {
    if (cache.size >= MAX_CACHED) cache.clear();
    statement = db.prepare(source);
    cache.set(source, statement);
  }
  return statement as Statement<unknown[], R>;
}

/** `?, ?, ?` for `count` parameters. */
export function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}

/**
 * The INTEGER key behind a local id string, or null when `id` cannot be one (so lookups of a
 * malformed id find nothing instead of matching a coerced value).
 */
export function toRowId(id: string): number | null {
  if (!/^[1-9]\d{0,15}$/.test(id)) return null;
  const value = Number(id);
  return Number.isSafeInteger(value) ? value : null;
}

/** SQLite INTEGER columns take whole numbers; sources sometimes send fractional ms. */
export function toInt(value: number | null | undefined): number | null {
  return value === null || value === undefined || !Number.isFinite(value) ? null : Math.round(value);
}
