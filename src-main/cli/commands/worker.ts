import { randomBytes } from 'node:crypto';
import { MAX_THREADS } from '../../../src-shared/api/settings';
import { BarwiseError } from '../../../src-shared/errors';
import { startHealthServer } from '../../health/server';
import { WorkerPool } from '../../pool/pool';
import { connectionLabel, parseConnectionString } from '../../sync/connection';
import { isTransient } from '../../sync/errors';
import { TeamPool } from '../../sync/pool';
import { backoffDelay, DEFAULT_SYNC_TIMING } from '../../sync/service';
import { migrateTeamSchema } from '../../sync/schema/migrate';
import { readSecretFile, targetFromEnvironment } from '../../sync/secrets';
import { workerHealth } from '../../team/worker-health';
import { TeamWorker } from '../../team/worker';
import type { Command } from '../command';
import { parseWholeNumber } from '../parse-values';

/** Resolves once the process is asked to stop (Ctrl+C, or a service manager's SIGTERM). */
const stopSignal = () =>
  new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });

export const workerCommand: Command = {
  name: 'worker',
  summary: 'Run headless: claim backtests from the team server and run them on this machine',
  usage: 'barwise worker [--pg URL | --pg-file PATH] [--threads N] [--health-port N] [--health-host H] [--metrics-token-file PATH]',
  optionHelp: [
    ['--pg URL', 'the team server, postgres://user:password@host:5432/db (else BARWISE_PG_URL, or --pg-file)'],
    ['--pg-file PATH', 'a file (mode 0600) holding that URL, so the password stays off the command line (or BARWISE_PG_URL_FILE)'],
    ['--threads N', 'compute threads (default: one per core)'],
    ['--health-port N', 'serve /health, /health/live, /health/ready, /health/db_pool and /metrics on this port (0: any free one)'],
    ['--health-host H', 'the address to serve them on (default 127.0.0.1)'],
    ['--metrics-token-file PATH', 'a file (mode 0600) with the token /health and /metrics require (else BARWISE_METRICS_TOKEN; else one is made and printed)'],
    ['--lease-seconds N', 'how long a claimed job stays claimed before another worker may take it (default 600)'],
    ['--maintenance-seconds N', 'how often lapsed leases are looked for (default 30)'],
    ['--chunk N', 'jobs claimed at once (default: 4 per thread)'],
  ],
  options: {
    pg: { type: 'string' },
    'pg-file': { type: 'string' },
    'health-port': { type: 'string' },
    'health-host': { type: 'string', default: '127.0.0.1' },
    'metrics-token-file': { type: 'string' },
    'lease-seconds': { type: 'string' },
    'maintenance-seconds': { type: 'string' },
    chunk: { type: 'string' },
  },
  async run(ctx) {
    const v = ctx.values as Record<string, string | undefined>;
    if (v.pg !== undefined && v['pg-file'] !== undefined) throw new BarwiseError('VALIDATION_FAILED', 'give --pg or --pg-file, not both');
    const given = v.pg !== undefined ? parseConnectionString(v.pg) : v['pg-file'] !== undefined ? parseConnectionString(readSecretFile(v['pg-file'])) : undefined;
    const target = given ?? targetFromEnvironment(ctx.env)?.target;
    if (!target) throw new BarwiseError('TEAM_NOT_CONFIGURED', 'barwise worker needs the team server: --pg URL, --pg-file PATH, or BARWISE_PG_URL');
    const threads = parseWholeNumber('threads', ctx.values.threads as string | undefined, 1, MAX_THREADS);
    const healthPort = parseWholeNumber('health-port', v['health-port'], 0, 65_535);
    const leaseSeconds = parseWholeNumber('lease-seconds', v['lease-seconds'], 1, 86_400);
    const maintenanceSeconds = parseWholeNumber('maintenance-seconds', v['maintenance-seconds'], 1, 3_600);
    const chunkSize = parseWholeNumber('chunk', v.chunk, 1, 10_000);
    let token = v['metrics-token-file'] !== undefined ? readSecretFile(v['metrics-token-file'], 'metrics token file') : ctx.env.BARWISE_METRICS_TOKEN;
    const madeToken = !token;
    token ||= randomBytes(24).toString('base64url');

    // A worker runs thousands of small tasks: recycling a thread every 100 tasks (the app's
    // default) costs its warm-up each time, ~0.9 s here, which made 1,000 300-bar backtests take
    // 9.8 s instead of 0.7 s on one thread. Threads are still recycled on heap growth.
    const workerPool = new WorkerPool({ threads, recycleAfterTasks: 10_000 });
    for (const note of workerPool.notes) console.warn(note);
    const pool = new TeamPool({ target, applicationName: 'barwise-worker', onBackgroundError: (error) => console.warn(`barwise worker: ${error.code}: ${error.message}`) });
    let worker: TeamWorker | undefined;
    const health = workerHealth({ workerPool, pool, worker: () => worker });
    const server = healthPort === undefined ? undefined : await startHealthServer({ host: v['health-host'] ?? '127.0.0.1', port: healthPort, token, endpoints: health.endpoints });
    const stop = stopSignal();
    let stopped: string | undefined;
    void stop.then((signal) => (stopped = signal));
    try {
      // A server that is down or busy when the worker starts is waited for, with backoff.
      for (let attempt = 1; worker === undefined; attempt++) {
        try {
          await pool.open();
          await migrateTeamSchema(pool);
          const started = new TeamWorker({
            pool,
            workerPool,
            chunkSize,
            timing: { ...(leaseSeconds ? { leaseSeconds } : {}), ...(maintenanceSeconds ? { maintenanceSeconds } : {}) },
            onJob: (kind, outcome) => health.metrics.countTeamJob(kind, outcome),
          });
          await started.start();
          worker = started;
        } catch (error) {
          const e = pool.wrap(error);
          if (!isTransient(e.code)) throw e;
          const delay = backoffDelay(attempt, DEFAULT_SYNC_TIMING, Math.random);
          console.warn(`barwise worker: ${e.code}: ${e.message} (retrying in ${(delay / 1000).toFixed(1)} s)`);
          await Promise.race([new Promise((resolve) => setTimeout(resolve, delay)), stop]);
          if (stopped) return { stopped };
        }
      }
      ctx.print(`barwise worker ${worker.name}: claiming team jobs from ${connectionLabel(target.connection)} on ${workerPool.threads} threads`);
      if (server) ctx.print(`health: ${server.url}/health (probes: /health/live, /health/ready)${madeToken ? `; token for the others: ${token}` : ''}`);
      const signal = await stop;
      ctx.print(`${signal}: finishing the jobs in hand…`);
      await worker.stop();
      return { worker: worker.name, ...worker.status() };
    } finally {
      await server?.close();
      await pool.close();
      await workerPool.close();
    }
  },
};
