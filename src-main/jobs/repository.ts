import { BarwiseError, isErrorCode, type ErrorValue } from '../../src-shared/errors';
import { JOB_STATUSES, type Job, type JobStatus } from '../../src-shared/api/jobs';
import type { Db } from '../store/db';
import { newId } from '../store/ids';
import { isFinished, transitionRefusal } from './state';

interface JobRow {
  id: string;
  kind: string;
  params: string;
  status: string;
  progress: number;
  message: string;
  error_code: string | null;
  error_message: string | null;
  result_ref: string | null;
  started_at: number | null;
  finished_at: number | null;
  owner_id: string | null;
  cancel_requested: number;
  created_at: number;
  updated_at: number;
}

/** Database row → Job, validated at the edge: a row this code cannot read is a bug to report. */
function toJob(row: JobRow): Job {
  if (!(JOB_STATUSES as readonly string[]).includes(row.status)) {
    throw new BarwiseError('INTERNAL', `job ${row.id} has unknown status "${row.status}"`);
  }
  let error: ErrorValue | null = null;
  if (row.error_code !== null) {
    error = { code: isErrorCode(row.error_code) ? row.error_code : 'INTERNAL', message: row.error_message ?? '' };
  }
  return {
    id: row.id,
    kind: row.kind,
    params: JSON.parse(row.params) as unknown,
    status: row.status as JobStatus,
    progress: row.progress,
    message: row.message,
    error,
    resultRef: row.result_ref,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    updatedAt: row.updated_at,
  };
}

export type Clock = () => number;

/**
 * Who is writing: the owner token of the calling process (src-main/jobs/owners.ts). A job is
 * created with its caller as owner, and only its owner may move it.
 */
export interface Caller {
  readonly owner: string;
  readonly now?: Clock;
}

export function insertJob(db: Db, kind: string, params: unknown, by: Caller): Job {
  const id = newId();
  const at = (by.now ?? Date.now)();
  db.prepare(
    `INSERT INTO jobs (id, kind, params, status, owner_id, created_at, updated_at) VALUES (?, ?, ?, 'queued', ?, ?, ?)`,
  ).run(id, kind, JSON.stringify(params ?? null), by.owner, at, at);
  return requireJob(db, id);
}

export function getJob(db: Db, id: string): Job | undefined {
  const row = db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
  return row && toJob(row);
}

export function requireJob(db: Db, id: string): Job {
  const job = getJob(db, id);
  if (!job) throw new BarwiseError('JOB_NOT_FOUND', `No job with id ${id}`);
  return job;
}

export function listJobs(db: Db, filter: { status?: JobStatus; limit?: number } = {}): Job[] {
  const limit = filter.limit ?? 100;
  const rows = filter.status
    ? db.prepare('SELECT * FROM jobs WHERE status = ? ORDER BY created_at DESC, id DESC LIMIT ?').all(filter.status, limit)
    : db.prepare('SELECT * FROM jobs ORDER BY created_at DESC, id DESC LIMIT ?').all(limit);
  return (rows as JobRow[]).map(toJob);
}

export interface TransitionPatch {
  readonly error?: ErrorValue;
  readonly message?: string;
  readonly progress?: number;
  readonly resultRef?: string | null;
}

/** Why `by` may not move job `row` to `to`, or null if it may. */
function refusal(row: JobRow, to: JobStatus, by: Caller): string | null {
  if (row.owner_id !== by.owner) {
    return `Job ${row.id} belongs to another Barwise process; only that process moves it (ask it to cancel instead)`;
  }
  return transitionRefusal(row.id, toJob(row).status, to);
}

const readRow = (db: Db, id: string): JobRow => {
  const row = db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
  if (!row) throw new BarwiseError('JOB_NOT_FOUND', `No job with id ${id}`);
  return row;
};

/**
 * Moves a job to `to` if the state machine allows it and the caller owns it, in one transaction;
 * otherwise leaves the row alone and returns it as it is, with `moved: false` (the job finished
 * meanwhile — cancelled, or failed by another process that found this one gone).
 */
export function tryTransitionJob(db: Db, id: string, to: JobStatus, by: Caller, patch: TransitionPatch = {}): { job: Job; moved: boolean } {
  return db.transaction(() => {
    const row = readRow(db, id);
    if (refusal(row, to, by) !== null) return { job: toJob(row), moved: false };
    const at = (by.now ?? Date.now)();
    db.prepare(
      `UPDATE jobs SET status = @to, updated_at = @at,
         started_at = CASE WHEN @to = 'running' THEN @at ELSE started_at END,
         finished_at = CASE WHEN @finished THEN @at ELSE finished_at END,
         progress = COALESCE(@progress, progress),
         message = COALESCE(@message, message),
         error_code = COALESCE(@errorCode, error_code),
         error_message = COALESCE(@errorMessage, error_message),
         result_ref = COALESCE(@resultRef, result_ref)
       WHERE id = @id`,
    ).run({
      id,
      to,
      at,
      finished: isFinished(to) ? 1 : 0,
      progress: patch.progress ?? null,
      message: patch.message ?? null,
      errorCode: patch.error?.code ?? null,
      errorMessage: patch.error?.message ?? null,
      resultRef: patch.resultRef ?? null,
    });
    return { job: requireJob(db, id), moved: true };
  }).immediate();
}

/** Moves a job to `to`, or throws INVALID_TRANSITION (the state machine or the owner forbids it). */
export function transitionJob(db: Db, id: string, to: JobStatus, by: Caller, patch: TransitionPatch = {}): Job {
  return db.transaction(() => {
    const reason = refusal(readRow(db, id), to, by);
    if (reason !== null) throw new BarwiseError('INVALID_TRANSITION', reason);
    return tryTransitionJob(db, id, to, by, patch).job;
  }).immediate();
}

/**
 * Writes a job's result and marks it `completed` in ONE transaction: if `writeResult` throws or
 * the transition is refused (the job was cancelled meanwhile, or is no longer the caller's),
 * neither happens. `writeResult` returns the id of what it wrote (a run, a dataset…), kept as
 * `result_ref`.
 */
export function completeJob(
  db: Db,
  id: string,
  writeResult: (db: Db) => string | null | undefined | void,
  by: Caller,
  summary?: () => string | undefined,
): Job {
  return db.transaction(() => {
    const reason = refusal(readRow(db, id), 'completed', by);
    if (reason !== null) throw new BarwiseError('INVALID_TRANSITION', reason);
    const ref = writeResult(db) ?? null;
    // The final figures replace the last progress message ("loading bars" must not outlive the work).
    return transitionJob(db, id, 'completed', by, { progress: 1, resultRef: ref, message: summary?.() ?? '' });
  }).immediate();
}

/** Progress of an unfinished job of the caller's (a finished one keeps its final progress). */
export function updateProgress(db: Db, id: string, progress: number, message: string, by: Caller): void {
  db.prepare(
    `UPDATE jobs SET progress = ?, message = ?, updated_at = ? WHERE id = ? AND owner_id = ? AND status IN ('queued', 'running')`,
  ).run(Math.min(1, Math.max(0, progress)), message, (by.now ?? Date.now)(), id, by.owner);
}

/** The process a job belongs to (null for jobs from before ownership). */
export function jobOwner(db: Db, id: string): string | null {
  return readRow(db, id).owner_id;
}

/** Asks a job's owner, from any process, to cancel it; false if it has already finished. */
export function requestCancel(db: Db, id: string, now: Clock = Date.now): boolean {
  return (
    db
      .prepare(`UPDATE jobs SET cancel_requested = 1, updated_at = ? WHERE id = ? AND status IN ('queued', 'running')`)
      .run(now(), id).changes > 0
  );
}

/**
 * Of the given jobs (the caller's running ones), those it must stop: another process asked for a
 * cancel, or finished them (it found this process gone, so they are no longer its to finish).
 */
export function jobsToStop(db: Db, ids: readonly string[]): string[] {
  if (ids.length === 0) return [];
  return db
    .prepare(
      `SELECT id FROM jobs WHERE id IN (SELECT value FROM json_each(?))
       AND (cancel_requested = 1 OR status NOT IN ('queued', 'running'))`,
    )
    .pluck()
    .all(JSON.stringify(ids)) as string[];
}

export function deleteFinishedJobs(db: Db): number {
  return db.prepare(`DELETE FROM jobs WHERE status IN ('completed', 'failed', 'cancelled')`).run().changes;
}
