import PgBoss from 'pg-boss';
import type { TeamPool } from '../sync/pool';

/** How long a claimed job may stay claimed before it is taken to be lost (its worker died) and is claimed again. */
export interface QueueTiming {
  /** The lease: a job active longer than this is failed by the maintenance and retried. */
  readonly leaseSeconds: number;
  /** How often some process on the server runs the maintenance that expires lapsed leases. */
  readonly maintenanceSeconds: number;
  /** A job is retried this many times (a lapsed lease counts as one) before it is failed for good. */
  readonly retryLimit: number;
}

export const DEFAULT_QUEUE_TIMING: QueueTiming = Object.freeze({ leaseSeconds: 600, maintenanceSeconds: 30, retryLimit: 3 });

export const queueSchema = (schema: string): string => `${schema}_queue`;

/** The pg-boss queue of one team job kind. */
export const queueName = (kind: string): string => `barwise.${kind}`;

/**
 * The team's job queue: pg-boss in `<schema>_queue`, over the team pool (so every wait stays
 * bounded). pg-boss gives the claiming — `FOR UPDATE SKIP LOCKED`, so a job goes to exactly one
 * claimer however many ask at once — the lease (`expireInSeconds`), and the retry of jobs whose
 * lease lapsed. Scheduling (cron) is off; maintenance runs on every process that opens the queue,
 * and pg-boss lets one of them do it per interval.
 */
export async function openQueue(
  pool: TeamPool,
  kinds: readonly string[],
  timing: QueueTiming = DEFAULT_QUEUE_TIMING,
  onError: (error: Error) => void = () => undefined,
): Promise<PgBoss> {
  const boss = new PgBoss({
    db: { executeSql: (text: string, values: unknown[]) => pool.queryRaw(text, values) },
    schema: queueSchema(pool.schema),
    schedule: false,
    supervise: true,
    maintenanceIntervalSeconds: timing.maintenanceSeconds,
  });
  // pg-boss reports maintenance failures as events; unheard they would end the process.
  boss.on('error', (error: Error) => onError(pool.wrap(error)));
  // pg-boss's installation and queue creation from several machines at once deadlock on its
  // tables (seen with two workers starting together): one machine at a time, by a session lock.
  const lock = await pool.connect();
  try {
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', [`barwise-queue:${pool.schema}`]);
    await setUp(boss, pool, kinds, timing);
  } finally {
    await lock.query('SELECT pg_advisory_unlock(hashtext($1))', [`barwise-queue:${pool.schema}`]).catch(() => undefined);
    lock.release();
  }
  return boss;
}

async function setUp(boss: PgBoss, pool: TeamPool, kinds: readonly string[], timing: QueueTiming): Promise<void> {
  await boss.start();
  for (const kind of kinds) {
    const name = queueName(kind);
    const options = { name, retryLimit: timing.retryLimit, expireInSeconds: timing.leaseSeconds, retryDelay: 0 };
    if (!(await boss.getQueue(name))) {
      // Two machines starting at once may both create it: the loser finds it there.
      await boss.createQueue(name, options).catch(async (error: unknown) => {
        if (!(await boss.getQueue(name))) throw pool.wrap(error);
      });
    }
    await boss.updateQueue(name, options);
  }
}
