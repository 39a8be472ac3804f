import type { HealthReport } from '../../src-shared/api/health';
import type { HealthEndpoints } from '../health/http';
import { BarwiseMetrics } from '../health/metrics';
import { healthReport, isReady, type HealthSources } from '../health/report';
import type { WorkerPool } from '../pool/pool';
import type { TeamPool } from '../sync/pool';
import type { TeamWorker } from './worker';

/** A headless worker's health: its thread pool and its link to the team server (no SQLite). */
export function workerHealth(deps: { readonly workerPool: WorkerPool; readonly pool: TeamPool; readonly worker: () => TeamWorker | undefined }): {
  endpoints: HealthEndpoints;
  metrics: BarwiseMetrics;
} {
  const sources: HealthSources = {
    workerPool: deps.workerPool,
    postgres: () => {
      const worker = deps.worker();
      if (!worker) return { state: 'connecting', detail: 'starting' };
      const error = worker.status().lastError;
      return error ? { state: 'offline', detail: `${error.code}: ${error.message}` } : { state: 'online', detail: 'claiming work' };
    },
    figures: (): HealthReport['figures'] => {
      const m = deps.workerPool.metrics();
      const status = deps.worker()?.status();
      return {
        jobs: { claimed: status?.inFlight ?? 0, completed: status?.completed ?? 0, failed: status?.failed ?? 0, retried: status?.retried ?? 0 },
        threads: m.threads,
        busyThreads: m.busy,
        queuedTasks: m.queueLength,
        outboxDepth: 0,
        syncLagMs: 0,
        syncState: status?.lastError ? 'offline' : 'online',
        pgPool: deps.pool.figures(),
      };
    },
  };
  const report = () => healthReport(sources);
  const metrics = new BarwiseMetrics(report);
  deps.workerPool.observeDurations((kind, ms) => metrics.observeTask(kind, ms));
  const ready = () => isReady(sources) && deps.worker() !== undefined && sources.postgres().state === 'online';
  return { endpoints: { report, ready, pgPool: () => deps.pool.figures(), metrics }, metrics };
}
