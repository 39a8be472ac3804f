import { allocateBars, type Bars } from '../../src-shared/bars/bars';
import { resample } from '../../src-shared/bars/resample';
import { timeframeMs } from '../../src-shared/bars/timeframe';
import { BarwiseError, toErrorValue } from '../../src-shared/errors';
import type { MonteCarloBlocksPart, MonteCarloBlocksTask } from '../../src-shared/optimize/tasks';
import { runStrategy } from '../engine/backtest';
import type { LoadedStrategy } from '../sdk/loaded';
import { getStrategy } from '../strategies/registry';
import type { TaskContext } from '../tasks/context';
import { loadSource, type EvaluateModule } from '../tasks/strategy-source';
import { fanSteps } from './montecarlo-trades';
import { streamRandom, type Random } from './random';

/**
 * The `montecarlo.blocks` task kind: the strategy re-run on resampled prices. Bar i ≥ 1 is
 * described by its prices relative to the close before it (o/c₋₁, h/c₋₁, l/c₋₁, c/c₋₁) and its
 * volume; a path is the first bar followed by blocks of `blockLength` consecutive such bars,
 * each starting at a uniformly drawn bar (a moving-block bootstrap: within a block, the order of
 * returns, and so their autocorrelation and volatility clusters, are kept), chained from the
 * first close, until it is as long as the data. Times stay the data's. Run s draws from
 * streamRandom(seed, s), so a split over tasks gives the runs one task would.
 */
export function monteCarloBlocksTask(evaluate: EvaluateModule): (task: MonteCarloBlocksTask, ctx: TaskContext) => MonteCarloBlocksPart {
  return (task, ctx) => {
    const strategy = task.source === undefined ? getStrategy(task.config.strategy.id) : loadSource(task.source, evaluate);
    return monteCarloBlocks(strategy, task, ctx);
  };
}

export function monteCarloBlocks(strategy: LoadedStrategy, task: MonteCarloBlocksTask, ctx?: TaskContext): MonteCarloBlocksPart {
  const { bars, spec } = task;
  const n = bars.time.length;
  if (n < 3) throw new BarwiseError('NOT_ENOUGH_DATA', 'a block bootstrap needs at least 3 bars');
  if (!(Number.isInteger(task.from) && Number.isInteger(task.to) && task.from >= 0 && task.to <= spec.runs && task.from < task.to)) {
    throw new BarwiseError('INVALID_CONFIG', `runs [${task.from}, ${task.to}) must lie within [0, ${spec.runs})`);
  }
  const blockLength = Math.min(n - 1, spec.blockLength ?? Math.ceil(Math.cbrt(n)));
  const steps = fanSteps(n - 1, spec.fanPoints);
  const labels = Object.keys(task.higher);
  const part = { from: task.from, finalEquity: [] as number[], maxDrawdownPct: [] as number[], cagrPct: [] as (number | null)[], paths: [] as number[][], steps };
  for (let s = task.from; s < task.to; s++) {
    ctx?.checkpoint((s - task.from) / (task.to - task.from), `path ${s + 1} of ${spec.runs}`);
    const path = blockBootstrap(bars, blockLength, streamRandom(spec.seed, s));
    const higher = Object.fromEntries(labels.map((label) => [label, resample(path, timeframeMs(label))]));
    let run;
    try {
      run = runStrategy(strategy, { bars: path, higher, config: task.config, dataHash: task.dataHash }, { shouldStop: () => ctx?.cancelled ?? false });
    } catch (error) {
      const value = toErrorValue(error);
      throw new BarwiseError(value.code, `on resampled path ${s}: ${value.message}`);
    }
    part.finalEquity.push(run.stats.equityFinal);
    part.maxDrawdownPct.push(run.stats.maxDrawdownPct);
    part.cagrPct.push(run.stats.cagrPct);
    part.paths.push(steps.map((i) => run.equity[i]));
  }
  return part;
}

/** One resampled path of `bars` (see monteCarloBlocks). */
export function blockBootstrap(bars: Bars, blockLength: number, random: Random): Bars {
  const n = bars.time.length;
  const out = allocateBars(n, bars.timeframeMs);
  out.time.set(bars.time);
  out.open[0] = bars.open[0];
  out.high[0] = bars.high[0];
  out.low[0] = bars.low[0];
  out.close[0] = bars.close[0];
  out.volume[0] = bars.volume[0];
  let i = 1;
  while (i < n) {
    // A block of source bars start … start + blockLength − 1, all within 1 … n − 1.
    const start = 1 + random.below(n - blockLength);
    for (let k = 0; k < blockLength && i < n; k++, i++) {
      const src = start + k;
      const base = bars.close[src - 1];
      const prev = out.close[i - 1];
      out.open[i] = prev * (bars.open[src] / base);
      out.high[i] = prev * (bars.high[src] / base);
      out.low[i] = prev * (bars.low[src] / base);
      out.close[i] = prev * (bars.close[src] / base);
      out.volume[i] = bars.volume[src];
    }
  }
  return out;
}
