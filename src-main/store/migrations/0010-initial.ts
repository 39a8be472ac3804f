import type { Migration } from './migration';

/**
 * Conventions for every user-data table (the later Postgres sync relies on them): a UUIDv7 `id`
 * primary key, `created_at` and `updated_at` in epoch ms, STRICT typing.
 */
export const m0010Initial: Migration = {
  version: 10,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
