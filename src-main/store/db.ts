import Database from 'better-sqlite3';
import { BarwiseError } from '../../src-shared/errors';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';
import type { Migration } from './migrations/migration';

export type Db = Database.Database;

/** Bytes per page of a new database file. */
export const PAGE_SIZE = 65_536;

export interface OpenOptions {
  /** Path to a better_sqlite3.node built for this runtime's ABI (the Electron app passes one). */
  readonly nativeBinding?: string;
  readonly readonly?: boolean;
  /** For tests of migrations: the list to apply instead of the shipped one. */
  readonly migrations?: readonly Migration[];
}

/**
 * Opens (creating if needed) the one database file and brings its schema up to date.
 * Main holds the only writable handle: every write in Barwise goes through it.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  let db: Db;
  try {
    db = new Database(file, { nativeBinding: options.nativeBinding, readonly: options.readonly ?? false });
  } catch (error) {
    throw unreadable(file, error);
  }
  try {
    // Bars and run series are stored as large column blobs: 64 KiB pages write them ~4× and read
    // them ~3× faster than the 4 KiB default (measured here: 48 MB of blobs, 270 ms → 70 ms).
    // The page size can only be chosen before the file has any content.
    if (!options.readonly && (db.pragma('page_count', { simple: true }) as number) === 0) db.pragma(`page_size = ${PAGE_SIZE}`);
    db.pragma('journal_mode = WAL');
    // FULL: a commit is on disk before it is acknowledged, so no reported result is lost to a power cut.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, options.migrations ?? MIGRATIONS);
    return db;
  } catch (error) {
    db.close();
    throw unreadable(file, error);
  }
}

/**
 * SQLite's refusal to open a file (not a database, a directory, damaged, no permission) as
 * DATABASE_UNREADABLE naming the file; Barwise's own refusals (a newer schema, a failed
 * migration) keep their codes.
 */
function unreadable(file: string, error: unknown): unknown {
  if (error instanceof BarwiseError || !(error instanceof Database.SqliteError)) return error;
  return new BarwiseError('DATABASE_UNREADABLE', `cannot open the database ${file}: ${error.message}`);
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies every pending migration in one transaction, or none of them. An up-to-date database is
 * only read, so a second process starting beside a running one takes no write lock for this.
 */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): void {
  refuseNewer(db, migrations);
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  if (schemaVersion(db) < latest) applyPending(db, migrations);
}

function refuseNewer(db: Db, migrations: readonly Migration[]): void {
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  const current = schemaVersion(db);
  if (current > latest) {
    throw new BarwiseError(
      'DATABASE_TOO_NEW',
      `This database has schema version ${current}, newer than this Barwise understands (${latest}). ` +
        'Update Barwise to open it; it was left untouched.',
    );
  }
}

/**
 * The version is read again under the write lock: two processes starting on a new data dir at
 * once both see it out of date, and the second must find the first one's work done rather than
 * create the same tables again.
 */
function applyPending(db: Db, migrations: readonly Migration[] = MIGRATIONS): void {
  const apply = db.transaction(() => {
    refuseNewer(db, migrations);
    const current = schemaVersion(db);
    for (const m of migrations.filter((pending) => pending.version > current)) {
      try {
        m.up(db);
      } catch (error) {
        throw new BarwiseError(
          'DATABASE_MIGRATION_FAILED',
          `Migration ${m.version} (${m.name}) failed: ${(error as Error).message}`,
        );
      }
      db.pragma(`user_version = ${m.version}`);
    }
  });
  apply.immediate();
}

export { SCHEMA_VERSION };
