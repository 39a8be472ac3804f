import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../store/db';
import { tempDir } from '../test-support/temp-dir';
import { holdLease, type JobOwner } from './owners';
import { recoverOrphanedJobs } from './recovery';
import { getJob, insertJob, transitionJob } from './repository';

const NOW = 1_000_000;
const LEASE = 30_000;
const self: JobOwner = { id: 'self', pid: 100, host: 'here' };
const alive = new Set([100, 200, 300]);
const ctx = (judgeLeases: boolean) => ({ self, judgeLeases, now: () => NOW, processExists: (pid: number) => alive.has(pid) });

/** A job of `owner` (null: from before ownership) in `status`. */
function job(db: Db, owner: string | null, status: 'queued' | 'running' | 'completed' = 'running'): string {
  const { id } = insertJob(db, 'backtest', {}, { owner: owner ?? 'nobody', now: () => NOW - 60_000 });
  if (status !== 'queued') transitionJob(db, id, 'running', { owner: owner ?? 'nobody' });
  if (status === 'completed') db.prepare(`UPDATE jobs SET status = 'completed' WHERE id = ?`).run(id);
  if (owner === null) db.prepare('UPDATE jobs SET owner_id = NULL WHERE id = ?').run(id);
  return id;
}

const owner = (db: Db, o: JobOwner, leaseUntil: number) => holdLease(db, o, leaseUntil - NOW, NOW);
const owners = (db: Db) => db.prepare('SELECT id FROM job_owners ORDER BY id').pluck().all();

function fixture(db: Db) {
  owner(db, self, NOW - 1); // this process's own lapsed lease never counts against it
  owner(db, { id: 'live', pid: 200, host: 'here' }, NOW + LEASE);
  owner(db, { id: 'hung', pid: 300, host: 'here' }, NOW - 5_000); // alive, or a reused pid
  owner(db, { id: 'dead', pid: 999, host: 'here' }, NOW + LEASE);
  owner(db, { id: 'far-live', pid: 999, host: 'there' }, NOW + LEASE);
  owner(db, { id: 'far-hung', pid: 999, host: 'there' }, NOW - 5_000);
  owner(db, { id: 'idle', pid: 200, host: 'here' }, NOW - 5_000); // holds no jobs
  return {
    mine: job(db, 'self'),
    live: job(db, 'live', 'queued'),
    hung: job(db, 'hung'),
    dead: job(db, 'dead'),
    deadQueued: job(db, 'dead', 'queued'),
    farLive: job(db, 'far-live'),
    farHung: job(db, 'far-hung'),
    old: job(db, null),
    ghost: job(db, 'no-such-owner'),
    finished: job(db, 'dead', 'completed'),
  };
}

const status = (db: Db, id: string) => getJob(db, id)?.status;
const message = (db: Db, id: string) => getJob(db, id)?.error?.message;

describe('recovering the jobs of gone owners', () => {
  it('at start-up fails only jobs whose owner is certainly gone: none recorded, or its pid not running here', () => {
    const db = openDatabase(join(tempDir(), 'r.sqlite'));
    const ids = fixture(db);
    const failed = recoverOrphanedJobs(db, ctx(false));
    expect(failed.map((j) => j.id).sort()).toEqual([ids.dead, ids.deadQueued, ids.old, ids.ghost].sort());
    for (const j of failed) expect(j).toMatchObject({ status: 'failed', error: { code: 'INTERRUPTED' }, finishedAt: NOW, updatedAt: NOW });
    expect(message(db, ids.dead)).toBe('The Barwise process that ran this job (pid 999) is no longer running; it stopped before the job finished');
    expect(message(db, ids.old)).toMatch(/^Left unfinished by an older Barwise that did not record which process ran it/);
    expect(message(db, ids.ghost)).toMatch(/left no record of itself/);
    for (const id of [ids.mine, ids.hung, ids.farLive, ids.farHung]) expect(status(db, id)).toBe('running');
    expect(status(db, ids.live)).toBe('queued');
    expect(status(db, ids.finished)).toBe('completed');
    // Owner rows that hold nothing any more go: the dead one, and the idle one whose lease ran out.
    expect(owners(db)).toEqual(['far-hung', 'far-live', 'hung', 'live', 'self']);
    db.close();
  });

  it('when judging leases, also fails the jobs of owners whose lease ran out (hung, reused pid, other host)', () => {
    const db = openDatabase(join(tempDir(), 'r.sqlite'));
    const ids = fixture(db);
    const failed = recoverOrphanedJobs(db, ctx(true)).map((j) => j.id);
    expect(failed.sort()).toEqual([ids.dead, ids.deadQueued, ids.old, ids.ghost, ids.hung, ids.farHung].sort());
    expect(message(db, ids.hung)).toBe('The Barwise process that ran this job (pid 300) stopped responding: no heartbeat for 5 s past its lease');
    expect(message(db, ids.farHung)).toMatch(/^The Barwise process that ran this job \(pid 999 on there\) stopped responding/);
    expect(status(db, ids.mine)).toBe('running');
    expect(status(db, ids.farLive)).toBe('running');
    expect(owners(db)).toEqual(['far-live', 'live', 'self']);
    expect(recoverOrphanedJobs(db, ctx(true))).toEqual([]);
    db.close();
  });

  it('takes no write lock when there is nothing to recover, so it never waits on another process', () => {
    const file = join(tempDir(), 'r.sqlite');
    const db = openDatabase(file);
    owner(db, { id: 'live', pid: 200, host: 'here' }, NOW + LEASE);
    job(db, 'live');
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE'); // another process in the middle of a long write
    db.pragma('busy_timeout = 0');
    expect(recoverOrphanedJobs(db, ctx(true))).toEqual([]);
    other.exec('ROLLBACK');
    other.close();
    db.close();
  });
});
