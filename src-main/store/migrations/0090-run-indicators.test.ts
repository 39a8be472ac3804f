import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../db';
import { MIGRATIONS } from '.';
import { m0090RunIndicators } from './0090-run-indicators';

const BEFORE = MIGRATIONS.filter((m) => m.version < m0090RunIndicators.version);

const insertRun = (db: Database.Database, id: string) =>
  db
    .prepare(
      `INSERT INTO runs (id, name, dataset_id, dataset_name, dataset_hash, symbol, timeframe, strategy_id, strategy_version,
         engine_version, config, provenance, stats, result_hash, bar_count, trade_count, created_at, updated_at)
       VALUES (?, 'r', NULL, 'd', 'h', 'S', '1h', 's', '1', 'e', '{}', '{}', '{}', 'x', 1, 0, 1, 1)`,
    )
    .run(id);

const insertIndicator = (db: Database.Database, runId: string, seq: number, overlay = 1) =>
  db
    .prepare(`INSERT INTO run_indicators (run_id, seq, name, overlay, color, timeframe, "values", overview, created_at, updated_at) VALUES (?, ?, 'fast', ?, NULL, NULL, x'00', '{}', 1, 1)`)
    .run(runId, seq, overlay);

const open = () => {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  return db;
};

describe('migration 0090-run-indicators', () => {
  it('keeps the runs there were (with no indicators), and keeps indicators per run and place, deleted with their run', () => {
    const db = open();
    migrate(db, BEFORE);
    insertRun(db, 'old');
    migrate(db, [...BEFORE, m0090RunIndicators]);
    expect(db.pragma('user_version', { simple: true })).toBe(90);
    expect(db.prepare('SELECT id FROM runs').pluck().all()).toEqual(['old']);
    expect(db.prepare('SELECT count(*) FROM run_indicators').pluck().get()).toBe(0);

    insertIndicator(db, 'old', 0);
    insertIndicator(db, 'old', 1, 0);
    expect(() => insertIndicator(db, 'old', 1)).toThrow(/UNIQUE/);
    expect(() => insertIndicator(db, 'old', 2, 2)).toThrow(/CHECK constraint/);
    expect(() => insertIndicator(db, 'no-such-run', 0)).toThrow(/FOREIGN KEY/);
    db.prepare("DELETE FROM runs WHERE id = 'old'").run();
    expect(db.prepare('SELECT count(*) FROM run_indicators').pluck().get()).toBe(0);
    db.close();
  });

  it('reads a run’s indicators in order through the primary key', () => {
    const db = open();
    migrate(db, [...BEFORE, m0090RunIndicators]);
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT name FROM run_indicators WHERE run_id = ? ORDER BY seq').all('x') as Array<{ detail: string }>;
    const text = plan.map((p) => p.detail).join(' ');
    expect(text).toMatch(/USING (INDEX sqlite_autoindex_run_indicators_1|PRIMARY KEY)/);
    expect(text).not.toMatch(/TEMP B-TREE/);
    db.close();
  });

  it('leaves the database as it was when a migration after it fails in the same upgrade', () => {
    const db = open();
    migrate(db, BEFORE);
    insertRun(db, 'old');
    const failing = { version: 91, name: 'fails', up: () => { throw new Error('disk on fire'); } };
    expect(() => migrate(db, [...BEFORE, m0090RunIndicators, failing])).toThrow(expect.objectContaining({ code: 'DATABASE_MIGRATION_FAILED' }));
    expect(db.pragma('user_version', { simple: true })).toBe(BEFORE.at(-1)?.version);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'run_indicators'").get()).toBeUndefined();
    expect(db.prepare('SELECT id FROM runs').pluck().all()).toEqual(['old']);
    db.close();
  });
});
