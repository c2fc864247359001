import { copyFileSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type { Db } from './connection';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Thrown when the database cannot be used by this build; the message is meant for the user. */
export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

const FILE_PATTERN = /(?:^|\/)(\d{4})_([a-z0-9_]+)\.sql$/;

/**
 * The migrations bundled into this build. Vite inlines the SQL files at build time, so the
 * packaged app needs no runtime paths.
 */
export function bundledMigrations(): Migration[] {
  const files = import.meta.glob<string>('./migrations/*.sql', {
    query: '?raw',
    import: 'default',
    eager: true,
  });
  return parseMigrationFiles(files);
}

/** Turns `{ 'path/0001_name.sql': sql }` into an ordered, gap-free migration list. */
export function parseMigrationFiles(files: Record<string, string>): Migration[] {
  const migrations = Object.entries(files).map(([path, sql]) => {
    const match = FILE_PATTERN.exec(path);
    if (!match) throw new MigrationError(`Migration file name not understood: ${path}`);
    return { version: Number(match[1]), name: match[2] ?? '', sql };
  });
  migrations.sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new MigrationError(`Migration ${i + 1} is missing`);
  });
  return migrations;
}

export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql).digest('hex');
}

interface AppliedRow {
  version: number;
  name: string;
  checksum: string;
}

/** The highest applied migration version, 0 for a new database. */
export function schemaVersion(db: Db): number {
  ensureMigrationsTable(db);
  const row = db.prepare('select max(version) as v from schema_migrations').get() as {
    v: number | null;
  };
  return row.v ?? 0;
}

function ensureMigrationsTable(db: Db): void {
  db.exec(`create table if not exists schema_migrations (
    version integer primary key,
    name text not null,
    checksum text not null,
    applied_at integer not null
  )`);
}

export interface MigrateResult {
  from: number;
  to: number;
  /** The copy of the database taken before upgrading, when there was anything to upgrade. */
  backupPath: string | null;
}

/**
 * Brings the database to the latest bundled migration. Applied migrations must be an exact
 * prefix of the bundled list (same versions and checksums), otherwise it refuses: an edited
 * migration or a database from a newer Tracedeck would otherwise be silently corrupted.
 * A file database is copied to `<file>.bak-<version>` before any pending migration runs.
 * Each migration runs in its own transaction; a failing one stops the upgrade.
 */
export function migrate(
  db: Db,
  migrations: Migration[] = bundledMigrations(),
  now: () => number = Date.now,
): MigrateResult {
  ensureMigrationsTable(db);
  const applied = db
    .prepare('select version, name, checksum from schema_migrations order by version')
    .all() as AppliedRow[];
  const latest = migrations.at(-1)?.version ?? 0;
  for (const row of applied) {
    const known = migrations[row.version - 1];
    if (!known) {
      throw new MigrationError(
        `This database was upgraded by a newer Tracedeck (schema ${applied.at(-1)?.version}, ` +
          `this app knows up to ${latest}). Update Tracedeck, or point TRACEDECK_DATA_DIR elsewhere.`,
      );
    }
    if (checksumOf(known.sql) !== row.checksum) {
      throw new MigrationError(
        `Migration ${String(row.version).padStart(4, '0')}_${row.name} was changed after it was ` +
          'applied to this database. Applied migrations must never be edited; add a new one instead.',
      );
    }
  }
  const from = applied.at(-1)?.version ?? 0;
  const pending = migrations.slice(from);
  if (pending.length === 0) return { from, to: from, backupPath: null };

  const backupPath = from > 0 ? backUp(db, from) : null;
  const record = db.prepare(
    'insert into schema_migrations (version, name, checksum, applied_at) values (?, ?, ?, ?)',
  );
  for (const m of pending) {
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, checksumOf(m.sql), now());
    })();
  }
  return { from, to: latest, backupPath };
}

function backUp(db: Db, version: number): string | null {
  if (db.memory || !existsSync(db.name)) return null;
  db.pragma('wal_checkpoint(TRUNCATE)');
  const backupPath = `${db.name}.bak-${version}`;
  copyFileSync(db.name, backupPath);
  return backupPath;
}
