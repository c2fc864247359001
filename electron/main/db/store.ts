import type { Db } from './connection';

/**
 * What repository write functions take: the connection plus the hook they call once a write
 * has committed, naming the tables it touched. The core turns that into `db:changed` events so
 * the renderer refetches exactly what a write made stale.
 */
export interface Store {
  db: Db;
  notifyChanged(tables: readonly string[]): void;
}

const collecting = new WeakMap<Store, Set<string>>();
interface Deferred {
  run: () => void;
  discard: () => void;
}

const beforeCommit = new WeakMap<Db, Map<string, Deferred>>();

/**
 * Runs `fn` in one transaction; if `fn` throws, everything is rolled back and the error
 * rethrown. Repository writes made inside it join that transaction and their change
 * notifications are held until it commits, then sent once. Use it to combine writes, e.g.
 * upserting a page of sessions and advancing the sync cursor atomically.
 *
 * Inside an already open transaction `fn` simply runs as part of it, without a savepoint:
 * FTS5 flushes its pending index to a new segment at every savepoint, which made nested
 * repository writes ten times slower. So an error thrown by a nested write must be left to
 * abort the outer transaction, not caught and ignored.
 */
export function transact<T>(store: Store, fn: () => T): T {
  const { db } = store;
  if (db.inTransaction) return fn();
  const tables = new Set<string>();
  const hooks = new Map<string, Deferred>();
  collecting.set(store, tables);
  beforeCommit.set(db, hooks);
  let result: T;
  let isCommitted = false;
  try {
    result = db.transaction(() => {
      const value = fn();
      for (const hook of hooks.values()) hook.run();
      return value;
    })();
    isCommitted = true;
  } finally {
    collecting.delete(store);
    beforeCommit.delete(db);
    if (!isCommitted) for (const hook of hooks.values()) hook.discard();
  }
  if (tables.size > 0) store.notifyChanged([...tables]);
  return result;
}

/**
 * Inside `transact`, runs `run` once just before the outermost transaction commits (a second
 * call with the same `key` is ignored), or `discard` if the transaction fails, and returns
 * true. Outside, returns false and the caller does the work itself. Used to batch writes whose
 * cost depends on not being interleaved with others (FTS5, see `search-docs.ts`).
 */
export function deferUntilCommit(db: Db, key: string, run: () => void, discard: () => void): boolean {
  const hooks = beforeCommit.get(db);
  if (!hooks) return false;
  if (!hooks.has(key)) hooks.set(key, { run, discard });
  return true;
}

/**
 * Records that the current write touched `tables`. Inside `transact` the notification waits
 * for the commit; outside it is sent at once, so call it only after the write is durable.
 */
export function markChanged(store: Store, tables: readonly string[]): void {
  const pending = collecting.get(store);
  if (pending) for (const table of tables) pending.add(table);
  else if (tables.length > 0) store.notifyChanged(tables);
}
