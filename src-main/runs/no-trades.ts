import type { BacktestConfig, BacktestStats } from '../../src-shared/backtest';
import type { Bars } from '../../src-shared/bars/bars';
import { lowerBound, upperBound } from '../../src-shared/bars/search';

/** Money as the banner writes it: grouped, cents only when the amount has them (16,512 · 9,999.50). */
function money(value: number): string {
  const cents = Math.round(value * 100) / 100;
  return cents.toLocaleString('en-US', { minimumFractionDigits: Number.isInteger(cents) ? 0 : 2, maximumFractionDigits: 2 });
}

/**
 * Why a run has no trades, in words and with the way out, worked out from the run's config, its
 * statistics and the dataset's bars (not from the engine's state: the engine stays a pure
 * simulation, and runs made before this existed get their explanation too).
 *
 * The price bound is the lowest open or close of the dataset's own bars in the window: every fill
 * (at a bar's open, or its close when trading on close) of the run's bars, resampled or not, is at
 * one of those prices or above, so "one unit costs at least X" holds whatever the timeframe.
 * Costs are left out: they only make an order dearer.
 */
export function whyNoTrades(config: BacktestConfig, stats: Pick<BacktestStats, 'numTrades' | 'exposureTimePct'>, bars: Bars): string | null {
  if (stats.numTrades > 0) return null;
  const start = config.from === undefined ? 0 : lowerBound(bars.time, config.from);
  const end = config.to === undefined ? bars.time.length : upperBound(bars.time, config.to);
  if (end <= start) return 'The window holds no bars of this dataset: widen From and To.';
  if (stats.exposureTimePct > 0 && !config.closeAtEnd) {
    return 'A position was opened but was still open at the last bar, and Close at end is off, so it is not a closed trade: turn Close at end on to count it.';
  }
  let lowest = Infinity;
  for (let i = start; i < end; i++) lowest = Math.min(lowest, bars.open[i], bars.close[i]);
  const { sizing, cash, leverage } = config;
  const power = cash * leverage;
  const fix = leverage > 1 ? 'turn on fractional units, or raise the cash' : 'turn on fractional units, or raise the cash or the leverage';
  if (!config.fractionalUnits) {
    const budget =
      sizing.kind === 'equity-fraction' ? power * sizing.fraction : sizing.kind === 'fixed-cash' ? Math.min(sizing.amount, power) : undefined;
    if (budget !== undefined && budget < lowest) {
      return `No order could be filled: one unit costs at least ${money(lowest)} and ${money(budget)} was available, while units are whole — ${fix}.`;
    }
  }
  if (sizing.kind === 'fixed-quantity' && sizing.quantity * lowest > power) {
    return `No order could be filled: ${money(sizing.quantity)} units cost at least ${money(sizing.quantity * lowest)} and ${money(power)} was available — order fewer units, or raise the cash or the leverage.`;
  }
  if (sizing.kind === 'risk' && config.stopLoss.kind === 'none') {
    return 'Risk sizing sizes each order by the distance to its stop, and no stop-loss was set: set one under Exits (or use a strategy whose orders carry their own stop).';
  }
  const side = config.direction === 'long-only' ? ' long' : config.direction === 'short-only' ? ' short' : '';
  return `The strategy placed no${side} order that filled in ${money(end - start)} bars: its entry conditions never held in this window. A longer window, other parameters${side ? ' or another direction' : ''} may give trades (a warm-up longer than the window gives none).`;
}
