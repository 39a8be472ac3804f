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
  transitionJob,
  tryTransitionJob,
  updateProgress,
  type Caller,
} from './repository';
import { canTransition } from './state';

const me: Caller = { owner: 'owner-a' };

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
    const job = insertJob(db, 'backtest', { fast: 10 }, me);
    expect(() => transitionJob(db, job.id, 'completed', me)).toThrow(/cannot go from queued to completed/);
    transitionJob(db, job.id, 'running', me);
    transitionJob(db, job.id, 'failed', me, { error: { code: 'TASK_FAILED', message: 'boom' } });
    expect(() => transitionJob(db, job.id, 'running', me)).toThrowError(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
    expect(getJob(db, job.id)).toMatchObject({ status: 'failed', error: { code: 'TASK_FAILED', message: 'boom' } });
  });
});

describe('job rows', () => {
  it('records times, parameters and progress', () => {
    const { db } = tempDb();
    let t = 1_000;
    const clocked: Caller = { ...me, now: () => t };
    const job = insertJob(db, 'backtest', { fast: 10, slow: 30 }, clocked);
    expect(job).toMatchObject({ status: 'queued', params: { fast: 10, slow: 30 }, createdAt: 1_000, startedAt: null, progress: 0 });
    expect(job.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/); // UUIDv7
    t = 2_000;
    transitionJob(db, job.id, 'running', clocked);
    updateProgress(db, job.id, 0.5, 'half', clocked);
    t = 3_000;
    // The final figures replace the last step's word.
    const done = completeJob(db, job.id, () => 'run-1', clocked, () => '8,760 bars · 42 trades');
    expect(done).toMatchObject({ status: 'completed', progress: 1, message: '8,760 bars · 42 trades', resultRef: 'run-1', startedAt: 2_000, finishedAt: 3_000, updatedAt: 3_000 });
    updateProgress(db, job.id, 0.1, 'late', clocked); // ignored once finished
    expect(getJob(db, job.id)).toMatchObject({ progress: 1, message: '8,760 bars · 42 trades' });
  });

  it('never keeps a step\'s word on a completed job without figures', () => {
    const { db } = tempDb();
    const job = insertJob(db, 'backtest', {}, me);
    transitionJob(db, job.id, 'running', me);
    updateProgress(db, job.id, 0, 'loading bars', me);
    expect(completeJob(db, job.id, () => 'run-1', me).message).toBe('');
  });

  it('writes the result and `completed` in one transaction', () => {
    const { db } = tempDb();
    db.exec('CREATE TABLE results (id TEXT PRIMARY KEY) STRICT');
    const job = insertJob(db, 'backtest', {}, me);
    transitionJob(db, job.id, 'running', me);
    expect(() =>
      completeJob(
        db,
        job.id,
        (tx) => {
          tx.prepare('INSERT INTO results VALUES (?)').run('r1');
          throw new Error('disk full halfway');
        },
        me,
      ),
    ).toThrow(/disk full/);
    expect(db.prepare('SELECT count(*) AS n FROM results').get()).toEqual({ n: 0 });
    expect(getJob(db, job.id)?.status).toBe('running');

    // A job cancelled meanwhile cannot complete, and its result is rolled back with it.
    transitionJob(db, job.id, 'cancelled', me);
    expect(() => completeJob(db, job.id, (tx) => void tx.prepare('INSERT INTO results VALUES (?)').run('r2'), me)).toThrow(
      /cannot go from cancelled to completed/,
    );
    expect(db.prepare('SELECT count(*) AS n FROM results').get()).toEqual({ n: 0 });
  });

  it("refuses to move another process's job, and to complete it, leaving its row alone", () => {
    const { db } = tempDb();
    db.exec('CREATE TABLE results (id TEXT PRIMARY KEY) STRICT');
    const theirs = insertJob(db, 'backtest', {}, { owner: 'owner-b' });
    const before = getJob(db, theirs.id);
    for (const to of ['running', 'failed', 'cancelled'] as const) {
      expect(() => transitionJob(db, theirs.id, to, me)).toThrow(/belongs to another Barwise process/);
      expect(tryTransitionJob(db, theirs.id, to, me)).toEqual({ job: before, moved: false });
    }
    transitionJob(db, theirs.id, 'running', { owner: 'owner-b' });
    expect(() => completeJob(db, theirs.id, (tx) => void tx.prepare("INSERT INTO results VALUES ('r')").run(), me)).toThrowError(
      expect.objectContaining({ code: 'INVALID_TRANSITION' }),
    );
    expect(db.prepare('SELECT count(*) AS n FROM results').get()).toEqual({ n: 0 });
    updateProgress(db, theirs.id, 0.7, 'not mine', me);
    expect(getJob(db, theirs.id)).toMatchObject({ status: 'running', progress: 0, message: '' });
  });

  it('returns a finished row as it is when asked to move it again (the owner learns it was failed elsewhere)', () => {
    const { db } = tempDb();
    const job = insertJob(db, 'backtest', {}, me);
    transitionJob(db, job.id, 'running', me);
    db.prepare(`UPDATE jobs SET status = 'failed', error_code = 'INTERRUPTED', error_message = 'gone' WHERE id = ?`).run(job.id);
    const { job: row, moved } = tryTransitionJob(db, job.id, 'failed', me, { error: { code: 'TASK_FAILED', message: 'x' } });
    expect(moved).toBe(false);
    expect(row).toMatchObject({ status: 'failed', error: { code: 'INTERRUPTED', message: 'gone' } });
  });

  it('lists newest first, filters by status, and clears finished jobs', () => {
    const { db } = tempDb();
    let t = 0;
    const ids = ['a', 'b', 'c'].map(() => insertJob(db, 'k', {}, { ...me, now: () => ++t }).id);
    transitionJob(db, ids[0], 'cancelled', me);
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
    // Recovery: the owners of unfinished jobs, then each owner's unfinished jobs.
    expect(plan(`SELECT DISTINCT owner_id FROM jobs WHERE status IN ('queued', 'running')`)).toMatch(/USING INDEX jobs_by_status/);
    expect(plan(`SELECT id FROM jobs WHERE owner_id IS 'x' AND status IN ('queued', 'running')`)).toMatch(/USING INDEX jobs_unfinished_by_owner \(owner_id=\?\)/);
  });
});
