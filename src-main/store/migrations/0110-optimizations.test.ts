import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../db';
import { MIGRATIONS } from '.';
import { m0110Optimizations } from './0110-optimizations';

const upTo = MIGRATIONS.filter((m) => m.version <= m0110Optimizations.version);

const insertOptimization = (db: Database.Database, id: string, kind = 'grid') =>
  db
    .prepare(
      `INSERT INTO optimizations (id, name, kind, strategy_id, dataset_name, spec, status, created_at, updated_at)
       VALUES (?, 'o', ?, 'sma-cross', 'd', '{}', 'queued', 1, 1)`,
    )
    .run(id, kind);

const plan = (db: Database.Database, sql: string, ...args: unknown[]) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as Array<{ detail: string }>).map((p) => p.detail).join(' ');

describe('migration 0110-optimizations', () => {
  it('refuses an unknown kind or status and one variant twice, and deletes variants and windows with their optimization', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, upTo);
    expect(db.pragma('user_version', { simple: true })).toBe(110);
    insertOptimization(db, 'a');
    expect(() => insertOptimization(db, 'b', 'genetic')).toThrow(/CHECK constraint/);
    expect(() => db.prepare(`UPDATE optimizations SET status = 'paused' WHERE id = 'a'`).run()).toThrow(/CHECK constraint/);
    const variant = db.prepare(`INSERT INTO optimization_variants (optimization_id, window_index, idx, params, objective, feasible, returns) VALUES ('a', 0, ?, '{}', 1.5, 1, '{}')`);
    variant.run(0);
    variant.run(1);
    expect(() => variant.run(1)).toThrow(/UNIQUE/);
    db.prepare(
      `INSERT INTO optimization_windows VALUES ('a', 0, 0, 1, 1, 2, '{}', 1, '{}', 0.5, '{}', x'', x'', '[]')`,
    ).run();
    db.prepare(`DELETE FROM optimizations WHERE id = 'a'`).run();
    expect(db.prepare('SELECT count(*) FROM optimization_variants').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM optimization_windows').pluck().get()).toBe(0);
    db.close();
  });

  it('reads the results table in objective order and the stored indices through the primary key and its index', () => {
    const db = new Database(':memory:');
    migrate(db, upTo);
    expect(
      plan(db, `SELECT * FROM optimization_variants WHERE optimization_id = ? AND window_index = ? AND objective IS NOT NULL ORDER BY objective DESC, idx ASC LIMIT 1`, 'a', 0),
    ).toMatch(/USING INDEX optimization_variants_by_objective/);
    expect(plan(db, 'SELECT idx FROM optimization_variants WHERE optimization_id = ? AND window_index = ?', 'a', 0)).toMatch(/USING (COVERING INDEX|PRIMARY KEY)/);
    expect(plan(db, 'SELECT * FROM optimizations ORDER BY created_at DESC, id DESC LIMIT 10')).toMatch(/optimizations_by_created/);
    db.close();
  });
});
