import type { MonteCarloSummary } from '../../src-shared/api/optimizations';
import { BarwiseError } from '../../src-shared/errors';
import type { RunDetail } from '../../src-shared/api/runs';
import { mergeBlocksParts } from '../../src-shared/optimize/montecarlo-summary';
import type { MonteCarloBlocksPart, MonteCarloBlocksTask, MonteCarloResult, MonteCarloTradesTask } from '../../src-shared/optimize/tasks';
import type { DataService } from '../data/service';
import type { JobContext } from '../jobs/service';
import { getRun, loadRunData, loadTrades } from '../runs/repository';
import { runSource } from '../runs/sources';
import { builtinTimeframes } from '../strategies/builtins';
import { compileOrThrow } from '../strategies/compile';
import type { Db } from '../store/db';
import { setVariantsTotal } from './repository';
import type { MonteCarloRunSpec } from './spec';
import type { OptimizationOutcome } from './summary';

export interface MonteCarloInputs {
  readonly db: Db;
  readonly ctx: JobContext<unknown>;
  readonly optimizationId: string;
  readonly spec: MonteCarloRunSpec;
  readonly data: DataService;
  readonly threads: number;
}

/**
 * A Monte Carlo study of a stored run: its trades' returns reshuffled or bootstrapped (one task:
 * a thousand runs over a thousand trades take well under a second), or its prices resampled and
 * the strategy run again on each path (split over the pool). It is not resumable piece by piece:
 * seeded, it gives the same figures when run again from the start.
 */
export async function runMonteCarlo(inputs: MonteCarloInputs): Promise<OptimizationOutcome> {
  const { db, ctx, spec } = inputs;
  const run = getRun(db, spec.runId);
  setVariantsTotal(db, inputs.optimizationId, spec.monteCarlo.runs);
  const method = spec.monteCarlo.method;
  if (method === 'blocks') return runBlocks(inputs, run);
  const trades = loadTrades(db, spec.runId);
  if (trades.length === 0) throw new BarwiseError('NOT_ENOUGH_DATA', `run "${run.name}" has no trades to resample`);
  const task: MonteCarloTradesTask = {
    trades: trades.map((t) => ({ returnPct: t.returnPct })),
    initialEquity: run.config.cash,
    durationMs: run.stats.durationMs,
    spec: { ...spec.monteCarlo, method },
  };
  const result = await ctx.runTask<MonteCarloResult>('montecarlo.trades', task, {
    priority: 'interactive',
    onProgress: (p) => ctx.progress(p.fraction, p.message),
  });
  const summary: MonteCarloSummary = { kind: 'monte-carlo', result, runName: run.name, trades: trades.length };
  return { best: null, summary };
}

/**
 * The blocks method: the run's bars (its dataset at its timeframe) resampled `runs` times and the
 * strategy run on each, in parts spread over the pool (each path is seeded by its own number, so
 * the split does not change the figures), merged here with the run's own figures beside them.
 */
async function runBlocks(inputs: MonteCarloInputs, run: RunDetail): Promise<OptimizationOutcome> {
  const { db, ctx, spec, data } = inputs;
  if (!run.datasetId) throw new BarwiseError('DATASET_NOT_FOUND', `the dataset of run "${run.name}" (${run.datasetName}) was deleted; re-import it to resample its prices`);
  const recorded = runSource(db, run.id);
  const source = recorded ? compileOrThrow({ id: run.strategyId, fileName: recorded.fileName, text: recorded.text }) : undefined;
  const bars = data.cache.getSharedBars(run.datasetId, run.timeframe);
  const timeframes = source ? [] : builtinTimeframes(run.strategyId, run.config.strategy.params);
  const higher = Object.fromEntries(timeframes.map((tf) => [tf, data.cache.getSharedBars(run.datasetId!, tf)]));
  const monteCarlo = { ...spec.monteCarlo, method: 'blocks' as const };
  const parts = Math.min(monteCarlo.runs, inputs.threads * 4);
  const bounds = Array.from({ length: parts }, (_, k) => [Math.floor((k * monteCarlo.runs) / parts), Math.floor(((k + 1) * monteCarlo.runs) / parts)] as const);
  let finished = 0;
  const results = await Promise.all(
    bounds.map(async ([from, to]) => {
      const task: MonteCarloBlocksTask = { bars, higher, config: run.config, dataHash: run.provenance.dataHash, spec: monteCarlo, from, to, ...(source ? { source } : {}) };
      const part = await ctx.runTask<MonteCarloBlocksPart>('montecarlo.blocks', task, { userCode: source !== undefined });
      finished += to - from;
      ctx.progress(finished / monteCarlo.runs, `${finished.toLocaleString('en-US')} of ${monteCarlo.runs.toLocaleString('en-US')} paths`);
      return part;
    }),
  );
  const equity = loadRunData(db, run.id).equity;
  const steps = results[0]?.steps ?? [];
  const result = mergeBlocksParts(results, {
    seed: monteCarlo.seed,
    drawdownThresholdPct: monteCarlo.drawdownThresholdPct,
    original: {
      finalEquity: run.stats.equityFinal,
      maxDrawdownPct: run.stats.maxDrawdownPct,
      cagrPct: run.stats.cagrPct,
      path: steps.map((i) => equity[Math.min(i, equity.length - 1)]),
    },
  });
  const summary: MonteCarloSummary = { kind: 'monte-carlo', result, runName: run.name, trades: run.tradeCount };
  return { best: null, summary };
}
