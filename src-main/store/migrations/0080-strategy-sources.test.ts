import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../db';
import { MIGRATIONS } from '.';
import { m0080StrategySources } from './0080-strategy-sources';

const BEFORE = MIGRATIONS.filter((m) => m.version < m0080StrategySources.version);

const insertRun = (db: Database.Database, id: string, sourceHash: string | null) =>
  db
    .prepare(
      `INSERT INTO runs (id, name, dataset_id, dataset_name, dataset_hash, symbol, timeframe, strategy_id, strategy_version,
         engine_version, config, provenance, stats, result_hash, bar_count, trade_count, created_at, updated_at${sourceHash === null ? '' : ', source_hash'})
       VALUES (?, 'r', NULL, 'd', 'h', 'S', '1h', 's', '1', 'e', '{}', '{}', '{}', 'x', 1, 0, 1, 1${sourceHash === null ? '' : ', ?'})`,
    )
    .run(...(sourceHash === null ? [id] : [id, sourceHash]));

describe('migration 0080-strategy-sources', () => {
  it('keeps the runs there were, without a source, and lets a run name a recorded source only', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, BEFORE);
    insertRun(db, 'old', null);

    migrate(db, [...BEFORE, m0080StrategySources]);
    expect(db.pragma('user_version', { simple: true })).toBe(80);
    expect(db.prepare('SELECT id, source_hash FROM runs').all()).toEqual([{ id: 'old', source_hash: null }]);

    expect(() => insertRun(db, 'orphan', 'no-such-source')).toThrow(/FOREIGN KEY/);
    db.prepare(`INSERT INTO strategy_sources VALUES ('s1', 'abc', 'strategies/x.ts', 'export default 1', 1, 1)`).run();
    insertRun(db, 'new', 'abc');
    expect(() => db.prepare(`INSERT INTO strategy_sources VALUES ('s2', 'abc', 'strategies/y.ts', 'other', 1, 1)`).run()).toThrow(/UNIQUE/);
    // A source a run names stays: deleting it is refused.
    expect(() => db.prepare(`DELETE FROM strategy_sources WHERE source_hash = 'abc'`).run()).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare(`INSERT INTO strategy_checks VALUES ('abc', '1', 2, '[]', 1, 1, 1)`).run()).toThrow(/CHECK constraint/);
    db.close();
  });

  it('finds the runs of a source through their index', () => {
    const db = new Database(':memory:');
    migrate(db, [...BEFORE, m0080StrategySources]);
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT id FROM runs WHERE source_hash = ?').all('abc') as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?INDEX runs_by_source/);
    db.close();
  });
});
