import type { CheckStatus, HealthCheck, HealthReport } from '../../src-shared/api/health';
import type { SyncState } from '../../src-shared/api/team';
import type { WorkerPool } from '../pool/pool';
import type { Db } from '../store/db';

/** The parts a process's health is made of; a headless worker has no SQLite, the app no claiming loop. */
export interface HealthSources {
  readonly db?: Db;
  readonly workerPool: WorkerPool;
  /** The team server as this process sees it: not configured, or its sync/claiming state. */
  postgres(): { readonly state: SyncState | 'not_configured'; readonly detail: string };
  figures(): HealthReport['figures'];
}

function sqliteCheck(db: Db | undefined): HealthCheck {
  if (!db) return { status: 'not_configured', detail: 'this process keeps no SQLite database' };
  if (!db.open) return { status: 'down', detail: 'the database is closed' };
  try {
    db.prepare('SELECT 1').get();
    return { status: 'ok', detail: 'open' };
  } catch (error) {
    return { status: 'down', detail: (error as Error).message };
  }
}

function poolCheck(pool: WorkerPool): HealthCheck {
  const m = pool.metrics();
  // Threads start when work arrives: none alive while idle is healthy; a queue with none alive is not.
  if (m.queueLength > 0 && m.alive === 0) return { status: 'degraded', detail: `${m.queueLength} tasks waiting and no thread alive` };
  return { status: 'ok', detail: `${m.alive} of ${m.threads} threads alive, ${m.busy} busy, ${m.queueLength} tasks queued` };
}

const POSTGRES_STATUS: Readonly<Record<SyncState | 'not_configured', CheckStatus>> = {
  not_configured: 'not_configured',
  off: 'not_configured',
  paused: 'ok',
  connecting: 'ok',
  online: 'ok',
  offline: 'down',
  error: 'down',
};

/** `/health`: every part's check; the whole is degraded when any configured part is not ok. */
export function healthReport(sources: HealthSources): HealthReport {
  const pg = sources.postgres();
  const checks = {
    sqlite: sqliteCheck(sources.db),
    pool: poolCheck(sources.workerPool),
    postgres: { status: POSTGRES_STATUS[pg.state], detail: pg.detail },
  };
  const degraded = Object.values(checks).some((c) => c.status === 'down' || c.status === 'degraded');
  return { status: degraded ? 'degraded' : 'ok', checks, figures: sources.figures() };
}

/** `/health/ready`: this process can take work (its database and thread pool are up). */
export function isReady(sources: HealthSources): boolean {
  const report = healthReport(sources);
  return report.checks.sqlite.status !== 'down' && report.checks.pool.status === 'ok';
}
