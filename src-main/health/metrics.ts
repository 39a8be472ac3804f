import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { HealthReport } from '../../src-shared/api/health';

/**
 * The process's Prometheus metrics (prom-client), in a registry of its own so two Barwise
 * instances in one process (tests) do not share counters. Gauges read the current figures at
 * scrape time; task durations and team job outcomes are observed as they happen.
 */
export class BarwiseMetrics {
  readonly registry = new Registry();
  private readonly durations: Histogram<'kind'>;
  private readonly teamJobs: Counter<'kind' | 'outcome'>;

  constructor(figures: () => HealthReport) {
    const registry = this.registry;
    collectDefaultMetrics({ register: registry, prefix: 'barwise_process_' });
    const current = () => figures();
    new Gauge({
      name: 'barwise_health_ok',
      help: '1 when /health is ok, 0 when degraded',
      registers: [registry],
      collect() {
        this.set(current().status === 'ok' ? 1 : 0);
      },
    });
    new Gauge({
      name: 'barwise_jobs',
      help: 'Local jobs by state (SQLite), or team jobs this worker holds',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        this.reset();
        for (const [state, n] of Object.entries(current().figures.jobs)) this.set({ state }, n);
      },
    });
    new Gauge({
      name: 'barwise_worker_threads',
      help: 'Compute threads by state',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        const f = current().figures;
        this.set({ state: 'busy' }, f.busyThreads);
        this.set({ state: 'idle' }, Math.max(0, f.threads - f.busyThreads));
      },
    });
    new Gauge({
      name: 'barwise_worker_pool_utilisation',
      help: 'Busy threads / threads (0…1)',
      registers: [registry],
      collect() {
        const f = current().figures;
        this.set(f.threads > 0 ? f.busyThreads / f.threads : 0);
      },
    });
    new Gauge({
      name: 'barwise_worker_pool_queued_tasks',
      help: 'Tasks waiting for a thread',
      registers: [registry],
      collect() {
        this.set(current().figures.queuedTasks);
      },
    });
    new Gauge({
      name: 'barwise_sync_outbox_depth',
      help: 'Local changes not yet on the team server',
      registers: [registry],
      collect() {
        this.set(current().figures.outboxDepth);
      },
    });
    new Gauge({
      name: 'barwise_sync_lag_seconds',
      help: 'Age of the oldest change not yet on the team server',
      registers: [registry],
      collect() {
        this.set(current().figures.syncLagMs / 1000);
      },
    });
    new Gauge({
      name: 'barwise_pg_pool_connections',
      help: 'Connections to the team server by state (waiting: requests queued for one)',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        const p = current().figures.pgPool;
        this.reset();
        if (!p) return;
        this.set({ state: 'total' }, p.total);
        this.set({ state: 'idle' }, p.idle);
        this.set({ state: 'waiting' }, p.waiting);
        this.set({ state: 'max' }, p.max);
      },
    });
    this.durations = new Histogram({
      name: 'barwise_task_duration_seconds',
      help: 'Run time of compute tasks on the worker threads',
      labelNames: ['kind'],
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 60, 300],
      registers: [registry],
    });
    this.teamJobs = new Counter({
      name: 'barwise_team_jobs_total',
      help: 'Team jobs this process ran, by outcome',
      labelNames: ['kind', 'outcome'],
      registers: [registry],
    });
  }

  observeTask(kind: string, ms: number): void {
    this.durations.observe({ kind }, ms / 1000);
  }

  countTeamJob(kind: string, outcome: string): void {
    this.teamJobs.inc({ kind, outcome });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
