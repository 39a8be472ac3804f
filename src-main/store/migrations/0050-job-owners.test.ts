import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../db';
import { MIGRATIONS } from '.';
import { m0050JobOwners } from './0050-job-owners';

const BEFORE = MIGRATIONS.filter((m) => m.version < m0050JobOwners.version);

describe('migration 0050-job-owners', () => {
  it('adds job owners to a database that already has jobs, leaving the old rows without an owner', () => {
    const db = new Database(':memory:');
    migrate(db, BEFORE);
    const insert = db.prepare(`INSERT INTO jobs (id, kind, params, status, created_at, updated_at) VALUES (?, 'backtest', '{}', ?, 1, 1)`);
    insert.run('old-running', 'running');
    insert.run('old-queued', 'queued');
    insert.run('old-done', 'completed');

    migrate(db, [...BEFORE, m0050JobOwners]);
    expect(db.pragma('user_version', { simple: true })).toBe(50);
    expect(db.prepare('SELECT id, status, owner_id, cancel_requested FROM jobs ORDER BY id').all()).toEqual([
      { id: 'old-done', status: 'completed', owner_id: null, cancel_requested: 0 },
      { id: 'old-queued', status: 'queued', owner_id: null, cancel_requested: 0 },
      { id: 'old-running', status: 'running', owner_id: null, cancel_requested: 0 },
    ]);
    const columns = (db.prepare('PRAGMA table_info(job_owners)').all() as Array<{ name: string }>).map((c) => c.name);
    expect(columns).toEqual(['id', 'pid', 'host', 'lease_until', 'created_at', 'updated_at']);
    expect(() => db.prepare(`INSERT INTO job_owners VALUES ('o', 'not a pid', 'h', 0, 0, 0)`).run()).toThrow(/cannot store TEXT/);
    expect(() => db.prepare(`UPDATE jobs SET cancel_requested = 2 WHERE id = 'old-done'`).run()).toThrow(/CHECK constraint/);
    db.close();
  });
});
