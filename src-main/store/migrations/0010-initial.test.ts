import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../db';
import { m0010Initial } from './0010-initial';

describe('migration 0010-initial', () => {
  it('creates the settings table with the sync columns, and STRICT typing', () => {
    const db = new Database(':memory:');
    migrate(db, [m0010Initial]);
    expect(db.pragma('user_version', { simple: true })).toBe(10);
    const columns = (db.prepare('PRAGMA table_info(settings)').all() as Array<{ name: string }>).map((c) => c.name);
    expect(columns).toEqual(['key', 'value', 'created_at', 'updated_at']);
    expect(() => db.prepare("INSERT INTO settings VALUES ('k', 'v', 'not a number', 1)").run()).toThrow(/cannot store TEXT/);
    db.close();
  });
});
