import { BarwiseError, isErrorCode, type ErrorValue } from '../../src-shared/errors';
import { JOB_STATUSES, type Job, type JobStatus } from '../../src-shared/api/jobs';
import type { Db } from '../store/db';
import { newId } from '../store/ids';
import { assertTransition, isFinished } from './state';

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

export function insertJob(db: Db, kind: string, params: unknown, now: Clock = Date.now): Job {
  const id = newId();
  const at = now();
  db.prepare(
    `INSERT INTO jobs (id, kind, params, status, created_at, updated_at) VALUES (?, ?, ?, 'queued', ?, ?)`,
  ).run(id, kind, JSON.stringify(params ?? null), at, at);
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

/** Moves a job to `to` if the state machine allows it (else INVALID_TRANSITION), in one transaction. */
export function transitionJob(db: Db, id: string, to: JobStatus, patch: TransitionPatch = {}, now: Clock = Date.now): Job {
  return db.transaction(() => {
    const job = requireJob(db, id);
    assertTransition(id, job.status, to);
    const at = now();
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
    return requireJob(db, id);
  }).immediate();
}

/**
 * Writes a job's result and marks it `completed` in ONE transaction: if `writeResult` throws or
 * the transition is invalid (the job was cancelled meanwhile), neither happens.
 * `writeResult` returns the id of what it wrote (a run, a dataset…), kept as `result_ref`.
 */
export function completeJob(
  db: Db,
  id: string,
  writeResult: (db: Db) => string | null | undefined | void,
  now: Clock = Date.now,
): Job {
  return db.transaction(() => {
    const ref = writeResult(db) ?? null;
    return transitionJob(db, id, 'completed', { progress: 1, resultRef: ref }, now);
  }).immediate();
}

/** Progress of an unfinished job (a finished one keeps its final progress). */
export function updateProgress(db: Db, id: string, progress: number, message: string, now: Clock = Date.now): void {
  db.prepare(
    `UPDATE jobs SET progress = ?, message = ?, updated_at = ? WHERE id = ? AND status IN ('queued', 'running')`,
  ).run(Math.min(1, Math.max(0, progress)), message, now(), id);
}

/** At startup: jobs left running or queued by a previous process can never finish; say so. */
export function recoverInterruptedJobs(db: Db, now: Clock = Date.now): number {
  const at = now();
  return db
    .prepare(
      `UPDATE jobs SET status = 'failed', error_code = 'INTERRUPTED',
         error_message = 'Barwise stopped before this job finished',
         finished_at = ?, updated_at = ?
       WHERE status IN ('running', 'queued')`,
    )
    .run(at, at).changes;
}

export function deleteFinishedJobs(db: Db): number {
  return db.prepare(`DELETE FROM jobs WHERE status IN ('completed', 'failed', 'cancelled')`).run().changes;
}
