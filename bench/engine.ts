// `npm run bench -- engine`: the backtest engine's speed on one million 1-minute bars: the
// SMA(10)/SMA(30) crossover written with next() (the built-in sma-cross) and with signals(),
// each against a bare loop written here (same trades, same final equity) in the same run.
import { cross, defineStrategy, sma } from 'barwise';
import { backtestConfigSchema, type BacktestResult } from '../src-shared/backtest';
import type { Bars } from '../src-shared/bars/bars';
import { sliceBars } from '../src-shared/bars/bars';
import { runStrategy } from '../src-workers/engine/backtest';
import { randomWalkBars } from '../src-workers/engine/test-bars';
import { refreshSpan } from '../src-workers/indicators/moving-averages';
import { trustedStrategy, type LoadedStrategy } from '../src-workers/sdk/loaded';
import { getStrategy } from '../src-workers/strategies/registry';
import { collectGarbage } from './_gc';
import { printFigures, printMachine } from './_report';

const BARS = 1_000_000;
const FAST = 10;
const SLOW = 30;
const ROUNDS = 15;

interface Reference {
  readonly trades: number;
  readonly finalEquity: number;
}

/**
 * The bare loop: SMA(fast)/SMA(slow) crossover with backtesting.py's semantics (decide on the
 * close, fill at the next open, ⌊99.99% of cash / price⌋ units, stop and reverse, close at the
 * last open). The SMAs are running sums with the window re-summed at sma()'s refresh bars, as the
 * library's sma() does, so crossings match bit for bit. No statistics, no equity curve, no
 * trade records: the floor the engine is measured against.
 */
function bareLoop(bars: Bars, fast: number, slow: number): Reference {
  const { open, close } = bars;
  const n = close.length;
  let fastSum = 0;
  let slowSum = 0;
  const fastSpan = refreshSpan(fast);
  const slowSpan = refreshSpan(slow);
  let fastRefresh = fast - 1;
  let slowRefresh = slow - 1;
  let prevFast = NaN;
  let prevSlow = NaN;
  let cash = 10_000;
  let units = 0;
  let pending = 0;
  let trades = 0;
  for (let i = 0; i < n; i++) {
    if (pending !== 0) {
      if (units !== 0) {
        cash += units * open[i];
        units = 0;
        trades++;
      }
      const size = Math.floor((cash * 0.9999) / open[i]);
      if (size > 0) {
        units = pending * size;
        cash -= units * open[i];
      }
      pending = 0;
    }
    const x = close[i];
    if (i < fast - 1) fastSum += x;
    else if (i === fastRefresh) {
      fastRefresh += fastSpan;
      fastSum = 0;
      for (let j = i - fast + 1; j <= i; j++) fastSum += close[j];
    } else fastSum += x - close[i - fast];
    if (i < slow - 1) slowSum += x;
    else if (i === slowRefresh) {
      slowRefresh += slowSpan;
      slowSum = 0;
      for (let j = i - slow + 1; j <= i; j++) slowSum += close[j];
    } else slowSum += x - close[i - slow];
    const f = i >= fast - 1 ? fastSum / fast : NaN;
    const s = i >= slow - 1 ? slowSum / slow : NaN;
    if (prevFast < prevSlow && f > s) pending = 1;
    else if (prevSlow < prevFast && s > f) pending = -1;
    prevFast = f;
    prevSlow = s;
  }
  if (units !== 0) {
    cash += units * open[n - 1];
    trades++;
  }
  return { trades, finalEquity: cash };
}

/** The same crossover in the vectorized form: a target for every bar at once. */
const smaSignals: LoadedStrategy = trustedStrategy(
  'sma-cross',
  '1',
  defineStrategy({
    name: 'SMA crossover (signals)',
    params: getStrategy('sma-cross').definition.params as { fast: { type: 'int'; default: number }; slow: { type: 'int'; default: number } },
    init: ({ data, params, I }) => ({ fast: I(sma(data.close, params.fast)), slow: I(sma(data.close, params.slow)) }),
    signals: (_, { fast, slow }) => cross(fast, slow),
  }),
);

const config = backtestConfigSchema.parse({ strategy: { id: 'sma-cross', params: { fast: FAST, slow: SLOW } } });
const run = (strategy: LoadedStrategy, bars: Bars): BacktestResult => runStrategy(strategy, { bars, config, dataHash: 'bench' });

function check(result: BacktestResult, reference: Reference, label: string): void {
  const same = result.stats.numTrades === reference.trades && Math.abs(result.stats.equityFinal - reference.finalEquity) <= 1e-9 * reference.finalEquity;
  if (!same) {
    throw new Error(`${label}: engine (${result.stats.numTrades} trades, ${result.stats.equityFinal}) ≠ bare loop (${reference.trades} trades, ${reference.finalEquity})`);
  }
}

/**
 * CPU time (user + system) of one call in ms, after a full GC: on a shared machine a longer run
 * is preempted more often than a shorter one, so wall time would bias the ratios. Page faults
 * (system time) count: they are the engine's cost.
 */
function cpuMs(body: () => void): number {
  collectGarbage();
  const started = process.cpuUsage();
  body();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
}

printMachine('engine');
const bars = randomWalkBars(BARS, 20_240_101, 60_000, Date.UTC(2020, 0, 1), 0.001);
const nextForm = getStrategy('sma-cross');

// Warm up on a slice so V8 optimizes the loops before the timed runs.
const warm = sliceBars(bars, 0, 50_000);
for (let k = 0; k < 20; k++) {
  run(nextForm, warm);
  run(smaSignals, warm);
  bareLoop(warm, FAST, SLOW);
}

// The three timed in alternation, best of each: the other processes' load weighs on all alike.
const best = { next: Infinity, nextWithSeries: Infinity, signals: Infinity, bare: Infinity };
let nextResult: BacktestResult | undefined;
let signalsResult: BacktestResult | undefined;
for (let k = 0; k < ROUNDS; k++) {
  best.next = Math.min(best.next, cpuMs(() => (nextResult = run(nextForm, bars))));
  // The same run with its per-bar series read, as posting the result to the main thread does.
  best.nextWithSeries = Math.min(
    best.nextWithSeries,
    cpuMs(() => {
      const r = run(nextForm, bars);
      void (r.drawdownPct.length + r.buyHoldEquity!.length);
    }),
  );
  best.signals = Math.min(best.signals, cpuMs(() => (signalsResult = run(smaSignals, bars))));
  best.bare = Math.min(best.bare, cpuMs(() => bareLoop(bars, FAST, SLOW)));
}
const reference = bareLoop(bars, FAST, SLOW);
check(nextResult!, reference, 'next()');
check(signalsResult!, reference, 'signals()');
if (JSON.stringify(nextResult!.stats) !== JSON.stringify(signalsResult!.stats)) throw new Error('next() and signals() gave different statistics');

const ns = (ms: number) => Number(((ms * 1e6) / BARS).toFixed(2));
const figures = {
  nextNsPerBar: ns(best.next),
  nextWithSeriesNsPerBar: ns(best.nextWithSeries),
  signalsNsPerBar: ns(best.signals),
  bareLoopNsPerBar: ns(best.bare),
};
console.log(`SMA(${FAST})/SMA(${SLOW}) on ${BARS.toLocaleString('en-US')} bars, ${nextResult!.stats.numTrades} trades, full statistics (CPU time, best of ${ROUNDS}):`);
console.log(`  next()                     ${best.next.toFixed(1)} ms  ${figures.nextNsPerBar} ns/bar  (${(best.next / best.bare).toFixed(1)}× the bare loop)`);
console.log(`  next(), series read         ${best.nextWithSeries.toFixed(1)} ms  ${figures.nextWithSeriesNsPerBar} ns/bar`);
console.log(`  signals()                  ${best.signals.toFixed(1)} ms  ${figures.signalsNsPerBar} ns/bar  (${(best.signals / best.bare).toFixed(1)}× the bare loop)`);
console.log(`  bare loop (reference)      ${best.bare.toFixed(1)} ms  ${figures.bareLoopNsPerBar} ns/bar  (results match)`);
printFigures({
  bench: 'engine',
  bars: BARS,
  ...figures,
  nextOverBareLoop: Number((best.next / best.bare).toFixed(2)),
  signalsOverBareLoop: Number((best.signals / best.bare).toFixed(2)),
  trades: nextResult!.stats.numTrades,
  resultsMatchBareLoop: true,
});
