import type { AppSettings } from '../../src-shared/api/settings';
import type { Db } from '../store/db';

const DEFAULTS: AppSettings = { threads: null };

/** Settings as one JSON value per key in the `settings` table; unknown or broken values fall back to defaults. */
export function readSettings(db: Db): AppSettings {
  const rows = db.prepare('SELECT key, value FROM settings').all() as Array<{ key: string; value: string }>;
  const stored: Record<string, unknown> = {};
  for (const row of rows) {
    try {
      stored[row.key] = JSON.parse(row.value);
    } catch {
      // A value we cannot read is treated as unset rather than blocking start-up.
    }
  }
  const threads = stored.threads;
  return {
    threads: typeof threads === 'number' && Number.isInteger(threads) && threads >= 1 ? threads : DEFAULTS.threads,
  };
}

export function writeSettings(db: Db, patch: Partial<AppSettings>, now = Date.now()): AppSettings {
  const upsert = db.prepare(
    `INSERT INTO settings (key, value, created_at, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  db.transaction(() => {
    for (const [key, value] of Object.entries(patch)) {
      if (value !== undefined) upsert.run(key, JSON.stringify(value), now, now);
    }
  })();
  return readSettings(db);
}
