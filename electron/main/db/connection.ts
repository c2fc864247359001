import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type Db = Database.Database;

export const DATABASE_FILE_NAME = 'tracedeck.sqlite';

/**
 * Opens (creating if needed) a Tracedeck database file with the pragmas every process uses:
 * WAL so the app, the web bridge and a CLI can read while one writes, a busy timeout so a
 * second writer waits instead of failing, enforced foreign keys, and in-memory temp tables with
 * a 128 MB page cache for list queries.
 */
export function openDatabase(path: string, options: { readonly?: boolean } = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { readonly: options.readonly ?? false });
  db.pragma('busy_timeout = 5000');
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
  }
  db.pragma('foreign_keys = ON');
  // Open session-list queries keep their ordered ids in temp tables (db/session-list-repo.ts);
  // the bundled SQLite would put those in temp files.
  db.pragma('temp_store = MEMORY');
  // 128 MB (default 16 MB): enough to keep the sessions_list_keys index (about 100 MB at a
  // million sessions) that text searches look their matches up in.
  db.pragma('cache_size = -131072');
  return db;
}

export function sqliteVersion(db: Db): string {
  return (db.prepare('select sqlite_version() as v').get() as { v: string }).v;
}
