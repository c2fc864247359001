import { join } from 'node:path';
import { openDatabase, DATABASE_FILE_NAME, type Db } from './db/connection';
import { migrate, type Migration } from './db/migrate';
import type { Store } from './db/store';
import { EventBus } from './lib/event-bus';

export type Transport = 'electron' | 'web';

export interface CoreOptions {
  dataDir: string;
  appVersion: string;
  transport: Transport;
  /** Overrides the bundled migrations (tests of the upgrade path). */
  migrations?: Migration[];
  now?: () => number;
}

/** Everything a handler may use. Built once per process by `createCore`. */
export interface CoreDeps {
  db: Db;
  /** The connection with its change hook, for repository writes. */
  store: Store;
  dataDir: string;
  databasePath: string;
  appVersion: string;
  transport: Transport;
  events: EventBus;
  now: () => number;
}

export interface Core {
  deps: CoreDeps;
  close(): void;
}

/**
 * Builds the main-process core without Electron: the same object backs the desktop app's IPC
 * and the web bridge. Throws `MigrationError` when the database cannot be used by this build.
 */
export function createCore(options: CoreOptions): Core {
  const databasePath = join(options.dataDir, DATABASE_FILE_NAME);
  const db = openDatabase(databasePath);
  try {
    migrate(db, options.migrations, options.now);
  } catch (error) {
    db.close();
    throw error;
  }
  const events = new EventBus();
  const store: Store = {
    db,
    notifyChanged: (tables) => events.emit('db:changed', { tables: [...new Set(tables)] }),
  };
  const deps: CoreDeps = {
    db,
    store,
    dataDir: options.dataDir,
    databasePath,
    appVersion: options.appVersion,
    transport: options.transport,
    events,
    now: options.now ?? Date.now,
  };
  let isClosed = false;
  return {
    deps,
    close() {
      if (isClosed) return;
      isClosed = true;
      db.close();
    },
  };
}
