import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BacktestConfigInput, BacktestStats, Trade } from '../../src-shared/backtest';
import { createBarwise, type Barwise } from '../barwise';
import {
  barBeta,
  ceilTo,
  dailyBeta,
  durationResolutionMs,
  equityFromTrades,
  oracleCases,
  oracleCsv,
  orderCommission,
  readOracleBars,
  tradeStatistics,
  type OracleBars,
  type OracleCase,
  type OracleDataset,
  type OracleRun,
  type OracleTrade,
  type OracleValue,
} from './oracle/reference';

/**
 * backtesting.py's own figures (src-main/backtests/oracle/: 21 SMA-crossover runs on its own
 * fixtures, every statistic and every trade as it printed them), reproduced through Barwise's API:
 * the CSVs imported as a user imports them, each run queued on the worker pool, the stored run and
 * its trades read back. Every statistic and every trade is compared at rtol 1e-8.
 *
 * Where Barwise means something different on purpose, docs/engine.md ("Differences from
 * backtesting.py") says so and why, and the expected value is derived here from the oracle's own
 * figures by that rule and nothing else:
 * - a position left open at the end counts in exposure and its entry commission in commissions;
 * - closing at the end with tradeOnClose fills at the last close (backtesting.py: the close before);
 * - on intraday bars beta (and alpha with it) is measured on daily returns, not bar to bar;
 * - drawdowns are stored positive, durations in milliseconds (backtesting.py ceils averages).
 */

const DAY = 86_400_000;
const RTOL = 1e-8;

const isClose = (actual: number, expected: number): boolean =>
  actual === expected || Math.abs(actual - expected) <= RTOL * Math.abs(expected) + 1e-12;

/** Our statistics under backtesting.py's names, as it prints them (drawdowns negative, durations in days ceiled). */
function asBacktestingPy(s: BacktestStats, resolution: number): Record<string, number | null> {
  const days = (ms: number | null, ceil = false) => (ms === null ? null : (ceil ? ceilTo(ms, resolution) : ms) / DAY);
  return {
    Start: s.startTime,
    End: s.endTime,
    Duration: days(s.durationMs),
    'Exposure Time [%]': s.exposureTimePct,
    'Equity Final [$]': s.equityFinal,
    'Equity Peak [$]': s.equityPeak,
    'Commissions [$]': s.commissionsPaid,
    'Return [%]': s.returnPct,
    'Buy & Hold Return [%]': s.buyHoldReturnPct,
    'Return (Ann.) [%]': s.annualizedReturnPct,
    'Volatility (Ann.) [%]': s.annualizedVolatilityPct,
    'CAGR [%]': s.cagrPct,
    'Sharpe Ratio': s.sharpe,
    'Sortino Ratio': s.sortino,
    'Calmar Ratio': s.calmar,
    'Alpha [%]': s.alphaPct,
    Beta: s.beta,
    'Max. Drawdown [%]': -s.maxDrawdownPct,
    'Avg. Drawdown [%]': s.avgDrawdownPct === null ? null : -s.avgDrawdownPct,
    'Max. Drawdown Duration': days(s.maxDrawdownDurationMs, true),
    'Avg. Drawdown Duration': days(s.avgDrawdownDurationMs, true),
    '# Trades': s.numTrades,
    'Win Rate [%]': s.winRatePct,
    'Best Trade [%]': s.bestTradePct,
    'Worst Trade [%]': s.worstTradePct,
    'Avg. Trade [%]': s.avgTradePct,
    'Max. Trade Duration': days(s.maxTradeDurationMs, true),
    'Avg. Trade Duration': days(s.avgTradeDurationMs, true),
    'Profit Factor': s.profitFactor,
    'Expectancy [%]': s.expectancyPct,
    SQN: s.sqn,
    'Kelly Criterion': s.kellyCriterion,
  };
}

/** backtesting.py's printed value as a number: timestamps as epoch ms, durations in days, NaN as null. */
function numeric(value: OracleValue | undefined, name: string): number | null {
  if (value === undefined) throw new Error(`the oracle has no ${name}`);
  if (value === null) return null;
  if (typeof value === 'string') return Date.parse(`${value}Z`);
  return typeof value === 'number' ? value : value.days;
}

function mismatches(actual: Record<string, number | null>, expected: Record<string, number | null>): string[] {
  return Object.entries(expected).flatMap(([name, want]) => {
    const got = actual[name];
    if (got === undefined) return [`${name}: not computed`];
    const same = want === null || got === null ? want === got : isClose(got, want);
    return same ? [] : [`${name}: ours ${got}, expected ${want}`];
  });
}

const tradeFields = (t: OracleTrade | Trade): readonly (string | number)[] => [
  t.side, t.size, t.entryBar, t.exitBar, t.entryPrice, t.exitPrice, t.pnl, t.returnPct, t.commission,
];

function tradeMismatches(actual: readonly Trade[], expected: readonly OracleTrade[]): string[] {
  if (actual.length !== expected.length) return [`${actual.length} trades, expected ${expected.length}`];
  return expected.flatMap((want, k) => {
    const a = tradeFields(actual[k]);
    const e = tradeFields(want);
    const same = e.every((v, f) => (typeof v === 'number' ? isClose(a[f] as number, v) : a[f] === v));
    return same ? [] : [`trade ${k}: ours ${JSON.stringify(a)}, expected ${JSON.stringify(e)}`];
  });
}

/** A position's trade closed at `price` on `bar` instead, by backtesting.py's trade formulas (docs/statistics.md). */
function closedAt(config: BacktestConfigInput, t: OracleTrade, bar: number, price: number): OracleTrade {
  const sign = t.side === 'long' ? 1 : -1;
  const commission = t.commission - orderCommission(config, t.size, t.exitPrice) + orderCommission(config, t.size, price);
  return {
    ...t,
    exitBar: bar,
    exitPrice: price,
    commission,
    pnl: sign * t.size * (price - t.entryPrice) - commission,
    returnPct: (sign * (price / t.entryPrice - 1) - commission / (t.size * t.entryPrice)) * 100,
  };
}

/** A run to reproduce: the oracle's figures, with what Barwise is expected to store instead. */
interface Check {
  readonly name: string;
  readonly config: BacktestConfigInput;
  readonly stats: Record<string, number | null>;
  readonly trades?: readonly OracleTrade[];
}

const EQUITY_CURVE_STATS = [
  'Start', 'End', 'Duration', 'Equity Final [$]', 'Equity Peak [$]', 'Return [%]', 'Buy & Hold Return [%]',
  'Return (Ann.) [%]', 'Volatility (Ann.) [%]', 'CAGR [%]', 'Sharpe Ratio', 'Sortino Ratio', 'Calmar Ratio',
  'Alpha [%]', 'Beta', 'Max. Drawdown [%]', 'Avg. Drawdown [%]', 'Max. Drawdown Duration', 'Avg. Drawdown Duration',
];

const withoutCloseAtEnd = (config: BacktestConfigInput): string => JSON.stringify({ ...config, closeAtEnd: undefined });

/** The case itself, or for one that leaves its position open, the same run with it closed (finalize_trades=True). */
function closedTwin(c: OracleCase): OracleCase {
  if (c.config.closeAtEnd !== false) return c;
  const twin = oracleCases().find((o) => o.dataset === c.dataset && o.config.closeAtEnd !== false && withoutCloseAtEnd(o.config) === withoutCloseAtEnd(c.config));
  if (!twin) throw new Error(`${c.id}: no case runs the same with the position closed`);
  return twin;
}

/** The position the run leaves open at the end: the closed twin's last trade, when it has one trade more. */
function heldOpen(c: OracleCase): OracleTrade | undefined {
  const twin = closedTwin(c).expected;
  const more = numeric(twin.stats['# Trades'], '# Trades')! - numeric(c.expectedOpenEnd.stats['# Trades'], '# Trades')!;
  return more === 1 ? twin.trades!.at(-1) : undefined;
}

/** A run's printed statistics as numbers; 'Commissions [$]' is printed only when not 0. */
const statsOf = (run: OracleRun): Record<string, number | null> => ({
  'Commissions [$]': 0,
  ...Object.fromEntries(Object.entries(run.stats).map(([k, v]) => [k, numeric(v, k)])),
});

const commissionFree = (config: BacktestConfigInput): boolean => orderCommission(config, 1, 1) === 0;

/** On intraday bars beta, and alpha with it, are measured on daily returns: here of the curve the oracle's trades make. */
function withDailyBeta(stats: Record<string, number | null>, bars: OracleBars, curve: readonly number[]): void {
  stats.Beta = dailyBeta(bars.time, curve, bars.close);
  stats['Alpha [%]'] = stats['Return [%]']! - stats.Beta * stats['Buy & Hold Return [%]']!;
}

/**
 * What Barwise should store for one oracle case: the run left open and, for a case that closes
 * its last position, the run as configured. Each difference rule of docs/engine.md is applied here.
 */
function checksFor(c: OracleCase, bars: OracleBars): Check[] {
  const n = bars.close.length;
  const intraday = bars.time[1] - bars.time[0] < DAY;
  const twin = closedTwin(c).expected;
  const held = heldOpen(c);

  const open = statsOf(c.expectedOpenEnd);
  if (held) {
    // A position left open counts in exposure from its entry to the last bar (backtesting.py counts
    // it that way once it closes it, to its exit bar), and its entry commission was paid.
    open['Exposure Time [%]'] = numeric(twin.stats['Exposure Time [%]'], 'exposure')! + ((n - 1 - held.exitBar) / n) * 100;
    open['Commissions [$]']! += held.commission - orderCommission(c.config, held.size, held.exitPrice);
  }
  if (intraday) withDailyBeta(open, bars, equityFromTrades(bars, c.config, twin.trades!, held !== undefined));
  const checks: Check[] = [{ name: 'left open', config: { ...c.config, closeAtEnd: false }, stats: open, trades: c.config.closeAtEnd === false ? c.expected.trades : undefined }];
  if (c.config.closeAtEnd === false) return checks;

  const closed = statsOf(c.expected);
  let trades = c.expected.trades!;
  if (c.config.tradeOnClose && held) {
    // With tradeOnClose the last position is closed at the last close, on the last bar.
    if (!commissionFree(c.config)) throw new Error(`${c.id}: an exit commission at the last close changes the last equity; derive it before adding such a case`);
    trades = [...trades.slice(0, -1), closedAt(c.config, held, n - 1, bars.close[n - 1])];
    // Without a commission, that leaves the curve as the run left open has it.
    for (const name of EQUITY_CURVE_STATS) closed[name] = open[name];
    Object.assign(closed, tradeStatistics(trades, bars));
    closed['Exposure Time [%]'] = open['Exposure Time [%]'];
  } else if (intraday) withDailyBeta(closed, bars, equityFromTrades(bars, c.config, trades));
  checks.push({ name: 'as configured', config: c.config, stats: closed, trades });
  return checks;
}

const cases = oracleCases();
const datasets: readonly OracleDataset[] = ['GOOG', 'EURUSD', 'BTCUSD'];
const bars = Object.fromEntries(datasets.map((d) => [d, readOracleBars(d)])) as Record<OracleDataset, OracleBars>;

describe('the derivations, checked against backtesting.py before they derive anything', () => {
  it.each(cases.filter((c) => c.expected.trades))('$id: the trade statistics of its trade list are the ones it printed', (c) => {
    const printed = Object.fromEntries(Object.keys(tradeStatistics([], bars[c.dataset])).map((k) => [k, numeric(c.expected.stats[k], k)]));
    expect(mismatches(tradeStatistics(c.expected.trades!, bars[c.dataset]), printed)).toEqual([]);
  });

  it.each(cases)('$id: its trades make an equity curve with the final equity and the beta it printed', (c) => {
    const closed = closedTwin(c).expected;
    const curves = [
      { run: closed, curve: equityFromTrades(bars[c.dataset], c.config, closed.trades!) },
      { run: c.expectedOpenEnd, curve: equityFromTrades(bars[c.dataset], c.config, closed.trades!, heldOpen(c) !== undefined) },
    ];
    for (const { run, curve } of curves) {
      const printed = { final: numeric(run.stats['Equity Final [$]'], 'final'), beta: numeric(run.stats.Beta, 'beta') };
      expect(mismatches({ final: curve.at(-1)!, beta: barBeta(curve, bars[c.dataset].close) }, printed)).toEqual([]);
    }
  });

  it.each(cases)('$id: every trade commission is the entry and the exit order commission', (c) => {
    const split = closedTwin(c).expected.trades!.filter((t) => !isClose(orderCommission(c.config, t.size, t.entryPrice) + orderCommission(c.config, t.size, t.exitPrice), t.commission));
    expect(split).toEqual([]);
  });
});

describe('backtesting.py oracle, through the API (import, run on the pool, read the stored run)', () => {
  let barwise: Barwise;
  let dataDir: string;
  const datasetIds = {} as Record<OracleDataset, string>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'barwise-oracle-'));
    barwise = createBarwise({ dataDir, threads: 2 });
    for (const dataset of datasets) {
      const outcome = await barwise.client.datasets.importFile({ path: oracleCsv(dataset), options: {} });
      datasetIds[dataset] = outcome.dataset.id;
    }
  });
  afterAll(async () => {
    await barwise?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('imports backtesting.py\'s own pandas CSVs whole, with the unnamed index as the time', async () => {
    for (const dataset of datasets) {
      const stored = await barwise.client.datasets.get({ id: datasetIds[dataset] });
      const csv = bars[dataset];
      expect([stored.barCount, stored.firstTime, stored.lastTime]).toEqual([csv.time.length, csv.time[0], csv.time.at(-1)]);
    }
  });

  describe.each(cases)('$id — $backtestingPy', (c) => {
    it.each(checksFor(c, bars[c.dataset]))('$name: every statistic and every trade', async (check) => {
      const { runId } = await barwise.client.backtests.runAndWait({ datasetId: datasetIds[c.dataset], config: check.config });
      const run = await barwise.client.runs.get({ id: runId });
      expect(run.barCount).toBe(c.bars);
      const ours = asBacktestingPy(run.stats, durationResolutionMs(bars[c.dataset]));
      expect(mismatches(ours, check.stats)).toEqual([]);
      if (check.trades) expect(tradeMismatches(await barwise.client.runs.trades({ id: runId }), check.trades)).toEqual([]);
    });
  });
});
