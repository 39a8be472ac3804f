import type { BestVariant } from '../../src-shared/api/optimizations';
import type { BacktestConfig } from '../../src-shared/backtest';
import type { Bars } from '../../src-shared/bars/bars';
import type { StrategySource } from '../../src-shared/sdk/source';
import type {
  Observation,
  OptimizeChunkResult,
  OptimizeChunkTask,
  OptimizePlan,
  OptimizePlanTask,
  OptimizeProposal,
  OptimizeProposeTask,
} from '../../src-shared/optimize/tasks';
import type { SearchSpec } from '../../src-shared/optimize/search';
import type { JobContext } from '../jobs/service';
import type { Db } from '../store/db';
import { allVariants } from './repository';
import type { SearchRunSpec } from './spec';
import { sweep, type PlannedVariant } from './sweep';

/** What one search needs besides its spec: the bars it runs on (IS bars for a walk-forward window). */
export interface SearchInputs {
  readonly db: Db;
  readonly ctx: JobContext<unknown>;
  readonly optimizationId: string;
  readonly window: number;
  readonly spec: SearchRunSpec;
  readonly bars: Bars;
  readonly higher: Readonly<Record<string, Bars>>;
  readonly config: BacktestConfig;
  readonly dataHash: string;
  readonly source?: StrategySource;
  readonly threads: number;
  /** After each stored chunk. */
  readonly onStored?: (best: BestVariant | null) => void;
}

/**
 * Variants per task: a few per thread's share of the search, so the pool stays busy to the end and
 * progress moves, yet many per task, so a chunk shares its indicators across variants and the
 * message cost is small beside the work (docs/optimize-app.md, "Chunks").
 */
export const chunkSizeFor = (variants: number, threads: number): number => Math.max(1, Math.min(250, Math.ceil(variants / (threads * 4))));

const planTask = (spec: SearchRunSpec, method: OptimizePlanTask['method']): OptimizePlanTask => ({
  params: spec.strategy.params,
  rules: spec.strategy.rules,
  space: spec.search.space,
  fixed: { ...spec.config.strategy.params, ...spec.search.fixed },
  constraints: spec.search.constraints,
  method,
});

/** The variants of a grid or random search, as the worker plans them (the same every time). */
export function planSearch(ctx: JobContext<unknown>, spec: SearchRunSpec, method: OptimizePlanTask['method']): Promise<OptimizePlan> {
  return ctx.runTask<OptimizePlan>('optimize.plan', planTask(spec, method), { priority: 'interactive' });
}

/** How many variants the search will run, once planned (a Bayesian search: its samples). */
export function plannedTotal(search: SearchSpec, plan: OptimizePlan | null): number {
  return search.method.method === 'bayesian' ? search.method.samples : (plan?.variants.length ?? 0);
}

async function runVariants(inputs: SearchInputs, variants: readonly PlannedVariant[], chunkSize: number): Promise<void> {
  const { ctx, spec } = inputs;
  const base: Omit<OptimizeChunkTask, 'variants'> = {
    bars: inputs.bars,
    higher: inputs.higher,
    config: inputs.config,
    dataHash: inputs.dataHash,
    objective: spec.search.objective,
    constraints: spec.search.constraints,
    ...(inputs.source ? { source: inputs.source } : {}),
  };
  await sweep(variants, {
    db: inputs.db,
    optimizationId: inputs.optimizationId,
    window: inputs.window,
    maximize: spec.search.objective.direction === 'maximize',
    trackBest: inputs.window === 0 && spec.kind === 'search',
    chunkSize,
    inFlight: inputs.threads * 2,
    signal: ctx.signal,
    runChunk: async (chunk) => {
      const result = await ctx.runTask<OptimizeChunkResult>('optimize.chunk', { ...base, variants: chunk }, { userCode: inputs.source !== undefined });
      return result.results;
    },
    onStored: (best) => inputs.onStored?.(best),
  });
}

/**
 * Runs one search into window `window` of the optimization: a grid or random search's planned
 * variants in chunks; a Bayesian search's random start, then rounds of `batchSize` proposals, each
 * proposed from every result before it. A round is numbered by its place in the search, and its
 * history is exactly the variants before it, so a resumed search proposes the same rounds and
 * skips what it has: the finished table equals an uninterrupted run's.
 */
export async function runSearch(inputs: SearchInputs, plan: OptimizePlan | null): Promise<void> {
  const { search } = inputs.spec;
  const method = search.method;
  if (method.method !== 'bayesian') {
    const variants = plan?.variants ?? [];
    await runVariants(inputs, variants, chunkSizeFor(variants.length, inputs.threads));
    return;
  }
  const initial = await planSearch(inputs.ctx, inputs.spec, { method: 'random', samples: Math.min(method.initialSamples, method.samples), seed: method.seed });
  await runVariants(inputs, initial.variants, chunkSizeFor(initial.variants.length, inputs.threads));
  let start = initial.variants.length;
  for (let round = 0; start < method.samples && !inputs.ctx.signal.aborted; round++) {
    const history: Observation[] = allVariants(inputs.db, inputs.optimizationId, inputs.window)
      .filter((v) => v.index < start)
      .map((v) => ({ params: v.params, objective: v.feasible && v.error === null ? v.objective : null }));
    const count = Math.min(method.batchSize, method.samples - start);
    const task: OptimizeProposeTask = {
      params: inputs.spec.strategy.params,
      rules: inputs.spec.strategy.rules,
      space: search.space,
      fixed: { ...inputs.spec.config.strategy.params, ...search.fixed },
      constraints: search.constraints,
      direction: search.objective.direction,
      history,
      count,
      seed: method.seed,
      round,
    };
    const proposal = await inputs.ctx.runTask<OptimizeProposal>('optimize.propose', task, { priority: 'interactive' });
    if (proposal.params.length === 0) break;
    const variants = proposal.params.map((params, j) => ({ index: start + j, params }));
    await runVariants(inputs, variants, chunkSizeFor(variants.length, inputs.threads));
    // The space ran out: fewer proposals than asked, and no more to come.
    if (proposal.params.length < count) break;
    start += count;
  }
}
