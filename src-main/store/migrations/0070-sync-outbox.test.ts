import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../db';
import { MIGRATIONS } from '.';
import { m0070SyncOutbox } from './0070-sync-outbox';

const BEFORE = MIGRATIONS.filter((m) => m.version < m0070SyncOutbox.version);
const UP_TO = MIGRATIONS.filter((m) => m.version <= m0070SyncOutbox.version);

function insertRun(db: Database.Database, id: string, origin: string | null = null) {
  db.prepare(
    `INSERT INTO runs (id, name, dataset_name, dataset_hash, symbol, timeframe, strategy_id, strategy_version, engine_version,
       config, provenance, stats, result_hash, bar_count, trade_count, created_at, updated_at${origin ? ', origin_device' : ''})
     VALUES (?, 'n', 'd', 'h', 'S', '1m', 'sma', '1', '1', '{}', '{}', '{}', 'r', 1, 0, 5, 5${origin ? ', ?' : ''})`,
  ).run(...(origin ? [id, origin] : [id]));
}

const outbox = (db: Database.Database) => db.prepare('SELECT seq, kind, record_id, op, sent_at FROM sync_outbox ORDER BY seq').all();

describe('migration 0070-sync-outbox', () => {
  it('queues the runs that exist before it once, and adds the origin columns empty', () => {
    const db = new Database(':memory:');
    migrate(db, BEFORE);
    const legacyInsert = db.prepare(
      `INSERT INTO runs (id, name, dataset_name, dataset_hash, symbol, timeframe, strategy_id, strategy_version, engine_version,
         config, provenance, stats, result_hash, bar_count, trade_count, created_at, updated_at)
       VALUES (?, 'n', 'd', 'h', 'S', '1m', 'sma', '1', '1', '{}', '{}', '{}', 'r', 1, 0, ?, ?)`,
    );
    legacyInsert.run('b', 2, 20);
    legacyInsert.run('a', 1, 10);
    migrate(db, UP_TO);
    expect(db.pragma('user_version', { simple: true })).toBe(70);
    expect(outbox(db)).toEqual([
      { seq: 1, kind: 'run', record_id: 'a', op: 'upsert', sent_at: null },
      { seq: 2, kind: 'run', record_id: 'b', op: 'upsert', sent_at: null },
    ]);
    expect(db.prepare('SELECT origin_device, origin_user, origin_host, origin_version FROM runs').all()).toEqual([
      { origin_device: null, origin_user: null, origin_host: null, origin_version: null },
      { origin_device: null, origin_user: null, origin_host: null, origin_version: null },
    ]);
    db.close();
  });

  it("writes an outbox row for every insert, update and delete of this machine's runs, and none for a teammate's", () => {
    const db = new Database(':memory:');
    migrate(db, UP_TO);
    insertRun(db, 'mine');
    db.prepare(`UPDATE runs SET name = 'renamed' WHERE id = 'mine'`).run();
    db.prepare(`DELETE FROM runs WHERE id = 'mine'`).run();
    insertRun(db, 'theirs', 'device-b');
    db.prepare(`UPDATE runs SET name = 'x' WHERE id = 'theirs'`).run();
    db.prepare(`DELETE FROM runs WHERE id = 'theirs'`).run();
    expect(outbox(db)).toEqual([
      { seq: 1, kind: 'run', record_id: 'mine', op: 'upsert', sent_at: null },
      { seq: 2, kind: 'run', record_id: 'mine', op: 'upsert', sent_at: null },
      { seq: 3, kind: 'run', record_id: 'mine', op: 'delete', sent_at: null },
    ]);
    expect(() => db.prepare(`INSERT INTO sync_outbox (kind, record_id, op, created_at) VALUES ('run', 'x', 'merge', 0)`).run()).toThrow(/CHECK constraint/);
    db.close();
  });

  it('writes no outbox row for a change that is rolled back', () => {
    const db = new Database(':memory:');
    migrate(db, UP_TO);
    expect(() =>
      db.transaction(() => {
        insertRun(db, 'doomed');
        throw new Error('fails after the insert');
      })(),
    ).toThrow('fails after the insert');
    expect(outbox(db)).toEqual([]);
    db.close();
  });

  it('reads the unsent rows through the partial index', () => {
    const db = new Database(':memory:');
    migrate(db, UP_TO);
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT * FROM sync_outbox WHERE sent_at IS NULL ORDER BY seq LIMIT 100').all() as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/sync_outbox_unsent/);
    db.close();
  });
});
