import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BarwiseEvent } from '../../src-shared/events';
import { createEventHub } from '../events';
import { fixtureEntry } from '../pool/fixtures/entry';
import { WorkerPool } from '../pool/pool';
import { openDatabase, type Db } from '../store/db';
import { recoverInterruptedJobs } from './repository';
import { JobService, taskJob } from './service';

// One real pool (1 thread, fixture worker) and a real SQLite file for the whole file.
let dir: string;
let db: Db;
let pool: WorkerPool;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'barwise-jobsvc-'));
  db = openDatabase(join(dir, 'barwise.sqlite'));
  db.exec('CREATE TABLE results (id TEXT PRIMARY KEY, job_id TEXT NOT NULL, value TEXT NOT NULL) STRICT');
  pool = new WorkerPool({ threads: 1, entry: fixtureEntry(), cancelGraceMs: 300, progressIntervalMs: 20 });
  await pool.warm();
});
afterAll(async () => {
  await pool.destroy();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

let events: BarwiseEvent[];
let service: JobService;
beforeEach(() => {
  const hub = createEventHub();
  events = [];
  hub.subscribe((e) => events.push(e));
  service = new JobService({ db, pool, events: hub, progressSaveMs: 0 });
  const persist = (tx: Db, value: unknown, job: { id: string }) => {
    tx.prepare('INSERT INTO results VALUES (?, ?, ?)').run(`r-${job.id}`, job.id, JSON.stringify(value));
    return `r-${job.id}`;
  };
  service.register(taskJob('steps', { persist }));
  service.register(taskJob('deaf', { persist }));
  service.register(taskJob('throw', { persist }));
});

const resultRows = (jobId: string) => db.prepare('SELECT * FROM results WHERE job_id = ?').all(jobId);
const statuses = (id: string) => events.filter((e) => e.topic === 'job' && e.id === id).map((e) => (e as { status: string }).status);

describe('JobService', () => {
  it('runs a job to completion, streaming status and progress, with its result saved', async () => {
    const job = service.submit('steps', { steps: 10, ms: 10 });
    expect(job.status).toBe('queued');
    const done = await service.wait(job.id);
    expect(done).toMatchObject({ status: 'completed', progress: 1, resultRef: `r-${job.id}`, error: null });
    expect(done.startedAt).not.toBeNull();
    expect(resultRows(job.id)).toHaveLength(1);
    expect(statuses(job.id)).toEqual(['queued', 'running', 'completed']);
    const progress = events.filter((e) => e.topic === 'progress' && e.id === job.id);
    expect(progress.length).toBeGreaterThan(0);
  });

  it('records a failing task with its code', async () => {
    const job = service.submit('throw', {});
    expect(await service.wait(job.id)).toMatchObject({ status: 'failed', error: { code: 'TASK_FAILED', message: 'boom from the task' } });
    expect(resultRows(job.id)).toHaveLength(0);
  });

  it('cancels a queued job and a running one, leaving no result rows', async () => {
    const running = service.submit('steps', { steps: 200, ms: 10 });
    const queued = service.submit('steps', { steps: 5, ms: 10 });
    await new Promise((r) => setTimeout(r, 150));
    expect(service.get(queued.id).status).toBe('queued');
    expect(await service.cancel(queued.id)).toMatchObject({ status: 'cancelled', startedAt: null, error: { code: 'CANCELLED' } });
    expect(service.get(running.id).status).toBe('running');
    expect(await service.cancel(running.id)).toMatchObject({ status: 'cancelled', error: { code: 'CANCELLED' } });
    expect(statuses(running.id)).toEqual(['queued', 'running', 'cancelled']);
    expect(resultRows(running.id)).toHaveLength(0);
    expect(resultRows(queued.id)).toHaveLength(0);

    // A task that ignores the flag is terminated after the grace period: still no result.
    const deaf = service.submit('deaf', { ms: 5_000 });
    await new Promise((r) => setTimeout(r, 100));
    expect(await service.cancel(deaf.id)).toMatchObject({ status: 'cancelled' });
    expect(resultRows(deaf.id)).toHaveLength(0);
    expect(await service.cancel(deaf.id)).toMatchObject({ status: 'cancelled' }); // idempotent
  });

  it('retries a cancelled job as a new job and clears finished ones', async () => {
    const first = service.submit('steps', { steps: 100, ms: 10 });
    await service.cancel(first.id);
    const again = service.retry(first.id);
    expect(again.id).not.toBe(first.id);
    expect(again.params).toEqual({ steps: 100, ms: 10 });
    await service.cancel(again.id);
    const done = service.submit('steps', { steps: 1, ms: 1 });
    await service.wait(done.id);
    expect(() => service.retry(done.id)).toThrow(/only a failed or cancelled job can be retried/);
    expect(() => service.get('0190a0a0-0000-7000-8000-000000000000')).toThrowError(expect.objectContaining({ code: 'JOB_NOT_FOUND' }));
    expect(service.clearFinished()).toBeGreaterThanOrEqual(3);
    expect(service.list({ status: 'completed' })).toHaveLength(0);
  });

  it('on shutdown, records running jobs as INTERRUPTED; a restart fails what was left behind', async () => {
    const own = new WorkerPool({ threads: 1, entry: fixtureEntry(), closeTimeoutMs: 200 });
    const jobs = new JobService({ db, pool: own, events: createEventHub() });
    jobs.register(taskJob('deaf'));
    const running = jobs.submit('deaf', { ms: 10_000 });
    const queued = jobs.submit('deaf', { ms: 10_000 });
    while (jobs.get(running.id).status !== 'running') await new Promise((r) => setTimeout(r, 20));
    jobs.stopAccepting();
    await own.close();
    await jobs.idle();
    expect(jobs.get(running.id)).toMatchObject({ status: 'failed', error: { code: 'INTERRUPTED' } });
    expect(jobs.get(queued.id)).toMatchObject({ status: 'failed', error: { code: 'INTERRUPTED' } });
    expect(() => jobs.submit('deaf', {})).toThrowError(expect.objectContaining({ code: 'POOL_CLOSED' }));

    // A crash leaves rows behind as running/queued; the next start marks them INTERRUPTED.
    db.prepare(`INSERT INTO jobs (id, kind, params, status, created_at, updated_at) VALUES ('x1', 'deaf', '{}', 'running', 1, 1)`).run();
    expect(recoverInterruptedJobs(db)).toBe(1);
    expect(jobs.get('x1')).toMatchObject({ status: 'failed', error: { code: 'INTERRUPTED' } });
  });
});
