import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../store/db';
import {
  completeJob,
  deleteFinishedJobs,
  getJob,
  insertJob,
  listJobs,
  recoverInterruptedJobs,
  transitionJob,
  updateProgress,
} from './repository';
import { canTransition } from './state';

const dirs: string[] = [];
const dbs: Db[] = [];
function tempDb(): { db: Db; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'barwise-jobs-'));
  dirs.push(dir);
  const file = join(dir, 'barwise.sqlite');
  const db = openDatabase(file);
  dbs.push(db);
  return { db, file };
}
afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('job state machine', () => {
  it('allows queued → running → completed | failed | cancelled and nothing else', () => {
    const allowed = [
      'queued→running', 'queued→failed', 'queued→cancelled',
      'running→completed', 'running→failed', 'running→cancelled',
    ];
    const statuses = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;
    for (const from of statuses) {
      for (const to of statuses) expect(canTransition(from, to), `${from}→${to}`).toBe(allowed.includes(`${from}→${to}`));
    }
  });

  it('throws INVALID_TRANSITION on a forbidden move and leaves the row alone', () => {
    const { db } = tempDb();
    const job = insertJob(db, 'backtest', { fast: 10 });
    expect(() => transitionJob(db, job.id, 'completed')).toThrow(/cannot go from queued to completed/);
    transitionJob(db, job.id, 'running');
    transitionJob(db, job.id, 'failed', { error: { code: 'TASK_FAILED', message: 'boom' } });
    expect(() => transitionJob(db, job.id, 'running')).toThrowError(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
    expect(getJob(db, job.id)).toMatchObject({ status: 'failed', error: { code: 'TASK_FAILED', message: 'boom' } });
  });
});

describe('job rows', () => {
  it('records times, parameters and progress', () => {
    const { db } = tempDb();
    let t = 1_000;
    const clock = () => t;
    const job = insertJob(db, 'backtest', { fast: 10, slow: 30 }, clock);
    expect(job).toMatchObject({ status: 'queued', params: { fast: 10, slow: 30 }, createdAt: 1_000, startedAt: null, progress: 0 });
    expect(job.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/); // UUIDv7
    t = 2_000;
    transitionJob(db, job.id, 'running', {}, clock);
    updateProgress(db, job.id, 0.5, 'half', clock);
    t = 3_000;
    const done = completeJob(db, job.id, () => 'run-1', clock);
    expect(done).toMatchObject({ status: 'completed', progress: 1, message: 'half', resultRef: 'run-1', startedAt: 2_000, finishedAt: 3_000, updatedAt: 3_000 });
    updateProgress(db, job.id, 0.1, 'late', clock); // ignored once finished
    expect(getJob(db, job.id)?.progress).toBe(1);
  });

  it('writes the result and `completed` in one transaction', () => {
    const { db } = tempDb();
    db.exec('CREATE TABLE results (id TEXT PRIMARY KEY) STRICT');
    const job = insertJob(db, 'backtest', {});
    transitionJob(db, job.id, 'running');
    expect(() =>
      completeJob(db, job.id, (tx) => {
        tx.prepare('INSERT INTO results VALUES (?)').run('r1');
        throw new Error('disk full halfway');
      }),
    ).toThrow(/disk full/);
    expect(db.prepare('SELECT count(*) AS n FROM results').get()).toEqual({ n: 0 });
    expect(getJob(db, job.id)?.status).toBe('running');

    // A job cancelled meanwhile cannot complete, and its result is rolled back with it.
    transitionJob(db, job.id, 'cancelled');
    expect(() => completeJob(db, job.id, (tx) => void tx.prepare('INSERT INTO results VALUES (?)').run('r2'))).toThrow(
      /cannot go from cancelled to completed/,
    );
    expect(db.prepare('SELECT count(*) AS n FROM results').get()).toEqual({ n: 0 });
  });

  it('marks jobs left running or queued by a previous process as failed INTERRUPTED on restart', () => {
    const { db, file } = tempDb();
    const running = insertJob(db, 'sweep', {});
    transitionJob(db, running.id, 'running');
    const queued = insertJob(db, 'sweep', {});
    const done = insertJob(db, 'sweep', {});
    transitionJob(db, done.id, 'running');
    completeJob(db, done.id, () => null);
    db.close(); // the app quit (or crashed) here

    const reopened = openDatabase(file);
    dbs.push(reopened);
    expect(recoverInterruptedJobs(reopened)).toBe(2);
    for (const id of [running.id, queued.id]) {
      expect(getJob(reopened, id)).toMatchObject({ status: 'failed', error: { code: 'INTERRUPTED' } });
      expect(getJob(reopened, id)?.finishedAt).not.toBeNull();
    }
    expect(getJob(reopened, done.id)?.status).toBe('completed');
  });

  it('lists newest first, filters by status, and clears finished jobs', () => {
    const { db } = tempDb();
    let t = 0;
    const ids = ['a', 'b', 'c'].map(() => insertJob(db, 'k', {}, () => ++t).id);
    transitionJob(db, ids[0], 'cancelled');
    expect(listJobs(db).map((j) => j.id)).toEqual([...ids].reverse());
    expect(listJobs(db, { status: 'queued' }).map((j) => j.id)).toEqual([ids[2], ids[1]]);
    expect(listJobs(db, { limit: 1 })).toHaveLength(1);
    expect(deleteFinishedJobs(db)).toBe(1);
    expect(listJobs(db)).toHaveLength(2);
  });

  it('serves the hot queries from their indexes', () => {
    const { db } = tempDb();
    const plan = (sql: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('; ');
    expect(plan(`SELECT * FROM jobs WHERE status = 'queued' ORDER BY created_at DESC LIMIT 100`)).toMatch(/USING INDEX jobs_by_status/);
    expect(plan('SELECT * FROM jobs ORDER BY created_at DESC LIMIT 100')).toMatch(/jobs_by_created/);
    expect(plan(`UPDATE jobs SET status = 'failed' WHERE status IN ('running', 'queued')`)).toMatch(/jobs_by_status/);
  });
});
