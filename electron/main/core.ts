import { userInfo } from 'node:os';
import { join } from 'node:path';
import { ControlService } from './control/control-service';
import { openDatabase, DATABASE_FILE_NAME, type Db } from './db/connection';
import { migrate, type Migration } from './db/migrate';
import type { Store } from './db/store';
import { EventBus } from './lib/event-bus';
import { openWithDesktop, type OpenPath } from './lib/open-path';
import { createFileKeyCipher, createSecretStore, type SecretCipher, type SecretStore } from './lib/secrets';
import { SessionFetchPool } from './sync/fetch-pool';
import { createHttpClient, type HttpClient } from './sync/http';
import type { RetryPolicy } from './sync/retry';
import { SyncService } from './sync/sync-service';

export type Transport = 'electron' | 'web';

export interface CoreOptions {
  dataDir: string;
  appVersion: string;
  transport: Transport;
  /** Overrides the bundled migrations (tests of the upgrade path). */
  migrations?: Migration[];
  now?: () => number;
  /** How credentials are sealed: Electron's safeStorage in the app, a key file otherwise. */
  secretCipher?: SecretCipher;
  /** Schedules syncs and live refreshes; off in tests, which sync on demand. */
  autoSync?: boolean;
  syncIntervalMs?: number;
  retry?: RetryPolicy;
  /**
   * A client of the caller's for every request, on this thread. Without it session details are
   * fetched by `fetchWorkers` worker threads, each with `createHttpClient({ timeoutMs })`.
   */
  http?: HttpClient;
  httpTimeoutMs?: number;
  /** Worker threads fetching and mapping session details; 0 keeps it on this thread. Default 2. */
  fetchWorkers?: number;
  /** The built fetch worker (`out/main/fetch-worker.js`); source runs load `fetch-worker.ts` without it. */
  fetchWorkerPath?: string;
  /** Who control entries name; the OS user by default. */
  actor?: string;
  controlConfirmTimeoutMs?: number;
  controlPollIntervalMs?: number;
  /** Opens a file with the OS's default app: Electron's shell in the app, a spawned opener otherwise. */
  openPath?: OpenPath;
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
  secrets: SecretStore;
  http: HttpClient;
  sync: SyncService;
  control: ControlService;
  openPath: OpenPath;
}

export interface Core {
  deps: CoreDeps;
  /** Stops syncing (canceling runs in flight) and closes the database. */
  close(): Promise<void>;
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
  const now = options.now ?? Date.now;
  const secrets = createSecretStore(
    options.dataDir,
    options.secretCipher ?? createFileKeyCipher(options.dataDir),
  );
  const http = options.http ?? createHttpClient({ timeoutMs: options.httpTimeoutMs });
  const fetchWorkers = options.http ? 0 : (options.fetchWorkers ?? 2);
  const sync = new SyncService({
    store,
    secrets,
    http,
    fetchPool:
      fetchWorkers > 0
        ? new SessionFetchPool({
            size: fetchWorkers,
            entry: options.fetchWorkerPath,
            timeoutMs: options.httpTimeoutMs,
          })
        : null,
    events,
    now,
    retry: options.retry,
    intervalMs: options.autoSync ? options.syncIntervalMs : 0,
    liveIntervalMs: options.autoSync ? undefined : 0,
  });
  const control = new ControlService({
    store,
    sync,
    now,
    actor: options.actor ?? safeUserName(),
    confirmTimeoutMs: options.controlConfirmTimeoutMs,
    pollIntervalMs: options.controlPollIntervalMs,
  });
  const deps: CoreDeps = {
    db,
    store,
    dataDir: options.dataDir,
    databasePath,
    appVersion: options.appVersion,
    transport: options.transport,
    events,
    now,
    secrets,
    http,
    sync,
    control,
    openPath: options.openPath ?? openWithDesktop,
  };
  if (options.autoSync) sync.start();
  let closing: Promise<void> | null = null;
  return {
    deps,
    close() {
      control.stop();
      closing ??= Promise.all([sync.stop(), control.settled()])
        .then(() => undefined)
        .finally(() => db.close());
      return closing;
    },
  };
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'you';
  }
}
