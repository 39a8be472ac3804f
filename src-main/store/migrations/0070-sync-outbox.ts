import type { Migration } from './migration';

/**
 * The team sync's local half (docs/team.md). `sync_outbox` gets one row per change to a synced
 * record, written by triggers in the same transaction as the change itself, so no code path can
 * change a record without it (and a failed transaction leaves neither). Its `seq` is the change's
 * version on the server: later changes win, replays change nothing. `sent_at` is set only after
 * the team server has committed the change. Runs that exist before this version are queued once.
 *
 * Runs pulled from teammates live in `runs` too, so they open, compare and export like one's own;
 * `origin_device` (null for this machine's runs), `origin_user` and `origin_host` say whose they
 * are and make them read-only, and the triggers skip them (they are not this machine's to push).
 * `sync_state` holds the device id, the pull cursors and the team settings (never a password).
 */
export const m0070SyncOutbox: Migration = {
  version: 70,
  name: 'sync-outbox',
  up(db) {
    db.exec(`
      ALTER TABLE runs ADD COLUMN origin_device TEXT;
      ALTER TABLE runs ADD COLUMN origin_user TEXT;
      ALTER TABLE runs ADD COLUMN origin_host TEXT;
      ALTER TABLE runs ADD COLUMN origin_version INTEGER;

      CREATE TABLE sync_outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        record_id TEXT NOT NULL,
        op TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
        created_at INTEGER NOT NULL,
        sent_at INTEGER
      ) STRICT;
      -- The push loop reads unsent rows in order; the status reads their count and oldest.
      CREATE INDEX sync_outbox_unsent ON sync_outbox (seq) WHERE sent_at IS NULL;

      CREATE TABLE sync_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      CREATE TRIGGER runs_outbox_insert AFTER INSERT ON runs WHEN NEW.origin_device IS NULL
      BEGIN
        INSERT INTO sync_outbox (kind, record_id, op, created_at)
        VALUES ('run', NEW.id, 'upsert', CAST(unixepoch('subsec') * 1000 AS INTEGER));
      END;
      CREATE TRIGGER runs_outbox_update AFTER UPDATE ON runs WHEN NEW.origin_device IS NULL
      BEGIN
        INSERT INTO sync_outbox (kind, record_id, op, created_at)
        VALUES ('run', NEW.id, 'upsert', CAST(unixepoch('subsec') * 1000 AS INTEGER));
      END;
      CREATE TRIGGER runs_outbox_delete AFTER DELETE ON runs WHEN OLD.origin_device IS NULL
      BEGIN
        INSERT INTO sync_outbox (kind, record_id, op, created_at)
        VALUES ('run', OLD.id, 'delete', CAST(unixepoch('subsec') * 1000 AS INTEGER));
      END;

      INSERT INTO sync_outbox (kind, record_id, op, created_at)
      SELECT 'run', id, 'upsert', updated_at FROM runs ORDER BY created_at, id;
    `);
  },
};
