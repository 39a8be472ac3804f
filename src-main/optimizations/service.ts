import type { BacktestRequest } from '../../src-shared/api/backtests';
import type {
  CreateOptimization,
  CreatedOptimization,
  Heatmap,
  OptimizationDetail,
  OptimizationSummary,
  VariantPage,
  VariantQuery,
} from '../../src-shared/api/optimizations';
import type { Job } from '../../src-shared/api/jobs';
import type { ExportedFile } from '../../src-shared/api/runs';
import type { ParamValues } from '../../src-shared/backtest';
import { BarwiseError, toErrorValue } from '../../src-shared/errors';
import type { OptimizePlan } from '../../src-shared/optimize/tasks';
import { parseBacktestRequest } from '../backtests/job';
import { getDataset } from '../data/repository';
import type { DataService } from '../data/service';
import type { EventHub } from '../events';
import type { JobService } from '../jobs/service';
import { getRun } from '../runs/repository';
import type { WorkerPool } from '../pool/pool';
import type { StrategyService } from '../strategies/service';
import { heatmap } from './analysis';
import { announce, OPTIMIZATION_JOB } from './job';
import {
  allVariants,
  attachJob,
  deleteOptimization,
  getOptimization,
  insertOptimization,
  interruptedOptimizations,
  listOptimizations,
  updateOptimization,
  variantPage,
  type OptimizationFilter,
} from './repository';
import { checkSpace, storedKind, type SearchRunSpec, type StoredSpec } from './spec';
import { variantsCsv } from './export';

export interface OptimizationServiceDeps {
  readonly data: DataService;
  readonly jobs: JobService;
  readonly pool: WorkerPool;
  readonly strategies: StrategyService;
  readonly events: EventHub;
}

/**
 * Optimizations as the API offers them: created (checked, stored, queued), listed, read, renamed,
 * deleted, their variants paged and sorted, their heatmap and CSV, a row opened as a backtest, and
 * resumed when a quit or a crash interrupted them.
 */
export class OptimizationService {
  constructor(private readonly deps: OptimizationServiceDeps) {}

  private get db() {
    return this.deps.data.db;
  }

  async create(request: CreateOptimization): Promise<CreatedOptimization> {
    const spec = request.kind === 'monte-carlo' ? this.monteCarloSpec(request) : await this.searchSpec(request);
    const row =
      spec.spec.kind === 'monte-carlo'
        ? (() => {
            const run = getRun(this.db, spec.spec.runId);
            return {
              name: request.name ?? `Monte Carlo (${spec.spec.monteCarlo.method}) of ${run.name}`,
              strategyId: run.strategyId,
              datasetId: run.datasetId,
              datasetName: run.datasetName,
              runId: run.id,
              variantsTotal: spec.spec.monteCarlo.runs,
            };
          })()
        : (() => {
            const s = spec.spec;
            const dataset = getDataset(this.db, s.datasetId);
            const method = s.search.method.method;
            const what = s.kind === 'walk-forward' ? `walk-forward (${method})` : method;
            return {
              name: request.name ?? `${s.config.strategy.id} ${what} on ${dataset.name}`,
              strategyId: s.config.strategy.id,
              datasetId: dataset.id,
              datasetName: dataset.name,
              runId: null,
              variantsTotal: spec.variants,
            };
          })();
    const id = insertOptimization(this.db, { ...row, kind: storedKind(request), spec: spec.spec });
    let job: Job;
    try {
      job = this.submit(id);
    } catch (error) {
      // Nothing to run it: the optimization is not kept (a failed operation leaves the database as it was).
      deleteOptimization(this.db, id);
      throw error;
    }
    return { optimization: getOptimization(this.db, id), job };
  }

  /** Queues the job that runs (or resumes) an optimization. */
  private submit(id: string): Job {
    const job = this.deps.jobs.submit(OPTIMIZATION_JOB, { optimizationId: id });
    attachJob(this.db, id, job.id);
    announce(this.db, this.deps.events, id);
    return job;
  }

  private monteCarloSpec(request: Extract<CreateOptimization, { kind: 'monte-carlo' }>): { spec: StoredSpec; variants: number } {
    const run = getRun(this.db, request.runId);
    if (run.tradeCount === 0 && request.monteCarlo.method !== 'blocks') throw new BarwiseError('NOT_ENOUGH_DATA', `run "${run.name}" has no trades to resample`);
    return { spec: { kind: 'monte-carlo', runId: run.id, monteCarlo: request.monteCarlo }, variants: request.monteCarlo.runs };
  }

  /**
   * Checks a search or walk-forward before it is stored, as a backtest's request is checked: the
   * dataset, the timeframe, the strategy (a user strategy's text read now and kept, so a resume
   * runs the same code), the fixed parameters, the space against the declaration, and (grid and
   * random) the plan itself, so a constraint naming nothing or an empty grid is refused at once.
   */
  private async searchSpec(request: Exclude<CreateOptimization, { kind: 'monte-carlo' }>): Promise<{ spec: SearchRunSpec; variants: number }> {
    const { datasetId, timeframe, config, source } = request;
    const strategyId = config.strategy.id;
    const strategy = await this.deps.strategies.forRun(strategyId, {}, source);
    const text = strategy.origin === 'user' ? { fileName: strategy.text.fileName, text: strategy.text.text } : undefined;
    // The dataset, the timeframe and the run's settings, checked as a backtest's are.
    parseBacktestRequest(this.deps.data, { datasetId, timeframe, config: { ...config, strategy: { id: strategyId, params: {} } }, ...(text ? { source: text } : {}) });
    const declared = strategy.origin === 'builtin' ? strategy.info : { id: strategyId, ...strategy.description };
    const fixed = { ...config.strategy.params, ...request.search.fixed };
    for (const name of Object.keys(fixed)) {
      if (!declared.params.some((p) => p.name === name)) {
        throw new BarwiseError('INVALID_CONFIG', `${strategyId} has no parameter "${name}" (its parameters: ${declared.params.map((p) => p.name).join(', ') || 'none'})`);
      }
    }
    checkSpace(request.search, declared);
    const spec: SearchRunSpec = {
      kind: request.kind,
      datasetId,
      ...(timeframe === undefined ? {} : { timeframe }),
      config,
      ...(text ? { source: text } : {}),
      search: request.search,
      ...(request.kind === 'walk-forward' ? { walkForward: request.walkForward } : {}),
      strategy: { params: declared.params, rules: declared.rules, higherTimeframes: declared.higherTimeframes },
    };
    const method = request.search.method;
    if (method.method === 'bayesian') return { spec, variants: method.samples };
    const plan = await this.deps.pool
      .run<OptimizePlan>(
        'optimize.plan',
        { params: declared.params, rules: declared.rules, space: request.search.space, fixed, constraints: request.search.constraints, method },
        { priority: 'interactive' },
      )
      .catch((error: unknown) => {
        throw new BarwiseError(toErrorValue(error).code, toErrorValue(error).message);
      });
    if (plan.variants.length === 0) {
      throw new BarwiseError('INVALID_CONFIG', `no variant of the ${plan.gridSize.toLocaleString('en-US')} combinations satisfies the strategy's rules and the constraints`);
    }
    return { spec, variants: plan.variants.length };
  }

  list(filter: OptimizationFilter): OptimizationSummary[] {
    return listOptimizations(this.db, filter);
  }

  get(id: string): OptimizationDetail {
    return getOptimization(this.db, id);
  }

  update(id: string, patch: { name?: string; notes?: string }): OptimizationDetail {
    return updateOptimization(this.db, id, patch);
  }

  /** Deletes an optimization; one still running is cancelled first, so no chunk lands after. */
  async delete(id: string): Promise<{ deleted: boolean }> {
    const o = getOptimization(this.db, id);
    if (o.jobId && (o.status === 'queued' || o.status === 'running')) {
      try {
        await this.deps.jobs.cancel(o.jobId);
      } catch (error) {
        if (toErrorValue(error).code !== 'JOB_NOT_FOUND') throw error;
      }
    }
    return { deleted: deleteOptimization(this.db, id) };
  }

  /** Cancels a running optimization (its job); what it stored stays, and it can be resumed. */
  async cancel(id: string): Promise<OptimizationDetail> {
    const o = getOptimization(this.db, id);
    if (o.jobId && (o.status === 'queued' || o.status === 'running')) await this.deps.jobs.cancel(o.jobId);
    return getOptimization(this.db, id);
  }

  /** Runs a cancelled or failed optimization on from where it stopped. */
  resume(id: string): CreatedOptimization {
    const o = getOptimization(this.db, id);
    if (o.status !== 'cancelled' && o.status !== 'failed') {
      throw new BarwiseError('INVALID_TRANSITION', `optimization "${o.name}" is ${o.status}; only a cancelled or failed one can be resumed`);
    }
    const job = this.submit(id);
    return { optimization: getOptimization(this.db, id), job };
  }

  /**
   * At start-up (the app and the browser shell): resumes every optimization a quit or a crash left
   * unfinished, once the job recovery has failed the jobs of processes that are gone. One whose
   * job another live process still runs is left to it. Returns the ids resumed.
   */
  resumeInterrupted(): string[] {
    const ids = interruptedOptimizations(this.db);
    for (const id of ids) this.submit(id);
    return ids;
  }

  results(query: Required<Omit<VariantQuery, 'id'>> & { id: string }): VariantPage {
    return variantPage(this.db, query.id, query);
  }

  bestParams(id: string): { params: ParamValues; objective: number; index: number } {
    const o = getOptimization(this.db, id);
    if (!o.best) throw new BarwiseError('NOT_FOUND', `optimization "${o.name}" has no best variant${o.kind === 'walk-forward' || o.kind === 'monte-carlo' ? ` (a ${o.kind} has none)` : ' yet'}`);
    return { params: o.best.params, objective: o.best.objective, index: o.best.index };
  }

  heatmap(id: string, x: string, y: string): Heatmap {
    const o = getOptimization(this.db, id);
    if (!o.best) throw new BarwiseError('NOT_FOUND', `optimization "${o.name}" has no best variant to center a heatmap on`);
    if (x === y) throw new BarwiseError('VALIDATION_FAILED', `x and y must be two different parameters, got ${x} twice`);
    const variants = allVariants(this.db, id, 0).map((v) => ({ params: v.params, objective: v.error === null && v.feasible ? v.objective : null }));
    for (const name of [x, y]) {
      if (!(name in o.best.params)) throw new BarwiseError('VALIDATION_FAILED', `the strategy has no parameter "${name}"`);
    }
    return heatmap(variants, o.best.params, x, y);
  }

  exportCsv(id: string): ExportedFile {
    const o = getOptimization(this.db, id);
    const text = variantsCsv(allVariants(this.db, id, 0));
    const safe = o.name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'optimization';
    return { fileName: `${safe}-variants.csv`, mimeType: 'text/csv', bytes: new TextEncoder().encode(text) };
  }

  /** The request that runs one variant as a normal backtest (stored in History with charts and trades). */
  backtestRequest(id: string, index: number, window = 0): BacktestRequest {
    const o = getOptimization(this.db, id);
    const spec = o.spec as StoredSpec;
    if (spec.kind === 'monte-carlo') throw new BarwiseError('INVALID_CONFIG', 'a Monte Carlo study has no variants to open');
    const row = this.db.prepare('SELECT params FROM optimization_variants WHERE optimization_id = ? AND window_index = ? AND idx = ?').pluck().get(id, window, index) as
      | string
      | undefined;
    if (row === undefined) throw new BarwiseError('NOT_FOUND', `optimization "${o.name}" has no variant ${index}${window ? ` in window ${window}` : ''}`);
    const params = JSON.parse(row) as ParamValues;
    return {
      datasetId: spec.datasetId,
      ...(spec.timeframe === undefined ? {} : { timeframe: spec.timeframe }),
      config: { ...spec.config, strategy: { id: spec.config.strategy.id, params } },
      name: `${o.name} · variant ${index}`,
      ...(spec.source ? { source: spec.source } : {}),
    };
  }
}
