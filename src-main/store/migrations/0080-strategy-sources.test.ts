import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../db';
import { MIGRATIONS } from '.';
import { m0080StrategySources } from './0080-strategy-sources';

const BEFORE = MIGRATIONS.filter((m) => m.version < m0080StrategySources.version);

const insertRun = (db: Database.Database, id: string) =>
  db
    .prepare(
      `INSERT INTO runs (id, name, dataset_id, dataset_name, dataset_hash, symbol, timeframe, strategy_id, strategy_version,
         engine_version, config, provenance, stats, result_hash, bar_count, trade_count, created_at, updated_at)
       VALUES (?, 'r', NULL, 'd', 'h', 'S', '1h', 's', '1', 'e', '{}', '{}', '{}', 'x', 1, 0, 1, 1)`,
    )
    .run(id);

describe('migration 0080-strategy-sources', () => {
  it('keeps the runs there were, as runs of no user source, and stores a check per source and engine', () => {
    const db = new Database(':memory:');
    migrate(db, BEFORE);
    insertRun(db, 'old');

    migrate(db, [...BEFORE, m0080StrategySources]);
    expect(db.pragma('user_version', { simple: true })).toBe(80);
    expect(db.prepare('SELECT id, source_hash, source_file, source_text FROM runs').all()).toEqual([
      { id: 'old', source_hash: null, source_file: null, source_text: null },
    ]);
    db.prepare(`INSERT INTO strategy_checks VALUES ('abc', '1', 1, '[]', 1, 1, 1)`).run();
    expect(() => db.prepare(`INSERT INTO strategy_checks VALUES ('abc', '1', 0, '[]', 2, 2, 2)`).run()).toThrow(/UNIQUE/);
    expect(() => db.prepare(`INSERT INTO strategy_checks VALUES ('abc', '2', 2, '[]', 1, 1, 1)`).run()).toThrow(/CHECK constraint/);
    db.close();
  });

  it('finds a source by its hash through the index', () => {
    const db = new Database(':memory:');
    migrate(db, [...BEFORE, m0080StrategySources]);
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT source_file, source_text FROM runs WHERE source_hash = ? LIMIT 1').all('abc') as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX runs_by_source/);
    db.close();
  });
});
