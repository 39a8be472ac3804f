import { z } from 'zod';
import type { BestVariant } from '../../src-shared/api/optimizations';
import { BarwiseError, toErrorValue } from '../../src-shared/errors';
import type { DataService } from '../data/service';
import { getDataset } from '../data/repository';
import type { EventHub } from '../events';
import type { JobContext, JobDefinition } from '../jobs/service';
import { builtinTimeframes, isBuiltin } from '../strategies/builtins';
import { compileOrThrow } from '../strategies/compile';
import type { Db } from '../store/db';
import { runMonteCarlo } from './monte-carlo-run';
import { attachJob, bestVariant, finishOptimization, getOptimization, markRunning, setVariantsTotal } from './repository';
import type { OptimizePlan } from '../../src-shared/optimize/tasks';
import { planSearch, plannedTotal, runSearch } from './search-run';
import type { MonteCarloRunSpec, SearchRunSpec, StoredSpec } from './spec';
import { searchSummary, type OptimizationOutcome } from './summary';
import { runWalkForward } from './walk-forward-run';

export const OPTIMIZATION_JOB = 'optimization';

const paramsSchema = z.object({ optimizationId: z.uuid() }).strict();
export type OptimizationJobParams = z.infer<typeof paramsSchema>;

export interface OptimizationJobDeps {
  readonly data: DataService;
  readonly events: EventHub;
  /** The pool's threads: how many chunks to keep in flight. */
  readonly threads: number;
}

/** Tells the front ends where an optimization stands (the Optimize page follows these); nothing once it was deleted. */
export function announce(db: Db, events: EventHub, id: string): void {
  const row = db.prepare('SELECT 1 FROM optimizations WHERE id = ?').get(id);
  if (row === undefined) return;
  const o = getOptimization(db, id);
  events.emit({ topic: 'optimization', id, status: o.status, variantsDone: o.variantsDone, variantsTotal: o.variantsTotal, bestObjective: o.best?.objective ?? null });
}

/**
 * The `optimization` job: runs a stored optimization from where it stands. Its parameters are only
 * the optimization's id; the row holds the spec and the variants already done, so the same job
 * kind starts an optimization, resumes one interrupted by a quit or a crash (finished variants are
 * not run again), and retries a failed one. Variants are stored as chunks finish; the summary
 * (diagnostics, windows, Monte Carlo figures) in the transaction that completes the job.
 *
 * A cancel or a failure is recorded on the optimization at once. A quit (the pool closing under
 * it) is not: the optimization stays `running` with its job INTERRUPTED, and the next start
 * resumes it (resumeInterrupted).
 */
export function optimizationJob(deps: OptimizationJobDeps): JobDefinition<OptimizationJobParams, OptimizationOutcome> {
  const { data, events } = deps;
  const db = data.db;
  return {
    kind: OPTIMIZATION_JOB,
    parse: (raw) => {
      const parsed = paramsSchema.parse(raw);
      getOptimization(db, parsed.optimizationId);
      return parsed;
    },
    async run(ctx) {
      const id = ctx.params.optimizationId;
      attachJob(db, id, ctx.id);
      try {
        const row = getOptimization(db, id);
        const spec = row.spec as StoredSpec;
        ctx.running();
        markRunning(db, id);
        announce(db, events, id);
        if (spec.kind === 'monte-carlo') return await runMonteCarlo({ db, ctx, optimizationId: id, spec: spec as MonteCarloRunSpec, data, threads: deps.threads });
        return await runSearchJob(deps, ctx, id, spec);
      } catch (error) {
        const value = toErrorValue(error);
        if (ctx.signal.aborted || value.code === 'CANCELLED') {
          finishOptimization(db, id, 'cancelled', { error: { code: 'CANCELLED', message: 'Cancelled' } });
          announce(db, events, id);
        } else if (value.code !== 'POOL_CLOSED') {
          finishOptimization(db, id, 'failed', { error: value });
          announce(db, events, id);
        }
        throw error;
      }
    },
    persist(tx, outcome, job) {
      const id = (job.params as OptimizationJobParams).optimizationId;
      finishOptimization(tx, id, 'completed', { summary: outcome.summary, best: outcome.best });
      announce(tx, events, id);
      return id;
    },
  };
}

async function runSearchJob(deps: OptimizationJobDeps, ctx: JobContext<OptimizationJobParams>, id: string, spec: SearchRunSpec): Promise<OptimizationOutcome> {
  const { data, events } = deps;
  const db = data.db;
  const dataset = getDataset(db, spec.datasetId);
  const strategyId = spec.config.strategy.id;
  const source = spec.source ? compileOrThrow({ id: strategyId, ...spec.source }) : undefined;
  ctx.progress(0, 'loading bars');
  const bars = data.cache.getSharedBars(spec.datasetId, spec.timeframe);
  const method = spec.search.method;
  const plan = method.method === 'bayesian' ? null : await planSearch(ctx, spec, method);
  if (plan && plan.variants.length === 0) {
    throw new BarwiseError('INVALID_CONFIG', `no variant of the ${plan.gridSize.toLocaleString('en-US')} combinations satisfies the strategy's rules and the constraints`);
  }
  const higher = Object.fromEntries([...higherTimeframes(spec, plan, source !== undefined)].map((tf) => [tf, data.cache.getSharedBars(spec.datasetId, tf)]));
  const perSearch = plannedTotal(spec.search, plan);
  const common = { db, ctx: ctx as JobContext<unknown>, optimizationId: id, spec, higher, dataHash: dataset.contentHash, source, threads: deps.threads };
  let lastAnnounced = 0;
  const onStored = () => {
    const o = getOptimization(db, id);
    ctx.progress(o.variantsTotal > 0 ? o.variantsDone / o.variantsTotal : 0, `${o.variantsDone.toLocaleString('en-US')} of ${o.variantsTotal.toLocaleString('en-US')} variants`);
    // Events at most every 100 ms: a fast sweep stores many chunks a second.
    const at = Date.now();
    if (at - lastAnnounced >= 100 || o.variantsDone === o.variantsTotal) {
      lastAnnounced = at;
      announce(db, events, id);
    }
  };
  if (spec.kind === 'walk-forward') {
    return runWalkForward({ ...common, bars, plan, perSearch, onStored });
  }
  setVariantsTotal(db, id, perSearch);
  await runSearch({ ...common, window: 0, bars, config: spec.config, onStored }, plan);
  if (ctx.signal.aborted) throw new BarwiseError('CANCELLED', 'Cancelled');
  const maximize = spec.search.objective.direction === 'maximize';
  const best: BestVariant | null = bestVariant(db, id, 0, maximize);
  return { best, summary: searchSummary(db, id, spec, best, plan) };
}

/**
 * The higher timeframes the search's runs read: a built-in's for every planned variant's
 * parameters (a parameter may choose the timeframe); a user strategy's as its worker described
 * it when the optimization was created, with its defaults (a Bayesian search's variants are not
 * known in advance: the fixed parameters' and the declaration's).
 */
function higherTimeframes(spec: SearchRunSpec, plan: OptimizePlan | null, userStrategy: boolean): Set<string> {
  const id = spec.config.strategy.id;
  const found = new Set<string>(spec.strategy.higherTimeframes);
  if (userStrategy || !isBuiltin(id)) return found;
  const fixed = { ...spec.config.strategy.params, ...spec.search.fixed };
  for (const tf of builtinTimeframes(id, fixed)) found.add(tf);
  for (const v of plan?.variants ?? []) for (const tf of builtinTimeframes(id, v.params)) found.add(tf);
  return found;
}
