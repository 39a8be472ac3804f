import { withDerivedStats, type BacktestResult } from '../../src-shared/backtest';
import type { Bars } from '../../src-shared/bars/bars';
import { lowerBound, upperBound } from '../../src-shared/bars/search';
import { BarwiseError } from '../../src-shared/errors';
import { objectiveValue } from '../../src-shared/optimize/objective';
import type { OptimizePlan } from '../../src-shared/optimize/tasks';
import { walkForwardWindows, type WalkForwardWindow } from '../../src-shared/optimize/walk-forward';
import { downsampleSeries } from '../runs/repository';
import { bestVariant, setVariantsTotal } from './repository';
import { runSearch, type SearchInputs } from './search-run';
import { stitchWindows, walkForwardEfficiency } from './stitch';
import type { WalkForwardSummary } from '../../src-shared/api/optimizations';
import type { OptimizationOutcome } from './summary';
import { loadWindows, saveWindow, storedWindowIndices } from './windows';

type WalkForwardInputs = Omit<SearchInputs, 'window' | 'config'> & {
  readonly plan: OptimizePlan | null;
  /** Variants per window's search. */
  readonly perSearch: number;
};

/** The points of the stitched curve the page draws (the statistics use every bar). */
const CURVE_POINTS = 1000;

/** The windows over the bars the run's `from`/`to` keep. */
export function windowsOf(bars: Bars, inputs: Pick<SearchInputs, 'spec'>): WalkForwardWindow[] {
  const { config, walkForward } = inputs.spec;
  if (!walkForward) throw new BarwiseError('INTERNAL', 'a walk-forward optimization without its walk-forward spec');
  const from = config.from === undefined ? 0 : lowerBound(bars.time, config.from);
  const to = config.to === undefined ? bars.time.length : upperBound(bars.time, config.to);
  return walkForwardWindows(bars.time, walkForward, from, to);
}

/**
 * A walk-forward analysis: for each window, the search on its in-sample bars only (the run's
 * `from`/`to` set to the window's first and last IS bar, so no out-of-sample bar reaches the
 * search), then one backtest of the best parameters on its out-of-sample bars only; then the
 * out-of-sample runs stitched into one curve with the engine's statistics, and the walk-forward
 * efficiency. A window is stored whole once its out-of-sample run is done; a resumed analysis
 * skips the windows it has and, inside the window it was on, the variants it has.
 */
export async function runWalkForward(inputs: WalkForwardInputs): Promise<OptimizationOutcome> {
  const { db, ctx, optimizationId: id, spec, bars } = inputs;
  const windows = windowsOf(bars, inputs);
  setVariantsTotal(db, id, inputs.perSearch * windows.length);
  const done = storedWindowIndices(db, id);
  const maximize = spec.search.objective.direction === 'maximize';
  for (const w of windows) {
    if (done.has(w.index)) continue;
    if (ctx.signal.aborted) break;
    const time = (i: number) => bars.time[i];
    const isConfig = { ...spec.config, from: time(w.inSample.start), to: time(w.inSample.end - 1) };
    await runSearch({ ...inputs, window: w.index, config: isConfig }, inputs.plan);
    if (ctx.signal.aborted) break;
    const best = bestVariant(db, id, w.index, maximize);
    const oosFrom = time(w.outOfSample.start);
    const oosTo = time(w.outOfSample.end - 1);
    const oosTime = bars.time.slice(w.outOfSample.start, w.outOfSample.end);
    if (!best) {
      // No in-sample variant had an objective: the window stays out of the market.
      saveWindow(db, id, {
        index: w.index,
        isFrom: isConfig.from,
        isTo: isConfig.to,
        oosFrom,
        oosTo,
        bestParams: null,
        isObjective: null,
        isStats: null,
        oosObjective: null,
        oosStats: null,
        oosTime,
        oosEquity: new Float64Array(oosTime.length).fill(spec.config.cash),
        oosTrades: [],
      });
      continue;
    }
    const oosConfig = { ...spec.config, strategy: { id: spec.config.strategy.id, params: { ...best.params } }, from: oosFrom, to: oosTo };
    const run = await ctx.runTask<BacktestResult>(
      'backtest',
      { bars, higher: inputs.higher, config: oosConfig, dataHash: inputs.dataHash, ...(inputs.source ? { source: inputs.source } : {}) },
      { userCode: inputs.source !== undefined },
    );
    saveWindow(db, id, {
      index: w.index,
      isFrom: isConfig.from,
      isTo: isConfig.to,
      oosFrom,
      oosTo,
      bestParams: best.params,
      isObjective: best.objective,
      isStats: best.stats,
      oosObjective: objectiveValue(run.stats, spec.search.objective),
      oosStats: run.stats,
      oosTime: run.time,
      oosEquity: run.equity,
      oosTrades: run.trades,
    });
  }
  if (ctx.signal.aborted) throw new BarwiseError('CANCELLED', 'Cancelled');
  const stored = loadWindows(db, id);
  const stitched = stitchWindows(stored, bars, spec.config.cash, spec.config.riskFreeRate);
  const curve = downsampleSeries({ time: stitched.time, equity: stitched.equity, drawdownPct: new Float64Array(stitched.time.length), buyHoldEquity: null }, CURVE_POINTS);
  const summary: WalkForwardSummary = {
    kind: 'walk-forward',
    windows: stored.map((w) => ({
      index: w.index,
      isFrom: w.isFrom,
      isTo: w.isTo,
      oosFrom: w.oosFrom,
      oosTo: w.oosTo,
      bestParams: w.bestParams,
      isObjective: w.isObjective,
      oosObjective: w.oosObjective,
      isAnnualizedReturnPct: w.isStats?.annualizedReturnPct ?? null,
      oosAnnualizedReturnPct: w.oosStats?.annualizedReturnPct ?? null,
      oosReturnPct: w.oosStats?.returnPct ?? null,
      oosTrades: w.oosStats?.numTrades ?? 0,
      efficiency: walkForwardEfficiency(w.oosStats?.annualizedReturnPct, [w.isStats?.annualizedReturnPct]),
    })),
    stitched: { stats: withDerivedStats(stitched.stats), time: curve.time, equity: curve.equity, trades: stitched.trades.length },
    efficiency: walkForwardEfficiency(
      stitched.stats.annualizedReturnPct,
      stored.map((w) => w.isStats?.annualizedReturnPct),
    ),
  };
  return { best: null, summary };
}
