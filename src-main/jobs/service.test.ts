import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BarwiseEvent } from '../../src-shared/events';
import { createEventHub } from '../events';
import { fixtureEntry } from '../pool/fixtures/entry';
import { WorkerPool } from '../pool/pool';
import { openDatabase, type Db } from '../store/db';
import { holdLease } from './owners';
import { insertJob } from './repository';
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

    // A crash leaves rows behind as running/queued (this one from before job owners); the next start fails them.
    db.prepare(`INSERT INTO jobs (id, kind, params, status, created_at, updated_at) VALUES ('x1', 'deaf', '{}', 'running', 1, 1)`).run();
    const next = new JobService({ db, pool: own, events: createEventHub() });
    expect(next.start().map((j) => j.id)).toEqual(['x1']);
    next.release();
    expect(jobs.get('x1')).toMatchObject({ status: 'failed', error: { code: 'INTERRUPTED' } });
  });
});

describe("a job kind's own record (created, settled)", () => {
  // A record of the job's own, as a model is a training job's.
  beforeAll(() => db.exec('CREATE TABLE records (job_id TEXT PRIMARY KEY, state TEXT NOT NULL) STRICT'));
  const record = (jobId: string) => db.prepare('SELECT state FROM records WHERE job_id = ?').pluck().get(jobId);
  const hooks = {
    created: (tx: Db, job: { id: string }, params: { refuse?: boolean }) => {
      tx.prepare(`INSERT INTO records VALUES (?, 'made')`).run(job.id);
      if (params.refuse) throw new Error('refused by the kind');
    },
    settled: (tx: Db, job: { id: string; status: string; error: { code: string } | null }) =>
      void tx.prepare('UPDATE records SET state = ? WHERE job_id = ?').run(`${job.status} ${job.error?.code}`, job.id),
  };

  it('creates the record with the job row, or neither; tells it how a failed or cancelled job ended', async () => {
    const jobs = new JobService({ db, pool, events: createEventHub() });
    jobs.register({ ...taskJob('steps'), ...hooks });
    jobs.register({ ...taskJob('throw'), ...hooks });
    const count = () => db.prepare('SELECT count(*) FROM jobs').pluck().get();
    const before = count();
    expect(() => jobs.submit('steps', { steps: 1, ms: 1, refuse: true })).toThrow('refused by the kind');
    expect(count()).toBe(before);
    expect(db.prepare('SELECT count(*) FROM records').pluck().get()).toBe(0);

    const done = jobs.submit('steps', { steps: 1, ms: 1 });
    expect(record(done.id)).toBe('made');
    await jobs.wait(done.id);
    expect(record(done.id)).toBe('made');
    const failed = jobs.submit('throw', {});
    await jobs.wait(failed.id);
    expect(record(failed.id)).toBe('failed TASK_FAILED');
    const cancelled = jobs.submit('steps', { steps: 200, ms: 10 });
    while (jobs.get(cancelled.id).status !== 'running') await new Promise((r) => setTimeout(r, 10));
    await jobs.cancel(cancelled.id);
    expect(record(cancelled.id)).toBe('cancelled CANCELLED');
  });

  it('tells the record of a job whose owner is gone, when a process recovers it', () => {
    const job = insertJob(db, 'steps', {}, { owner: 'gone-owner' });
    db.prepare(`INSERT INTO records VALUES (?, 'made')`).run(job.id);
    const next = new JobService({ db, pool, events: createEventHub() });
    next.register({ ...taskJob('steps'), ...hooks });
    expect(next.start().map((j) => j.id)).toContain(job.id);
    next.release();
    expect(record(job.id)).toBe('failed INTERRUPTED');
  });
});

describe('JobService beside another process on the same database', () => {
  const fast = { heartbeatMs: 50, leaseMs: 400 };
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  function process(options: { lease?: typeof fast; now?: () => number } = {}) {
    const hub = createEventHub();
    const heard: BarwiseEvent[] = [];
    hub.subscribe((e) => heard.push(e));
    const jobs = new JobService({ db, pool, events: hub, progressSaveMs: 0, lease: options.lease ?? fast, now: options.now });
    jobs.register(taskJob('steps', { persist: (tx, value, job) => void tx.prepare('INSERT INTO results VALUES (?, ?, ?)').run(`r-${job.id}`, job.id, JSON.stringify(value)) }));
    const finals = (id: string) =>
      heard.filter((e) => e.topic === 'job' && e.id === id).map((e) => (e as { status: string }).status).filter((s) => s !== 'queued' && s !== 'running');
    return { jobs, heard, finals };
  }

  it("cancels another process's job by asking its owner, which stops it and records it", async () => {
    const a = process();
    const b = process();
    a.jobs.start();
    b.jobs.start();
    const job = a.jobs.submit('steps', { steps: 300, ms: 10 });
    while (a.jobs.get(job.id).status !== 'running') await sleep(10);
    const cancelled = await b.jobs.cancel(job.id);
    expect(cancelled).toMatchObject({ status: 'cancelled', error: { code: 'CANCELLED' } });
    expect(await a.jobs.wait(job.id)).toMatchObject({ status: 'cancelled' });
    expect(a.finals(job.id)).toEqual(['cancelled']);
    expect(resultRows(job.id)).toHaveLength(0);
    a.jobs.release();
    b.jobs.release();
  });

  it('ends a job that another process failed meanwhile with the row as it is, one final event and no result', async () => {
    const a = process(); // not started: no heartbeat, so the task runs to its end
    const job = a.jobs.submit('steps', { steps: 20, ms: 10 });
    while (a.jobs.get(job.id).status !== 'running') await sleep(10);
    // What another process does when it finds this one gone.
    db.prepare(`UPDATE jobs SET status = 'failed', error_code = 'INTERRUPTED', error_message = 'taken over' WHERE id = ?`).run(job.id);
    const done = await a.jobs.wait(job.id);
    expect(done).toMatchObject({ status: 'failed', error: { code: 'INTERRUPTED', message: 'taken over' }, resultRef: null });
    expect(a.finals(job.id)).toEqual(['failed']);
    expect(resultRows(job.id)).toHaveLength(0);

    // With its heartbeat running, the owner notices at the next beat and stops the task early.
    const b = process();
    b.jobs.start();
    const long = b.jobs.submit('steps', { steps: 1_000, ms: 10 });
    while (b.jobs.get(long.id).status !== 'running') await sleep(10);
    const takenAt = Date.now();
    db.prepare(`UPDATE jobs SET status = 'failed', error_code = 'INTERRUPTED', error_message = 'taken over' WHERE id = ?`).run(long.id);
    expect(await b.jobs.wait(long.id)).toMatchObject({ status: 'failed', error: { message: 'taken over' } });
    expect(Date.now() - takenAt).toBeLessThan(2_000);
    expect(b.finals(long.id)).toEqual(['failed']);
    b.jobs.release();
  });

  it('judges leases only on on-time beats: after a jump of the clock (sleep, a stall) owners get a beat to renew', async () => {
    let offset = 0;
    let onWake: (() => void) | undefined;
    const now = () => {
      if (onWake) setImmediate(onWake); // right after the beat that read the clock
      onWake = undefined;
      return Date.now() + offset;
    };
    const watcher = process({ now });
    const other = { id: 'other-process', pid: globalThis.process.pid, host: watcher.jobs.owner.host }; // alive: only its lease can tell
    const renew = () => holdLease(db, other, fast.leaseMs, now());
    renew();
    const theirs = insertJob(db, 'steps', {}, { owner: other.id });
    watcher.jobs.start();
    await sleep(3 * fast.heartbeatMs);
    expect(watcher.jobs.get(theirs.id).status).toBe('queued');

    // The machine sleeps an hour: every lease has lapsed on the wall clock. The watcher's first beat
    // after waking is late, so it judges no lease; the other process renews just after it.
    offset += 3_600_000;
    onWake = renew;
    await sleep(4 * fast.heartbeatMs);
    expect(onWake).toBeUndefined();
    expect(watcher.jobs.get(theirs.id).status).toBe('queued');

    // Now it stops renewing: once its lease has run out it is failed, and the watcher's front ends hear of it.
    const lapsesAt = db.prepare('SELECT lease_until FROM job_owners WHERE id = ?').pluck().get(other.id) as number;
    while (watcher.jobs.get(theirs.id).status === 'queued' && now() < lapsesAt + 5_000) await sleep(fast.heartbeatMs / 2);
    expect(now()).toBeGreaterThanOrEqual(lapsesAt);
    expect(watcher.jobs.get(theirs.id)).toMatchObject({ status: 'failed', error: { code: 'INTERRUPTED', message: expect.stringMatching(/stopped responding/) } });
    expect(watcher.finals(theirs.id)).toEqual(['failed']);
    watcher.jobs.release();
  });
});
