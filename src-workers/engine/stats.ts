import type { BacktestStats } from '../../src-shared/backtest';
import { isWeekend, periodEnd, returnPeriod } from './periods';
import type { TradeTable } from './trade-log';

/**
 * Statistics: pure, O(n) functions of the equity curve and the closed trades. Definitions follow
 * backtesting.py's `_stats.compute_stats` (see docs/statistics.md for each formula and where we
 * differ). Undefined values are null, never NaN, so results survive JSON.
 */

const DAY_MS = 86_400_000;

export interface StatsInput {
  readonly time: Float64Array;
  readonly close: Float64Array;
  /** Equity at each bar's close. */
  readonly equity: Float64Array;
  readonly trades: TradeTable;
  readonly initialCash: number;
  readonly timeframeMs: number;
  /** First bar the strategy could trade (end of warm-up): buy & hold starts there. */
  readonly firstTradableBar: number;
  readonly commissionsPaid: number;
  /** Bars with a position open, counted by the backtest (includes a position left open at the end). */
  readonly exposedBars: number;
  /** Annual risk-free rate as a fraction. */
  readonly riskFreeRate: number;
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** Drawdown from the running peak in percent at each bar (0 … 100). */
export function drawdownSeries(equity: Float64Array): Float64Array {
  const n = equity.length;
  const dd = new Float64Array(n);
  let peak = -Infinity;
  for (let i = 0; i < n; i++) {
    const e = equity[i];
    if (e > peak) peak = e;
    // Equity below zero (a leveraged ruin) is a 100% drawdown, not more.
    dd[i] = peak > 0 ? Math.min(100, (1 - e / peak) * 100) : 0;
  }
  return dd;
}

/**
 * backtesting.py's geometric mean of returns[from, to): (∏(1 + r))^(1/n) − 1, and 0 when any
 * 1 + r ≤ 0; NaN when there is none.
 */
function geometricMean(returns: ArrayLike<number>, from: number, to: number): number {
  let logSum = 0;
  for (let i = from; i < to; i++) {
    const growth = 1 + returns[i];
    if (growth <= 0) return 0;
    logSum += Math.log(growth);
  }
  return to > from ? Math.exp(logSum / (to - from)) - 1 : NaN;
}

export interface EquityScan {
  /** Equity at the last bar (NaN when there are no bars). */
  readonly final: number;
  readonly peak: number;
  readonly maxDrawdownPct: number;
  readonly maxRunUpPct: number;
  /** The lowest equity of any bar (+∞ when there are none): the run-up's trough. */
  readonly lowest: number;
  readonly maxDrawdownDurationMs: number;
  readonly avgDrawdownDurationMs: number;
  readonly avgDrawdownPct: number;
  /** Periods a year (see periods.ts): 252 or 365 for daily returns, 52 for weekly, 12 for monthly, … */
  readonly periodsPerYear: number;
  /** Period returns; [0] is the leading 0 that stands for pandas' first NaN. */
  readonly returns: Float64Array;
  /** The market's close at the last bar of each period. */
  readonly periodCloses: Float64Array;
  readonly count: number;
}

/**
 * One pass over the equity curve for every statistic of the curve:
 *
 * - peak, max drawdown, max run-up, and backtesting.py's drawdown periods
 *   (`compute_drawdown_duration_peaks`): the bars where drawdown is 0, plus the last bar, cut the
 *   curve into periods; a period counts when its ends are more than one bar apart; its duration
 *   is the time between its ends, its peak the deepest drawdown inside it;
 * - the calendar: the returns of equity resampled to the last value of each period (a UTC day,
 *   week, month or year, chosen from the bars' spacing by returnPeriod), and for daily returns
 *   the share of bars on Saturday/Sunday (backtesting.py: 365 days a year when it exceeds 60% of
 *   the 2/7 a 7-day market has, else 252).
 */
export function scanEquity(time: Float64Array, market: Float64Array, equity: Float64Array, timeframeMs: number): EquityScan {
  const n = equity.length;
  const period = returnPeriod(timeframeMs);
  // A period is at least a day (or a bar), so there are no more periods than days spanned or bars.
  const span = n > 0 ? Math.floor((time[n - 1] - time[0]) / DAY_MS) + 2 : 0;
  const returns = new Float64Array(Math.min(n, span));
  const periodCloses = new Float64Array(returns.length);
  let count = 0;
  /** When the current period ends (the next one's first instant). */
  let periodEndsAt = -Infinity;
  let weekendPeriod = false;
  let weekendBars = 0;
  /** Equity at the last bar of the period before the current one, and at the bar before this one. */
  let previous = NaN;
  let before = NaN;
  let peak = -Infinity;
  let maxDd = 0;
  let trough = Infinity;
  let maxRunUp = 0;
  /** Equity above this beats the best run-up from the current trough. */
  let runUpAbove = Infinity;
  let periods = 0;
  let durationSum = 0;
  let maxDuration = NaN;
  let peakSum = 0;
  let previousZero = -1;
  let deepest = 0;
  for (let i = 0; i < n; i++) {
    const e = equity[i];
    if (time[i] >= periodEndsAt) {
      // Bar i opens a period: the bar before it closed the last one.
      periodEndsAt = periodEnd(period.unit, time[i]);
      weekendPeriod = period.unit === 'day' && isWeekend(time[i]);
      if (i > 0) {
        returns[count] = count === 0 ? 0 : before / previous - 1;
        periodCloses[count] = market[i - 1];
        previous = before;
        count++;
      }
    }
    if (weekendPeriod) weekendBars++;
    before = e;

    // Drawdown is 0 at a new peak (e / e = 1; NaN for an infinite one) and while the peak is ≤ 0.
    let zero = true;
    if (e >= peak) {
      peak = e;
      zero = e !== Infinity;
    } else if (peak > 0) {
      zero = false;
      // Capped at 100% where reported (below zero, a leveraged ruin, is a 100% drawdown, not more).
      const d = (1 - e / peak) * 100;
      if (d > maxDd) maxDd = d;
      if (d > deepest) deepest = d;
    }
    if (e < trough) {
      trough = e;
      runUpAbove = trough * (1 + maxRunUp / 100);
    } else if (trough > 0 && e > runUpAbove) {
      // Only a rise from the trough that beats the best run-up so far needs the division.
      maxRunUp = (e / trough - 1) * 100;
      runUpAbove = trough * (1 + maxRunUp / 100);
    }
    if (!zero && i !== n - 1) continue;
    if (previousZero >= 0 && i > previousZero + 1) {
      const duration = time[i] - time[previousZero];
      periods++;
      durationSum += duration;
      if (!(duration <= maxDuration)) maxDuration = duration;
      peakSum += Math.min(100, deepest);
    }
    previousZero = i;
    deepest = 0;
  }
  if (n > 0) {
    returns[count] = count === 0 ? 0 : before / previous - 1;
    periodCloses[count] = market[n - 1];
    count++;
  }
  return {
    final: before,
    peak,
    maxDrawdownPct: Math.min(100, maxDd),
    maxRunUpPct: maxRunUp,
    lowest: trough,
    maxDrawdownDurationMs: maxDuration,
    avgDrawdownDurationMs: periods ? durationSum / periods : NaN,
    avgDrawdownPct: periods ? peakSum / periods : NaN,
    periodsPerYear: period.perYear ?? (weekendBars / Math.max(1, n) > (2 / 7) * 0.6 ? 365 : 252),
    returns,
    periodCloses,
    count,
  };
}

/**
 * The run's beta against its market: the covariance of the log returns of equity and of the close
 * over the periods of the annualized statistics (days, or weeks, months, years for such bars),
 * over the variance of the close's. backtesting.py takes them bar to bar; on daily and longer
 * bars a bar is a period and the two agree (docs/engine.md says why we differ on intraday bars).
 * Welford's co-moment updates, which do not cancel as sums of products would. NaN with fewer than
 * two returns, or when equity is ≤ 0 at a period's end (its logarithm is undefined).
 */
function periodBeta(returns: Float64Array, closes: Float64Array, count: number): number {
  let meanEquity = 0;
  let meanMarket = 0;
  let coMoment = 0;
  let marketMoment = 0;
  for (let k = 1; k < count; k++) {
    const r = Math.log1p(returns[k]);
    const m = Math.log(closes[k] / closes[k - 1]);
    const dm = m - meanMarket;
    meanMarket += dm / k;
    meanEquity += (r - meanEquity) / k;
    coMoment += dm * (r - meanEquity);
    marketMoment += dm * (m - meanMarket);
  }
  return count > 2 ? coMoment / marketMoment : NaN;
}

export interface StatsOutput {
  readonly stats: BacktestStats;
  readonly drawdownPct: Float64Array;
}

/** The statistics and the drawdown series of an equity series. */
export function computeStats(input: StatsInput): StatsOutput {
  return { stats: statistics(input), drawdownPct: drawdownSeries(input.equity) };
}

/** Every statistic of a run (docs/statistics.md). */
export function statistics(input: StatsInput): BacktestStats {
  const { time, close, equity, trades, initialCash } = input;
  const n = equity.length;
  const last = n - 1;
  const curve = scanEquity(time, close, equity, input.timeframeMs);
  const { peak, maxDrawdownPct: maxDd, periodsPerYear: annual, returns, periodCloses, count } = curve;
  const equityFinal = n ? curve.final : initialCash;

  // returns[0] stands for pandas' leading NaN: every statistic uses the count − 1 real returns
  // (backtesting.py ≥ kernc/backtesting.py#1346 drops it before the geometric mean too).
  const gmean = geometricMean(returns, 1, count);
  // Sample variance (ddof = 1).
  let mean = 0;
  for (let k = 1; k < count; k++) mean += returns[k];
  mean /= count - 1;
  let variance = 0;
  let downside = 0;
  for (let k = 1; k < count; k++) {
    variance += (returns[k] - mean) ** 2;
    if (returns[k] < 0) downside += returns[k] ** 2;
  }
  variance /= count - 2;
  downside /= count - 1;
  const annualReturn = (1 + gmean) ** annual - 1;
  // Volatility of compounded returns (backtesting.py, after dx.doi.org/10.2139/ssrn.3054517).
  const annualVolatility = Math.sqrt((variance + (1 + gmean) ** 2) ** annual - (1 + gmean) ** (2 * annual));
  const durationMs = n ? time[last] - time[0] : NaN;
  // Calendar years (backtesting.py ≥ kernc/backtesting.py#1346; it divided by `annual` before).
  const years = durationMs / DAY_MS / 365.25;
  const cagr = years > 0 ? (equityFinal / initialCash) ** (1 / years) - 1 : NaN;
  const rf = input.riskFreeRate;

  const first = Math.min(input.firstTradableBar, last);
  const buyHold = n ? (close[last] - close[first]) / close[first] : NaN;
  const returnPct = ((equityFinal - initialCash) / initialCash) * 100;
  const beta = periodBeta(returns, periodCloses, count);

  const stats: BacktestStats = {
    startTime: n ? time[0] : null,
    endTime: n ? time[last] : null,
    durationMs: finiteOrNull(durationMs),
    exposureTimePct: n ? (input.exposedBars / n) * 100 : 0,
    equityFinal,
    equityPeak: n ? peak : initialCash,
    commissionsPaid: input.commissionsPaid,
    returnPct,
    buyHoldReturnPct: finiteOrNull(buyHold * 100),
    annualizedReturnPct: finiteOrNull(annualReturn * 100),
    annualizedVolatilityPct: finiteOrNull(annualVolatility * 100),
    cagrPct: finiteOrNull(cagr * 100),
    sharpe: annualVolatility > 0 ? finiteOrNull((annualReturn - rf) / annualVolatility) : null,
    sortino: downside > 0 ? finiteOrNull((annualReturn - rf) / (Math.sqrt(downside) * Math.sqrt(annual))) : null,
    calmar: maxDd > 0 ? finiteOrNull(annualReturn / (maxDd / 100)) : null,
    // Jensen's alpha over the run, against buying and holding (backtesting.py's `Alpha [%]`).
    alphaPct: finiteOrNull(returnPct - rf * 100 - beta * (buyHold * 100 - rf * 100)),
    beta: finiteOrNull(beta),
    maxDrawdownPct: Math.min(100, maxDd),
    avgDrawdownPct: finiteOrNull(curve.avgDrawdownPct),
    maxDrawdownDurationMs: finiteOrNull(curve.maxDrawdownDurationMs),
    avgDrawdownDurationMs: finiteOrNull(curve.avgDrawdownDurationMs),
    maxRunUpPct: curve.maxRunUpPct,
    ...tradeStats(trades),
    periodsPerYear: annual,
  };
  return stats;
}

type TradeStats = Pick<
  BacktestStats,
  | 'numTrades' | 'winRatePct' | 'bestTradePct' | 'worstTradePct' | 'avgTradePct' | 'avgWinningTradePnl'
  | 'avgLosingTradePnl' | 'winLossRatio' | 'largestWinPnl' | 'largestLossPnl' | 'grossProfit' | 'grossLoss'
  | 'maxTradeDurationMs' | 'avgTradeDurationMs' | 'avgBarsInWinningTrades' | 'avgBarsInLosingTrades'
  | 'profitFactor' | 'expectancyPct' | 'sqn' | 'kellyCriterion' | 'longTrades' | 'longWinRatePct'
  | 'shortTrades' | 'shortWinRatePct' | 'maxConsecutiveWins' | 'maxConsecutiveLosses'
>;

/**
 * The average trade is a geometric mean, (∏(1 + r))^(1/N) − 1. The product is kept as
 * growth × 2^scale, growth within [2⁻²⁵⁶, 2²⁵⁶] by exact power-of-two rescaling, so it neither
 * overflows nor underflows, and one logarithm is taken at the end instead of one per trade.
 * Rounding: N products with relative error ≤ 2⁻⁵³ each, the same order as N rounded logarithms
 * summed (docs/statistics.md).
 */
const GROWTH_BITS = 256;
const GROWTH_HIGH = 2 ** GROWTH_BITS;
const GROWTH_LOW = 2 ** -GROWTH_BITS;

/**
 * ln ∏(1 + r) from the product, or, when some factor was outside [2⁻²⁵⁶, 2²⁵⁶] (a trade that
 * multiplied or wiped out nearly everything: the product's rescaling could not keep it exact),
 * as the sum of the logarithms.
 */
function logGrowthOf(returnPct: Float64Array, n: number, growth: number, scale: number, extreme: boolean): number {
  if (!extreme) return Math.log(growth) + scale * Math.LN2;
  let sum = 0;
  for (let k = 0; k < n; k++) sum += Math.log(1 + returnPct[k] / 100);
  return sum;
}

/** Trade statistics in one pass (plus one for the P&L deviation). Winners have P&L > 0. */
export function tradeStats(trades: TradeTable): TradeStats {
  const { count: n, side, entryBar, entryTime, exitBar, exitTime, pnl: pnls, returnPct: returns } = trades;
  let wins = 0;
  let losses = 0;
  let grossProfit = 0;
  let grossLoss = 0;
  let positiveReturns = 0;
  let negativeReturns = 0;
  let returnSum = 0;
  // ∏(1 + r) = growth × 2^scale (see GROWTH_BITS); `extreme` when a factor is outside its range.
  let growth = 1;
  let scale = 0;
  let extreme = false;
  let anyWipeout = false;
  let best = -Infinity;
  let worst = Infinity;
  let largestWin = -Infinity;
  let largestLoss = Infinity;
  let pnlSum = 0;
  let maxDuration = -Infinity;
  let durationSum = 0;
  let winBars = 0;
  let lossBars = 0;
  let longs = 0;
  let longWins = 0;
  let run = 0;
  let maxWinRun = 0;
  let maxLossRun = 0;
  for (let k = 0; k < n; k++) {
    const pnl = pnls[k];
    const returnPct = returns[k];
    const bars = exitBar[k] - entryBar[k];
    const duration = exitTime[k] - entryTime[k];
    const long = side[k] > 0;
    const r = returnPct / 100;
    returnSum += r;
    const factor = 1 + r;
    if (factor <= 0) anyWipeout = true;
    else if (factor >= GROWTH_LOW && factor <= GROWTH_HIGH) {
      growth *= factor;
      if (growth > GROWTH_HIGH) {
        growth *= GROWTH_LOW;
        scale += GROWTH_BITS;
      } else if (growth < GROWTH_LOW) {
        growth *= GROWTH_HIGH;
        scale -= GROWTH_BITS;
      }
    } else extreme = true;
    if (r > 0) positiveReturns += r;
    if (r < 0) negativeReturns += r;
    if (returnPct > best) best = returnPct;
    if (returnPct < worst) worst = returnPct;
    if (pnl > largestWin) largestWin = pnl;
    if (pnl < largestLoss) largestLoss = pnl;
    pnlSum += pnl;
    if (duration > maxDuration) maxDuration = duration;
    durationSum += duration;
    if (long) longs++;
    if (pnl > 0) {
      wins++;
      grossProfit += pnl;
      winBars += bars;
      if (long) longWins++;
      run = run > 0 ? run + 1 : 1;
      if (run > maxWinRun) maxWinRun = run;
    } else {
      if (pnl < 0) {
        losses++;
        grossLoss += pnl;
        lossBars += bars;
      }
      // A zero-P&L trade is not a win (backtesting.py's win rate) and it breaks a winning run.
      run = pnl < 0 ? (run < 0 ? run - 1 : -1) : 0;
      if (-run > maxLossRun) maxLossRun = -run;
    }
  }
  const meanPnl = pnlSum / n;
  let squared = 0;
  for (let k = 0; k < n; k++) squared += (pnls[k] - meanPnl) ** 2;
  const stdPnl = Math.sqrt(squared / (n - 1));
  const winRate = wins / n;
  const avgWin = grossProfit / wins;
  const avgLoss = grossLoss / losses;
  const shorts = n - longs;
  const shortWins = wins - longWins;
  return {
    numTrades: n,
    winRatePct: n ? winRate * 100 : null,
    bestTradePct: n ? best : null,
    worstTradePct: n ? worst : null,
    avgTradePct: n ? (anyWipeout ? 0 : (Math.exp(logGrowthOf(returns, n, growth, scale, extreme) / n) - 1) * 100) : null,
    avgWinningTradePnl: wins ? avgWin : null,
    avgLosingTradePnl: losses ? avgLoss : null,
    winLossRatio: wins && losses ? avgWin / -avgLoss : null,
    largestWinPnl: n ? largestWin : null,
    largestLossPnl: n ? largestLoss : null,
    grossProfit,
    grossLoss,
    maxTradeDurationMs: n ? maxDuration : null,
    avgTradeDurationMs: n ? durationSum / n : null,
    avgBarsInWinningTrades: wins ? winBars / wins : null,
    avgBarsInLosingTrades: losses ? lossBars / losses : null,
    profitFactor: negativeReturns < 0 ? positiveReturns / -negativeReturns : null,
    expectancyPct: n ? (returnSum / n) * 100 : null,
    sqn: n > 1 && stdPnl > 0 ? (Math.sqrt(n) * meanPnl) / stdPnl : null,
    kellyCriterion: wins && losses ? winRate - (1 - winRate) / (avgWin / -avgLoss) : null,
    longTrades: longs,
    longWinRatePct: longs ? (longWins / longs) * 100 : null,
    shortTrades: shorts,
    shortWinRatePct: shorts ? (shortWins / shorts) * 100 : null,
    maxConsecutiveWins: maxWinRun,
    maxConsecutiveLosses: maxLossRun,
  };
}
