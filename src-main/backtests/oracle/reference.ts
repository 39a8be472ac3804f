import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BacktestConfigInput } from '../../../src-shared/backtest';

/**
 * The backtesting.py oracle (README.md beside this file) and the few things a test needs to derive
 * from its figures where Barwise differs on purpose (docs/engine.md, "Differences from
 * backtesting.py"). Everything here is written from backtesting.py's definitions, independently of
 * the engine, and each piece is itself checked against backtesting.py's own numbers in
 * oracle.test.ts before it is used to derive anything.
 */

export type OracleDataset = 'GOOG' | 'EURUSD' | 'BTCUSD';

export interface OracleTrade {
  readonly side: 'long' | 'short';
  readonly size: number;
  readonly entryBar: number;
  readonly exitBar: number;
  readonly entryPrice: number;
  readonly exitPrice: number;
  readonly pnl: number;
  readonly returnPct: number;
  readonly commission: number;
}

/** A statistic as backtesting.py printed it: a number, a timestamp, a duration, or NaN (null). */
export type OracleValue = number | string | { readonly days: number } | null;

export interface OracleRun {
  readonly stats: Readonly<Record<string, OracleValue>>;
  readonly trades?: readonly OracleTrade[];
}

export interface OracleCase {
  readonly id: string;
  readonly dataset: OracleDataset;
  readonly bars: number;
  readonly config: BacktestConfigInput;
  readonly backtestingPy: string;
  /** The run as configured (`finalize_trades = closeAtEnd`). */
  readonly expected: OracleRun;
  /** The same run with the last position left open (`finalize_trades=False`). */
  readonly expectedOpenEnd: OracleRun;
}

const here = (name: string): string => fileURLToPath(new URL(name, import.meta.url));

export function oracleCases(): readonly OracleCase[] {
  return (JSON.parse(readFileSync(here('backtesting-py.json'), 'utf8')) as { cases: OracleCase[] }).cases;
}

export const oracleCsv = (dataset: OracleDataset): string => here(`data/${dataset}.csv`);

/** The columns the derivations need, read from the CSV with no code of the importer's. */
export interface OracleBars {
  readonly time: readonly number[];
  readonly open: readonly number[];
  readonly close: readonly number[];
}

export function readOracleBars(dataset: OracleDataset): OracleBars {
  const rows = readFileSync(oracleCsv(dataset), 'utf8').trimEnd().split('\n').slice(1).map((line) => line.split(','));
  // pandas wrote the index as `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS`, naive UTC.
  const time = rows.map(([stamp]) => Date.parse(stamp.length === 10 ? `${stamp}T00:00:00Z` : `${stamp.replace(' ', 'T')}Z`));
  return { time, open: rows.map((r) => Number(r[1])), close: rows.map((r) => Number(r[4])) };
}

const DAY = 86_400_000;

/**
 * backtesting.py's `_round_timedelta`: a duration ceiled to the resolution of the data's period
 * (the median spacing of its last 100 bars): whole days for daily and monthly bars, hours for hourly.
 */
export function durationResolutionMs(bars: OracleBars): number {
  const last = bars.time.slice(-100);
  const steps = last.slice(1).map((t, i) => t - last[i]).sort((a, b) => a - b);
  const median = steps.length % 2 ? steps[(steps.length - 1) / 2] : (steps[steps.length / 2 - 1] + steps[steps.length / 2]) / 2;
  return [DAY, 3_600_000, 60_000, 1000, 1].find((unit) => median % unit === 0) ?? 1;
}

export const ceilTo = (ms: number, resolution: number): number => Math.ceil(ms / resolution) * resolution;

/** Commission of one order under the case's config: a fraction of the traded value plus a fixed fee. */
export function orderCommission(config: BacktestConfigInput, size: number, price: number): number {
  return (config.commission?.fraction ?? 0) * size * price + (config.commission?.fixed ?? 0);
}

/**
 * Equity at each bar's close from a trade list and the data alone: cash moves at each fill (entry
 * commission at the entry, exit commission at the exit), and open positions are marked at the
 * close. `holdLast` keeps the last trade's position open to the end instead of closing it.
 */
export function equityFromTrades(bars: OracleBars, config: BacktestConfigInput, trades: readonly OracleTrade[], holdLast = false): number[] {
  interface Fill { readonly bar: number; readonly order: number; readonly units: number; readonly price: number; readonly fee: number }
  const fills: Fill[] = [];
  trades.forEach((t, k) => {
    const sign = t.side === 'long' ? 1 : -1;
    const exitFee = orderCommission(config, t.size, t.exitPrice);
    fills.push({ bar: t.entryBar, order: 2 * k, units: sign * t.size, price: t.entryPrice, fee: t.commission - exitFee });
    if (!(holdLast && k === trades.length - 1)) fills.push({ bar: t.exitBar, order: 2 * k + 1, units: -sign * t.size, price: t.exitPrice, fee: exitFee });
  });
  // A trade's exit before the next one's entry on a reversal bar; a trade entered and left on one bar, entry first.
  fills.sort((a, b) => a.bar - b.bar || a.order - b.order);
  let cash = config.cash ?? 10_000;
  let position = 0;
  let next = 0;
  return bars.close.map((close, i) => {
    for (; next < fills.length && fills[next].bar === i; next++) {
      const { units, price, fee } = fills[next];
      cash -= units * price + fee;
      position += units;
    }
    return cash + position * close;
  });
}

/** Sample covariance over sample variance, each by its mean first (numpy's `np.cov`, ddof 1). */
function covarianceRatio(xs: readonly number[], ys: readonly number[]): number {
  const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const mx = mean(xs);
  const my = mean(ys);
  let cov = 0;
  let variance = 0;
  for (let i = 0; i < xs.length; i++) {
    cov += (xs[i] - mx) * (ys[i] - my);
    variance += (ys[i] - my) ** 2;
  }
  return cov / variance;
}

const logReturns = (values: readonly number[]): number[] => values.slice(1).map((v, i) => Math.log(v / values[i]));

/** backtesting.py's `Beta`: bar-to-bar log returns of equity against those of the close. */
export function barBeta(equity: readonly number[], close: readonly number[]): number {
  return covarianceRatio(logReturns(equity), logReturns(close));
}

/** Barwise's beta on intraday bars: the same on the last equity and close of each UTC day. */
export function dailyBeta(time: readonly number[], equity: readonly number[], close: readonly number[]): number {
  const dayEnds = time.flatMap((t, i) => (i === time.length - 1 || Math.floor(time[i + 1] / DAY) !== Math.floor(t / DAY) ? [i] : []));
  return barBeta(dayEnds.map((i) => equity[i]), dayEnds.map((i) => close[i]));
}

/**
 * backtesting.py's trade statistics (`compute_stats`, from '# Trades' to 'Kelly Criterion') of a
 * trade list, durations ceiled as it prints them.
 */
export function tradeStatistics(trades: readonly OracleTrade[], bars: OracleBars): Record<string, number> {
  const n = trades.length;
  const pnl = trades.map((t) => t.pnl);
  const returns = trades.map((t) => t.returnPct / 100);
  const durations = trades.map((t) => bars.time[t.exitBar] - bars.time[t.entryBar]);
  const resolution = durationResolutionMs(bars);
  const sum = (v: readonly number[]) => v.reduce((a, b) => a + b, 0);
  const mean = (v: readonly number[]) => sum(v) / v.length;
  const winRate = pnl.filter((p) => p > 0).length / n;
  const meanPnl = mean(pnl);
  const stdPnl = Math.sqrt(sum(pnl.map((p) => (p - meanPnl) ** 2)) / (n - 1));
  const growth = returns.map((r) => 1 + r);
  return {
    '# Trades': n,
    'Win Rate [%]': winRate * 100,
    'Best Trade [%]': Math.max(...returns) * 100,
    'Worst Trade [%]': Math.min(...returns) * 100,
    'Avg. Trade [%]': (growth.some((g) => g <= 0) ? 0 : Math.exp(sum(growth.map(Math.log)) / n) - 1) * 100,
    'Max. Trade Duration': ceilTo(Math.max(...durations), resolution) / DAY,
    'Avg. Trade Duration': ceilTo(mean(durations), resolution) / DAY,
    'Profit Factor': sum(returns.filter((r) => r > 0)) / Math.abs(sum(returns.filter((r) => r < 0))),
    'Expectancy [%]': mean(returns) * 100,
    SQN: (Math.sqrt(n) * meanPnl) / stdPnl,
    'Kelly Criterion': winRate - (1 - winRate) / (mean(pnl.filter((p) => p > 0)) / -mean(pnl.filter((p) => p < 0))),
  };
}
