import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../db';
import { m0010Initial } from './0010-initial';
import { m0020Datasets } from './0020-datasets';

function fresh() {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, [m0010Initial, m0020Datasets]);
  return db;
}

describe('migration 0020-datasets', () => {
  it('creates datasets and dataset_chunks, STRICT, with the sync columns', () => {
    const db = fresh();
    expect(db.pragma('user_version', { simple: true })).toBe(20);
    for (const table of ['datasets', 'dataset_chunks']) {
      const columns = (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name);
      expect(columns).toContain('id');
      expect(columns).toContain('created_at');
      expect(columns).toContain('updated_at');
    }
    expect(() =>
      db.prepare(
        `INSERT INTO datasets VALUES ('a','n','s','1m','sixty',0,0,1,0,0,'f','h',0,'{}',0,0)`,
      ).run(),
    ).toThrow(/cannot store TEXT/);
    db.close();
  });

  it('loads chunks through the (dataset_id, seq) index, and deletes them with their dataset', () => {
    const db = fresh();
    const plan = db
      .prepare("EXPLAIN QUERY PLAN SELECT bar_count, time FROM dataset_chunks WHERE dataset_id = ? ORDER BY seq")
      .all('x') as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX dataset_chunks_by_dataset/);
    expect(plan.map((p) => p.detail).join(' ')).not.toMatch(/TEMP B-TREE/);
    db.prepare(`INSERT INTO datasets VALUES ('d','n','s','1m',60000,0,0,1,0,0,'f','h',0,'{}',0,0)`).run();
    const blob = Buffer.alloc(8);
    db.prepare(`INSERT INTO dataset_chunks VALUES ('c','d',0,1,0,0,?,?,?,?,?,?,0,0)`).run(blob, blob, blob, blob, blob, blob);
    db.prepare("DELETE FROM datasets WHERE id = 'd'").run();
    expect(db.prepare('SELECT count(*) AS n FROM dataset_chunks').get()).toEqual({ n: 0 });
    db.close();
  });

  it('refuses the same content twice (unique content_hash)', () => {
    const db = fresh();
    const insert = db.prepare(`INSERT INTO datasets VALUES (?,'n','s','1m',60000,0,0,1,0,0,'f','same',0,'{}',0,0)`);
    insert.run('a');
    expect(() => insert.run('b')).toThrow(/UNIQUE/);
    db.close();
  });
});
