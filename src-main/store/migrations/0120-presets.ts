import type { Migration } from './migration';

/**
 * Backtest presets: a named backtest config per strategy (docs/strategies.md, "Presets"). Names
 * are unique per strategy whatever their case, so "Tight stops" and "tight stops" are one preset.
 * The config is JSON validated by the backtest config schema where it enters (the API).
 */
export const m0120Presets: Migration = {
  version: 120,
  name: 'presets',
  up(db) {
    db.exec(`
      CREATE TABLE backtest_presets (
        id TEXT PRIMARY KEY,
        strategy_id TEXT NOT NULL,
        name TEXT NOT NULL,
        config TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX backtest_presets_by_name ON backtest_presets (strategy_id, name COLLATE NOCASE);
    `);
  },
};
