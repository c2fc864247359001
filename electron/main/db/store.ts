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
