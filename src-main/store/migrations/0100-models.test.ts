import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../db';
import { MIGRATIONS } from '.';
import { m0100Models } from './0100-models';

const BEFORE = MIGRATIONS.filter((m) => m.version < m0100Models.version);

function fresh(): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, [...BEFORE, m0100Models]);
  db.prepare(
    `INSERT INTO datasets (id, name, symbol, timeframe, timeframe_ms, first_time, last_time, bar_count, gap_count, missing_bars,
       source_file, content_hash, report, created_at, updated_at)
     VALUES ('d1', 'D', 'S', '1h', 3600000, 0, 1, 2, 0, 0, 'f', 'h1', '{}', 1, 1)`,
  ).run();
  return db;
}

function model(db: Database.Database, id: string, parent: string | null = null, fingerprint = 'f'.repeat(64), status = 'completed') {
  db.prepare(
    `INSERT INTO models (id, name, status, job_id, dataset_id, dataset_name, dataset_hash, symbol, timeframe, algorithm, target,
       feature_count, config, fingerprint, trainer_version, origin, parent_id, parent_name, parent_fingerprint, created_at, updated_at)
     VALUES (?, ?, ?, NULL, 'd1', 'D', 'h1', 'S', '1h', 'gbdt', 'direction:1', 2, '{}', ?, '1', ?, ?, ?, ?, 1, 1)`,
  ).run(id, `model ${id}`, status, fingerprint, parent ? 'from-parent' : 'trained', parent, parent && `model ${parent}`, parent && 'p'.repeat(64));
  db.prepare(`INSERT INTO model_blobs VALUES (?, x'0102', 1, 1)`).run(id);
  db.prepare(`INSERT INTO model_features VALUES (?, 'rsi:14', 0, 0.7, 0.01, 1, 1), (?, 'atr:14', 1, 0.3, 0.0, 1, 1)`).run(id, id);
}

const count = (db: Database.Database, table: string, id: string) =>
  db.prepare(`SELECT count(*) FROM ${table} WHERE model_id = ?`).pluck().get(id) as number;

const plan = (db: Database.Database, sql: string, ...args: unknown[]) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as Array<{ detail: string }>).map((p) => p.detail).join(' | ');

describe('migration 0100-models', () => {
  it('deletes a model with its blob and importance rows, and keeps its children with its name', () => {
    const db = fresh();
    expect(db.pragma('user_version', { simple: true })).toBe(100);
    model(db, 'parent');
    model(db, 'child', 'parent');
    db.prepare(`DELETE FROM models WHERE id = 'parent'`).run();
    expect(count(db, 'model_blobs', 'parent')).toBe(0);
    expect(count(db, 'model_features', 'parent')).toBe(0);
    expect(db.prepare(`SELECT parent_id, parent_name FROM models WHERE id = 'child'`).get()).toEqual({ parent_id: null, parent_name: 'model parent' });
    expect(count(db, 'model_features', 'child')).toBe(2);
    db.close();
  });

  it("outlives its dataset, keeping the dataset's name and content hash", () => {
    const db = fresh();
    model(db, 'm');
    db.prepare(`DELETE FROM datasets WHERE id = 'd1'`).run();
    expect(db.prepare(`SELECT dataset_id, dataset_name, dataset_hash FROM models`).get()).toEqual({ dataset_id: null, dataset_name: 'D', dataset_hash: 'h1' });
    db.close();
  });

  it('refuses an unknown status or origin, and a second importance row for a feature', () => {
    const db = fresh();
    expect(() => model(db, 'x', null, 'f'.repeat(64), 'running')).toThrow(/CHECK constraint/);
    model(db, 'm');
    expect(() => db.prepare(`INSERT INTO model_features VALUES ('m', 'rsi:14', 2, 0, 0, 1, 1)`).run()).toThrow(/UNIQUE/);
    expect(() => db.prepare(`UPDATE models SET origin = 'copied'`).run()).toThrow(/CHECK constraint/);
    db.close();
  });

  it('finds models by fingerprint, by job and by parent through their indexes, and lists newest first without sorting', () => {
    const db = fresh();
    expect(plan(db, 'SELECT id FROM models WHERE fingerprint = ?', 'x')).toMatch(/USING INDEX models_by_fingerprint/);
    expect(plan(db, 'SELECT id FROM models WHERE job_id = ?', 'x')).toMatch(/USING INDEX models_by_job/);
    expect(plan(db, 'SELECT id FROM models WHERE parent_id = ?', 'x')).toMatch(/USING INDEX models_by_parent/);
    const list = plan(db, 'SELECT id FROM models ORDER BY created_at DESC LIMIT 50');
    expect(list).toMatch(/models_by_created/);
    expect(list).not.toMatch(/TEMP B-TREE/);
    db.close();
  });
});
