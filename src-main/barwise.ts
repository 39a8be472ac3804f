import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { apiSpec, type BarwiseApi, type BarwiseClient } from '../src-shared/api';
import { createClient } from '../src-shared/api/client';
import { backtestsImpl } from './api/backtests';
import { datasetsImpl } from './api/datasets';
import { implement } from './api/implement';
import { optimizationsImpl } from './api/optimizations';
import { runsImpl } from './api/runs';
import { presetsImpl } from './api/presets';
import { settingsImpl } from './api/settings';
import { strategiesImpl } from './api/strategies';
import { systemImpl } from './api/system';
import { backtestJob } from './backtests/job';
import { DataService } from './data/service';
import { createEventHub, type EventHub } from './events';
import { DATABASE_FILE, makeDataDir } from './paths';
import { readSettings } from './settings/repository';
import { openDatabase, type Db } from './store/db';
import { StrategyService } from './strategies/service';
import { jobsImpl } from './api/jobs';
import { modelsImpl } from './api/models';
import { trainJob } from './models/job';
import { ModelService } from './models/service';
import type { LeaseOptions } from './jobs/lease';
import { JobService } from './jobs/service';
import { WorkerPool } from './pool/pool';
import { optimizationJob } from './optimizations/job';
import { OptimizationService } from './optimizations/service';
import { healthImpl } from './api/health';
import { teamImpl } from './api/team';
import { appHealth } from './health/app-health';
import type { HealthEndpoints } from './health/http';
import { memorySecretStore, targetFromEnvironment, type SecretStore } from './sync/secrets';
import { SyncService, type SyncTiming } from './sync/service';
import { TeamCompute } from './team/compute';
import type { QueueTiming } from './team/queue';

export interface BarwiseOptions {
  readonly dataDir: string;
  /** Worker threads; defaults to the core count. */
  readonly threads?: number;
  /** better-sqlite3 binary for this runtime's ABI (the Electron app passes its own build). */
  readonly nativeBinding?: string;
  /** How this process holds its jobs against other processes on the data dir; tests shorten it. */
  readonly lease?: Partial<LeaseOptions>;
  /**
   * Watch the data dir's strategies folder and check the files found changed (the app and the
   * browser shell do; a CLI command reads the folder when it needs it).
   */
  readonly watchStrategies?: boolean;
  /**
   * Resume the optimizations a quit or a crash left unfinished (the app and the browser shell do;
   * a CLI command would only start them to interrupt them again when it exits).
   */
  readonly resumeOptimizations?: boolean;
  /** Where the team password is kept: the desktop app passes its safeStorage store; memory otherwise. */
  readonly secrets?: SecretStore;
  /** Where BARWISE_PG_URL / BARWISE_PG_URL_FILE are read (process.env by default). */
  readonly env?: NodeJS.ProcessEnv;
  /** Team sync: the app and the shell run it in the background; the CLI syncs only when asked. */
  readonly sync?: {
    readonly background?: boolean;
    readonly timing?: Partial<SyncTiming>;
    readonly queue?: Partial<QueueTiming>;
    /** How often a job following a team batch reads its progress. */
    readonly batchPollMs?: number;
  };
}

export interface Barwise {
  readonly dataDir: string;
  readonly db: Db;
  /** The API as transports expose it: validated input, `Result` values, never a throw. */
  readonly api: BarwiseApi;
  /** The same API for in-process callers (CLI, tests): resolves values, throws BarwiseError. */
  readonly client: BarwiseClient;
  /** Pushes progress and status to every connected front end. */
  readonly events: EventHub;
  /** Worker threads for every long computation; tasks are registered in src-workers/tasks/kinds.ts. */
  readonly pool: WorkerPool;
  /** Job rows + their runs on the pool: register a JobDefinition, then `jobs.submit(kind, params)`. */
  readonly jobs: JobService;
  /** Market data: imports, and the SharedArrayBuffer dataset cache (`data.getSharedBars`, `data.cache.stats()`). */
  readonly data: DataService;
  /** User strategies: the files of DATA_DIR/strategies, compiled, described and checked. */
  readonly strategies: StrategyService;
  /** Models: training jobs, fingerprints, lineage (src-main/models). */
  readonly models: ModelService;
  /** Parameter searches, walk-forward analyses and Monte Carlo studies (src-main/optimizations). */
  readonly optimizations: OptimizationService;
  /** The team server: background sync of runs (src-main/sync) and team compute (src-main/team). */
  readonly sync: SyncService;
  readonly team: TeamCompute;
  /** /health, the probes and /metrics, as the shell serves them. */
  readonly health: HealthEndpoints;
  close(): Promise<void>;
}

/** Everything behind the app, in plain Node: used by Electron, the browser shell, the CLI and tests. */
export function createBarwise(options: BarwiseOptions): Barwise {
  const dataDir = makeDataDir(options.dataDir);
  const databaseFile = join(dataDir, DATABASE_FILE);
  const db = openDatabase(databaseFile, { nativeBinding: options.nativeBinding });
  // Threads default to the core count; more than that is capped (and said so).
  // --threads wins; then the Settings page's choice; then one thread per core.
  const settings = readSettings(db);
  const pool = new WorkerPool({
    threads: options.threads ?? settings.threads ?? availableParallelism(),
    userCodeTimeoutMs: settings.strategyTimeLimitSeconds * 1000,
  });
  for (const note of pool.notes) console.warn(note);
  const threads = pool.threads;

  const events = createEventHub();
  const jobs = new JobService({ db, pool, events, lease: options.lease });
  const data = new DataService({ db, dataDir, events, jobs });
  jobs.register(backtestJob(data));
  const strategies = new StrategyService({ db, dataDir, pool, events });
  if (options.watchStrategies) strategies.watch();
  jobs.register(trainJob(data));
  const models = new ModelService({ db, jobs, strategies });
  jobs.register(optimizationJob({ data, events, threads }));
  const optimizations = new OptimizationService({ data, jobs, pool, strategies, events });
  const secrets = options.secrets ?? memorySecretStore();
  const sync = new SyncService({ db, secrets, override: targetFromEnvironment(options.env ?? process.env), timing: options.sync?.timing });
  const team = new TeamCompute({ sync, data, jobs, timing: options.sync?.queue, pollMs: options.sync?.batchPollMs });
  // Every job kind is registered by now, so a job recovered here tells its own record (a model).
  // Other processes may be running jobs on this data dir: only the jobs of owners that are gone
  // are failed (INTERRUPTED); then the heartbeat keeps this process's own (docs/jobs.md).
  jobs.start();
  // After recovery has failed the interrupted jobs: their optimizations resume as new jobs.
  if (options.resumeOptimizations) optimizations.resumeInterrupted();
  const health = appHealth({ db, pool, sync });
  if (options.sync?.background !== false) sync.start();
  const api = implement(apiSpec, {
    system: systemImpl({ db, dataDir, databaseFile, threads, ping: () => pool.ping() }),
    jobs: jobsImpl({ jobs, pool }),
    datasets: datasetsImpl(data),
    backtests: backtestsImpl({ jobs, data, strategies }),
    strategies: strategiesImpl(strategies),
    models: modelsImpl(db, models),
    runs: runsImpl(db, strategies),
    presets: presetsImpl(db),
    optimizations: optimizationsImpl(optimizations, jobs),
    settings: settingsImpl(db, pool),
    team: teamImpl({ db, sync, compute: team, secrets }),
    health: healthImpl(health),
  });

  return {
    dataDir,
    db,
    api,
    client: createClient(api),
    events,
    pool,
    jobs,
    data,
    strategies,
    models,
    optimizations,
    sync,
    team,
    health,
    async close() {
      strategies.close();
      data.close();
      jobs.stopAccepting();
      // Jobs following a team batch stop following it (INTERRUPTED); the batch runs on regardless.
      team.stopFollowing();
      await pool.close();
      await jobs.idle();
      jobs.release();
      // The queue runs over the sync's pool: stop it first.
      await team.close();
      await sync.close();
      if (db.open) db.close();
    },
  };
}
