import type { HealthReport } from '../../src-shared/api/health';
import type { WorkerPool } from '../pool/pool';
import type { Db } from '../store/db';
import type { SyncService } from '../sync/service';
import type { HealthEndpoints } from './http';
import { BarwiseMetrics } from './metrics';
import { healthReport, isReady, type HealthSources } from './report';

/** Local jobs by status, every status present (0 when none). */
function jobsByStatus(db: Db): Record<string, number> {
  const counts: Record<string, number> = { queued: 0, running: 0, completed: 0, failed: 0, cancelled: 0 };
  if (!db.open) return counts;
  for (const row of db.prepare('SELECT status, count(*) AS n FROM jobs GROUP BY status').all() as Array<{ status: string; n: number }>) {
    counts[row.status] = row.n;
  }
  return counts;
}

/** The app's (and the browser shell's) health: SQLite, the thread pool, and the team sync. */
export function appHealth(deps: { readonly db: Db; readonly pool: WorkerPool; readonly sync: SyncService }): HealthEndpoints {
  const sources: HealthSources = {
    db: deps.db,
    workerPool: deps.pool,
    postgres: () => {
      if (!deps.db.open) return { state: 'not_configured', detail: 'closed' };
      const status = deps.sync.status();
      if (status.state === 'off') return { state: 'not_configured', detail: 'no team server configured' };
      const error = status.lastError ? `: ${status.lastError.code}: ${status.lastError.message}` : '';
      return { state: status.state, detail: `${status.state}, ${status.server ?? ''}${error}` };
    },
    figures: (): HealthReport['figures'] => {
      const m = deps.pool.metrics();
      const status = deps.db.open ? deps.sync.status() : undefined;
      return {
        jobs: jobsByStatus(deps.db),
        threads: m.threads,
        busyThreads: m.busy,
        queuedTasks: m.queueLength,
        outboxDepth: status?.outboxDepth ?? 0,
        syncLagMs: status?.lagMs ?? 0,
        syncState: status?.state ?? 'off',
        pgPool: status?.pool ?? null,
      };
    },
  };
  const report = () => healthReport(sources);
  const metrics = new BarwiseMetrics(report);
  deps.pool.observeDurations((kind, ms) => metrics.observeTask(kind, ms));
  return { report, ready: () => isReady(sources), pgPool: () => (deps.db.open ? deps.sync.status().pool : null), metrics };
}
