import {
  DEFAULT_STRATEGY_TIME_LIMIT_SECONDS,
  MAX_STRATEGY_TIME_LIMIT_SECONDS,
  type AppSettings,
} from '../../src-shared/api/settings';
import type { Db } from '../store/db';

const DEFAULTS: AppSettings = { threads: null, strategyTimeLimitSeconds: DEFAULT_STRATEGY_TIME_LIMIT_SECONDS };

const isIntegerIn = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

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
  const { threads, strategyTimeLimitSeconds } = stored;
  return {
    threads: isIntegerIn(threads, 1, Number.MAX_SAFE_INTEGER) ? threads : DEFAULTS.threads,
    strategyTimeLimitSeconds: isIntegerIn(strategyTimeLimitSeconds, 1, MAX_STRATEGY_TIME_LIMIT_SECONDS)
      ? strategyTimeLimitSeconds
      : DEFAULTS.strategyTimeLimitSeconds,
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
