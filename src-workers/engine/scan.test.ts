import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { returnPeriod, type PeriodUnit } from './periods';
import { drawdownSeries, scanEquity } from './stats';
import { randomWalkBars } from './test-bars';

/** An account's states after random fills: (bar, cash, position, entry price) rows, and bars whose equity is settled to a number. */
interface EquityPath {
  readonly close: Float64Array;
  readonly initialCash: number;
  readonly states: Float64Array;
  readonly rows: number;
  readonly settled: readonly number[];
}
const STATE_FIELDS = 4;

/** Equity at each bar: cash + position × (close − entry) with the last state at or before the bar. */
function fillEquity(path: EquityPath, out: Float64Array): Float64Array {
  let [cash, position, entry] = [path.initialCash, 0, 0];
  let k = 0;
  for (let i = 0; i < out.length; i++) {
    while (k < path.rows && path.states[k * STATE_FIELDS] === i) {
      [cash, position, entry] = [path.states[k * STATE_FIELDS + 1], path.states[k * STATE_FIELDS + 2], path.states[k * STATE_FIELDS + 3]];
      k++;
    }
    out[i] = cash + position * (path.close[i] - entry);
  }
  for (let s = 0; s < path.settled.length; s += 2) out[path.settled[s]] = path.settled[s + 1];
  return out;
}

const DAY = 86_400_000;

/**
 * Periods a year, bar by bar: returnPeriod's for weekly and longer bars; for daily returns 365 when
 * over 60% of a 7-day market's 2/7 of the bars fall on a Saturday or Sunday (UTC), else 252.
 */
function plainPeriodsPerYear(time: Float64Array, timeframeMs: number): number {
  const { perYear } = returnPeriod(timeframeMs);
  if (perYear !== null) return perYear;
  let weekend = 0;
  for (let i = 0; i < time.length; i++) if ((Math.floor(time[i] / DAY) + 3) % 7 >= 5) weekend++;
  return weekend / Math.max(1, time.length) > (2 / 7) * 0.6 ? 365 : 252;
}

/** Which period a bar falls in, as a number that changes exactly when the period does (UTC). */
function periodKey(unit: PeriodUnit, time: number, bar: number): number {
  const day = Math.floor(time / DAY);
  const date = new Date(time);
  switch (unit) {
    case 'day':
      return day;
    case 'week':
      return Math.floor((day + 3) / 7); // weeks from Monday to Sunday (1970-01-01 was a Thursday)
    case 'month':
      return date.getUTCFullYear() * 12 + date.getUTCMonth();
    case 'year':
      return date.getUTCFullYear();
    case 'bar':
      return bar;
  }
}

/**
 * The curve statistics the plain way, bar by bar from the equity series, as docs/statistics.md
 * defines them: the oracle for scanEquity's single pass.
 */
function plainScan(time: Float64Array, equity: Float64Array, close: Float64Array, timeframeMs: number) {
  const n = equity.length;
  const dd = drawdownSeries(equity);
  let peak = -Infinity;
  let trough = Infinity;
  let maxRunUpPct = 0;
  for (let i = 0; i < n; i++) {
    peak = Math.max(peak, equity[i]);
    trough = Math.min(trough, equity[i]);
    if (trough > 0) maxRunUpPct = Math.max(maxRunUpPct, (equity[i] / trough - 1) * 100);
  }
  // Drawdown periods: between bars of zero drawdown (and the last bar), more than one bar apart.
  const durations: number[] = [];
  const depths: number[] = [];
  let previousZero = -1;
  for (let i = 0; i < n; i++) {
    if (dd[i] !== 0 && i !== n - 1) continue;
    if (previousZero >= 0 && i > previousZero + 1) {
      durations.push(time[i] - time[previousZero]);
      depths.push(Math.max(...dd.subarray(previousZero + 1, i + 1)));
    }
    previousZero = i;
  }
  // Equity at the last bar of each period; returns between periods, a leading 0.
  const { unit } = returnPeriod(timeframeMs);
  const ends: number[] = [];
  for (let i = 0; i < n; i++) if (i === n - 1 || periodKey(unit, time[i + 1], i + 1) !== periodKey(unit, time[i], i)) ends.push(i);
  const returns = ends.map((i, k) => (k === 0 ? 0 : equity[i] / equity[ends[k - 1]] - 1));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return {
    final: equity[n - 1],
    peak,
    maxDrawdownPct: Math.max(0, ...dd),
    maxRunUpPct,
    lowest: trough,
    maxDrawdownDurationMs: durations.length ? Math.max(...durations) : NaN,
    avgDrawdownDurationMs: durations.length ? mean(durations) : NaN,
    avgDrawdownPct: depths.length ? mean(depths) : NaN,
    periodsPerYear: plainPeriodsPerYear(time, timeframeMs),
    returns,
    periodCloses: ends.map((i) => close[i]),
  };
}

/** A path of random fills: flat stretches, longs, shorts, states on day boundaries, a settlement. */
function randomPath(seed: number, n: number, close: Float64Array, fills: number): EquityPath {
  let state = seed;
  const random = () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const bars = new Set<number>();
  while (bars.size < Math.min(fills, n)) bars.add(Math.floor(random() * n));
  const sorted = [...bars].sort((a, b) => a - b);
  const states = new Float64Array(sorted.length * STATE_FIELDS);
  sorted.forEach((bar, k) => {
    const position = random() < 0.25 ? 0 : Math.round((random() - 0.4) * 200);
    // Entered at this bar's close, with cash from earlier trades: equity = cash + position × (close − entry).
    states.set([bar, 10_000 + (random() - 0.5) * 500, position, close[bar]], k * STATE_FIELDS);
  });
  const settledBar = sorted.length > 0 ? sorted[sorted.length - 1] : -1;
  return { close, initialCash: 10_000, states, rows: sorted.length, settled: settledBar >= 0 && random() < 0.5 ? [settledBar, 9_000] : [] };
}

describe('scanEquity (one pass)', () => {
  it('agrees with the statistics computed bar by bar from the equity series', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4_000 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.constantFrom(60_000, 15 * 60_000, 3_600_000, DAY, 7 * DAY, 10 * DAY, 31 * DAY, 92 * DAY, 365 * DAY),
        fc.integer({ min: 0, max: 60 }),
        (n, seed, timeframeMs, fills) => {
          const bars = randomWalkBars(n, seed, timeframeMs, Date.UTC(2024, 0, 5, 13), 0.004);
          const path = randomPath(seed, n, bars.close, fills);
          const equity = fillEquity(path, new Float64Array(n));
          const scan = scanEquity(bars.time, bars.close, equity, timeframeMs);
          const plain = plainScan(bars.time, equity, bars.close, timeframeMs);
          const { returns, periodCloses, maxRunUpPct, ...exact } = plain;
          expect({ ...scan, returns: undefined, periodCloses: undefined, count: undefined, maxRunUpPct: undefined }).toStrictEqual({
            ...exact,
            returns: undefined,
            periodCloses: undefined,
            count: undefined,
            maxRunUpPct: undefined,
          });
          // Run-up divides only when a rise beats the best so far: equal to rounding.
          expect(scan.maxRunUpPct).toBeCloseTo(maxRunUpPct, 9);
          expect(Array.from(scan.returns.subarray(0, scan.count))).toStrictEqual(returns);
          expect(Array.from(scan.periodCloses.subarray(0, scan.count))).toStrictEqual(periodCloses);
        },
      ),
      { numRuns: 200 },
    );
  });
});
