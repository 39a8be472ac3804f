import { withDerivedStats, type StatKey } from '../../src-shared/backtest';
import { BarwiseError, toErrorValue } from '../../src-shared/errors';
import { constraintText, sortConstraints, statConstraintHolds, statsNamed } from '../../src-shared/optimize/constraints';
import { objectiveValue } from '../../src-shared/optimize/objective';
import { variantStats, type VariantResult } from '../../src-shared/optimize/results';
import type { OptimizeChunkResult, OptimizeChunkTask } from '../../src-shared/optimize/tasks';
import { runStrategy } from '../engine/backtest';
import { IndicatorCache, withIndicatorCache } from '../sdk/indicator-cache';
import type { LoadedStrategy } from '../sdk/loaded';
import { getStrategy } from '../strategies/registry';
import type { TaskContext } from '../tasks/context';
import { loadSource, type EvaluateModule } from '../tasks/strategy-source';
import { blockMoments, periodLastBars, periodReturns, returnMoments } from './period-returns';

/**
 * The `optimize.chunk` task kind: every variant of the chunk through the engine's ordinary run
 * (runStrategy, the same as a single backtest), on the same bars, with one indicator cache for
 * the chunk; each run's statistics are reduced to a VariantResult and its equity dropped. A user
 * strategy's module is evaluated once per chunk.
 */
export function optimizeChunkTask(evaluate: EvaluateModule): (task: OptimizeChunkTask, ctx: TaskContext) => OptimizeChunkResult {
  return (task, ctx) => {
    const strategy = task.source === undefined ? getStrategy(task.config.strategy.id) : loadSource(task.source, evaluate);
    if (strategy.id !== task.config.strategy.id) {
      throw new BarwiseError('INVALID_CONFIG', `config.strategy.id '${task.config.strategy.id}' is not the id of the strategy sent ('${strategy.id}')`);
    }
    return runChunk(strategy, task, ctx);
  };
}

export function runChunk(strategy: LoadedStrategy, task: OptimizeChunkTask, ctx?: TaskContext): OptimizeChunkResult {
  const cache = new IndicatorCache({ copyResults: strategy.untrusted });
  cache.addOriginals(columnsOf(task.bars));
  for (const higher of Object.values(task.higher)) cache.addOriginals(columnsOf(higher));
  const paramNames = task.variants.length > 0 ? Object.keys(task.variants[0].params) : [];
  const { onStats } = sortConstraints(task.constraints, paramNames);
  const kept = [task.objective.statistic, ...statsNamed(onStats)].filter((k): k is StatKey => k !== 'returnOverMaxDrawdown');
  let lastBars: Int32Array | undefined;
  const results: VariantResult[] = [];
  const n = task.variants.length;
  for (let k = 0; k < n; k++) {
    ctx?.checkpoint(k / n, `variant ${k + 1} of ${n}`);
    const variant = task.variants[k];
    const config = { ...task.config, strategy: { id: task.config.strategy.id, params: { ...variant.params } } };
    let run;
    try {
      run = withIndicatorCache(cache, () =>
        runStrategy(strategy, { bars: task.bars, higher: task.higher, config, dataHash: task.dataHash }, { shouldStop: () => ctx?.cancelled ?? false }),
      );
    } catch (error) {
      const value = toErrorValue(error);
      if (value.code === 'CANCELLED') throw error;
      results.push(failed(variant.index, variant.params, value));
      continue;
    }
    lastBars ??= periodLastBars(run.time, task.bars.timeframeMs);
    const returns = periodReturns(run.equity, lastBars);
    const all = withDerivedStats(run.stats);
    const stats = variantStats(all);
    const withKept = kept.length === 0 ? stats : { ...stats, ...Object.fromEntries(kept.map((key) => [key, all[key]])) };
    const broken = onStats.filter((c) => !statConstraintHolds(c, all, variant.params)).map(constraintText);
    results.push({
      index: variant.index,
      params: variant.params,
      stats: withKept,
      objective: objectiveValue(all, task.objective),
      feasible: broken.length === 0,
      broken,
      returns: returnMoments(returns),
      blocks: blockMoments(returns),
    });
  }
  ctx?.checkpoint(1, `${n} variants`);
  return { results, indicators: { computed: cache.computed, reused: cache.reused } };
}

const columnsOf = (bars: OptimizeChunkTask['bars']) => [bars.time, bars.open, bars.high, bars.low, bars.close, bars.volume];

function failed(index: number, params: VariantResult['params'], error: VariantResult['error'] & object): VariantResult {
  return { index, params, stats: {}, objective: null, feasible: false, broken: [], returns: { count: 0, mean: 0, std: 0, skewness: 0, kurtosis: 3 }, blocks: [], error };
}
