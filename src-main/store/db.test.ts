import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/temp-dir';
import { migrate, openDatabase, PAGE_SIZE, schemaVersion, SCHEMA_VERSION } from './db';
import { MIGRATIONS } from './migrations';
import type { Migration } from './migrations/migration';

describe('openDatabase', () => {
  it('creates the file with WAL, foreign keys, FULL sync, a busy timeout and the latest schema', () => {
    const db = openDatabase(join(tempDir(), 'a.sqlite'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('page_size', { simple: true })).toBe(PAGE_SIZE);
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('refuses a database from a newer Barwise and leaves it untouched', () => {
    const file = join(tempDir(), 'future.sqlite');
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 10}`);
    raw.exec('CREATE TABLE from_the_future (x)');
    raw.close();
    expect(() => openDatabase(file)).toThrow(/newer than this Barwise understands/);
    const after = new Database(file);
    expect(after.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 10);
    expect(after.prepare("SELECT name FROM sqlite_master WHERE name = 'settings'").get()).toBeUndefined();
    after.close();
  });

  it('applies pending migrations all in one transaction: a failing one rolls back the others', () => {
    const file = join(tempDir(), 'm.sqlite');
    const broken: Migration[] = [
      ...MIGRATIONS,
      { version: 9000, name: 'ok', up: (db) => db.exec('CREATE TABLE t_ok (x INTEGER) STRICT') },
      { version: 9010, name: 'broken', up: (db) => db.exec('CREATE TABLE nonsense (') },
    ];
    expect(() => openDatabase(file, { migrations: broken })).toThrow(/Migration 9010 \(broken\) failed/);
    const db = new Database(file);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('keeps the page size of an existing file', () => {
    const file = join(tempDir(), 'old.sqlite');
    const raw = new Database(file);
    raw.exec('CREATE TABLE t (x INTEGER)');
    raw.close();
    const db = openDatabase(file);
    expect(db.pragma('page_size', { simple: true })).toBe(4096);
    db.close();
  });

  it('re-opening an up-to-date database applies nothing', () => {
    const file = join(tempDir(), 'b.sqlite');
    openDatabase(file).close();
    const db = openDatabase(file);
    expect(() => migrate(db)).not.toThrow();
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('lets a second process that found the database out of date wait for the first one\'s migrations, not redo them', async () => {
    const file = join(tempDir(), 'race.sqlite');
    // Another process creates the database and migrates it, holding the write lock for 500 ms.
    const holder = `
      import Database from 'better-sqlite3';
      import { MIGRATIONS } from './src-main/store/migrations/index.ts';
      const db = new Database(process.argv[1]);
      db.pragma('journal_mode = WAL');
      db.exec('BEGIN IMMEDIATE');
      for (const m of MIGRATIONS) { m.up(db); db.pragma('user_version = ' + m.version); }
      console.log('locked');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
      db.exec('COMMIT');
      db.close();`;
    const root = join(import.meta.dirname, '..', '..');
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', holder, file], { cwd: root });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    const exited = new Promise((resolve) => child.on('exit', resolve));
    for await (const line of createInterface({ input: child.stdout })) if (line === 'locked') break;

    // This process reads version 0, then waits for the write lock (busy timeout) to migrate.
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    db.close();
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
  });

  it('lists migrations in strictly increasing versions', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
    expect(new Set(versions).size).toBe(versions.length);
  });
});
