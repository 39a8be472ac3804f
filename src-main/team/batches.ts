import type PgBoss from 'pg-boss';
import type { TeamBatchStatus } from '../../src-shared/api/team';
import { BarwiseError, type ErrorValue } from '../../src-shared/errors';
import type { TeamPool } from '../sync/pool';
import { newId } from '../store/ids';
import type { TeamJobData, TeamJobKind } from './kinds';
import { queueName, queueSchema, type QueueTiming } from './queue';

/** Jobs inserted per statement (pg-boss `insert` takes one JSON array). */
const INSERT_CHUNK = 1_000;

/**
 * Records a batch and queues its jobs (state `created`: pending). The batch row comes first, so a
 * worker never writes a result for a batch the server does not know.
 */
export async function submitBatch<Data extends TeamJobData>(
  pool: TeamPool,
  boss: PgBoss,
  kind: string,
  deviceId: string,
  data: ReadonlyArray<Omit<Data, 'batchId' | 'seq'>>,
  timing: QueueTiming,
): Promise<string> {
  const batchId = newId();
  await pool.query(`INSERT INTO ${pool.schema}.batches (id, device_id, kind, total) VALUES ($1, $2, $3, $4)`, [batchId, deviceId, kind, data.length]);
  const name = queueName(kind);
  for (let from = 0; from < data.length; from += INSERT_CHUNK) {
    await boss.insert(
      data.slice(from, from + INSERT_CHUNK).map((d, i) => ({
        name,
        data: { ...d, batchId, seq: from + i },
        retryLimit: timing.retryLimit,
        expireInSeconds: timing.leaseSeconds,
        retryDelay: 0,
      })),
    );
  }
  return batchId;
}

/**
 * A batch's jobs by state. Pending (`created`, `retry`) and claimed (`active`) are read from the
 * queue's job table (pg-boss's documented `job` table); completed and failed from the results,
 * which outlive the queue's archiving.
 */
export async function batchStatus(pool: TeamPool, batchId: string): Promise<TeamBatchStatus> {
  const s = pool.schema;
  const batch = await pool.query<{ total: number; kind: string }>(`SELECT total, kind FROM ${s}.batches WHERE id = $1`, [batchId]);
  const found = batch.rows[0];
  if (!found) throw new BarwiseError('NOT_FOUND', `The team server has no batch ${batchId}`);
  const results = await pool.query<{ status: string; n: number }>(
    `SELECT status, count(*)::int AS n FROM ${s}.results WHERE batch_id = $1 GROUP BY status`,
    [batchId],
  );
  const queued = await pool.query<{ state: string; n: number }>(
    `SELECT state, count(*)::int AS n FROM ${queueSchema(s)}.job WHERE name = $1 AND data->>'batchId' = $2 AND state IN ('created', 'retry', 'active') GROUP BY state`,
    [queueName(found.kind), batchId],
  );
  const completed = results.rows.find((r) => r.status === 'completed')?.n ?? 0;
  const failed = results.rows.find((r) => r.status === 'failed')?.n ?? 0;
  const claimed = queued.rows.find((r) => r.state === 'active')?.n ?? 0;
  const pending = Math.max(0, found.total - completed - failed - claimed);
  return { batchId, total: found.total, pending, claimed, completed, failed };
}

export interface BatchResult<Output> {
  readonly seq: number;
  readonly status: 'completed' | 'failed';
  readonly output?: Output;
  readonly error?: ErrorValue;
  readonly worker: string;
}

/** The batch's results in seq order, decoded by its kind. */
export async function batchResults<Output>(pool: TeamPool, batchId: string, kind: TeamJobKind<TeamJobData, Output>): Promise<BatchResult<Output>[]> {
  const rows = await pool.query<{ seq: number; status: 'completed' | 'failed'; output: Buffer | null; error: ErrorValue | null; worker: string }>(
    `SELECT seq, status, output, error, worker FROM ${pool.schema}.results WHERE batch_id = $1 ORDER BY seq`,
    [batchId],
  );
  return rows.rows.map((r) => ({
    seq: r.seq,
    status: r.status,
    output: r.output ? kind.decode(r.output) : undefined,
    error: r.error ?? undefined,
    worker: r.worker,
  }));
}

/** Cancels a batch's jobs that have not finished (a cancelled local job that follows it). */
export async function cancelBatch(pool: TeamPool, boss: PgBoss, kind: string, batchId: string): Promise<void> {
  const ids = await pool.query<{ id: string }>(
    `SELECT id FROM ${queueSchema(pool.schema)}.job WHERE name = $1 AND data->>'batchId' = $2 AND state IN ('created', 'retry', 'active')`,
    [queueName(kind), batchId],
  );
  if (ids.rows.length > 0) await boss.cancel(queueName(kind), ids.rows.map((r) => r.id));
}
