// `npm run bench -- engine`: the backtest engine's speed on one million 1-minute bars: the
// SMA(10)/SMA(30) crossover written with next() and with signals(), in this process (the
// built-in sma-cross, and the same with signals) and sandboxed in a locked-down worker (both as
// user strategy files), each against the bare loop in the same realm (same trades, same final
// equity).
import { cross, defineStrategy, sma } from 'barwise';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { transform } from 'sucrase';
import { backtestConfigSchema, type BacktestResult } from '../src-shared/backtest';
import { sliceBars, type Bars } from '../src-shared/bars/bars';
import type { StrategySource } from '../src-shared/sdk/source';
import { runStrategy } from '../src-workers/engine/backtest';
import { randomWalkBars } from '../src-workers/engine/test-bars';
import { trustedStrategy, type LoadedStrategy } from '../src-workers/sdk/loaded';
import { getStrategy } from '../src-workers/strategies/registry';
import type { SandboxedFigures, SandboxedInput } from './_engine-sandboxed';
import { bareLoop, cpuMs, type Reference } from './_engine-runs';
import { printFigures, printMachine } from './_report';

const BARS = 1_000_000;
const FAST = 10;
const SLOW = 30;
const ROUNDS = 15;
const here = dirname(fileURLToPath(import.meta.url));

/** The same crossover in the vectorized form, as a user would write it. */
const SIGNALS_FILE = `import { cross, defineStrategy, sma } from 'barwise';

export default defineStrategy({
  name: 'SMA cross, vectorized',
  params: {
    fast: { type: 'int', default: 10, min: 2, max: 500 },
    slow: { type: 'int', default: 30, min: 3, max: 1000 },
  },
  init: ({ data, params, I }) => ({
    fast: I(sma(data.close, params.fast)),
    slow: I(sma(data.close, params.slow)),
  }),
  signals: (_, { fast, slow }) => cross(fast, slow),
});
`;

const smaSignals: LoadedStrategy = trustedStrategy(
  'sma-cross',
  '1',
  defineStrategy({
    name: 'SMA cross, vectorized',
    params: { fast: { type: 'int', default: 10 }, slow: { type: 'int', default: 30 } },
    init: ({ data, params, I }) => ({ fast: I(sma(data.close, params.fast)), slow: I(sma(data.close, params.slow)) }),
    signals: (_, { fast, slow }) => cross(fast, slow),
  }),
);

/** A strategy file as main sends it to a worker (sucrase: typescript + imports, lines kept). */
function compiled(ts: string, fileName: string): StrategySource {
  const code = transform(ts, { transforms: ['typescript', 'imports'] }).code;
  return { id: 'sma-cross', fileName, code, sourceHash: createHash('sha256').update(ts).digest('hex') };
}

function check(trades: number, finalEquity: number, reference: Reference, label: string): void {
  if (trades !== reference.trades || Math.abs(finalEquity - reference.finalEquity) > 1e-9 * reference.finalEquity) {
    throw new Error(`${label}: engine (${trades} trades, ${finalEquity}) ≠ bare loop (${reference.trades} trades, ${reference.finalEquity})`);
  }
}

function sandboxed(input: SandboxedInput): Promise<SandboxedFigures> {
  const worker = new Worker(join(here, '..', 'src-main', 'workers', 'tsx-bootstrap.mjs'), {
    workerData: { barwiseEntry: pathToFileURL(join(here, '_engine-sandboxed.ts')).href, ...input },
  });
  return new Promise((resolve, reject) => {
    worker.once('message', (figures: SandboxedFigures) => {
      resolve(figures);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

printMachine('engine');
const bars: Bars = randomWalkBars(BARS, 20_240_101, 60_000, Date.UTC(2020, 0, 1), 0.001);
const config = backtestConfigSchema.parse({ strategy: { id: 'sma-cross', params: { fast: FAST, slow: SLOW } } });
const run = (strategy: LoadedStrategy, on: Bars): BacktestResult => runStrategy(strategy, { bars: on, config, dataHash: 'bench' });
const nextForm = getStrategy('sma-cross');

// Warmed up as a worker is (every path on small data), then on a slice of the bench's bars.
const warm = sliceBars(bars, 0, 50_000);
for (let k = 0; k < 20; k++) {
  run(nextForm, warm);
  run(smaSignals, warm);
  bareLoop(warm, FAST, SLOW);
}

// Timed in alternation, best of each: the other processes' load weighs on all alike.
const best = { next: Infinity, nextWithSeries: Infinity, signals: Infinity, bare: Infinity };
let nextResult: BacktestResult | undefined;
let signalsResult: BacktestResult | undefined;
for (let k = 0; k < ROUNDS; k++) {
  best.next = Math.min(best.next, cpuMs(() => (nextResult = run(nextForm, bars))));
  // The same run with everything a result posted to the main thread carries read.
  best.nextWithSeries = Math.min(
    best.nextWithSeries,
    cpuMs(() => {
      const r = run(nextForm, bars);
      void (r.trades.length + r.drawdownPct.length + r.buyHoldEquity!.length);
    }),
  );
  best.signals = Math.min(best.signals, cpuMs(() => (signalsResult = run(smaSignals, bars))));
  best.bare = Math.min(best.bare, cpuMs(() => bareLoop(bars, FAST, SLOW)));
}
const reference = bareLoop(bars, FAST, SLOW);
check(nextResult!.stats.numTrades, nextResult!.stats.equityFinal, reference, 'next()');
check(signalsResult!.stats.numTrades, signalsResult!.stats.equityFinal, reference, 'signals()');
if (JSON.stringify(nextResult!.stats) !== JSON.stringify(signalsResult!.stats)) throw new Error('next() and signals() gave different statistics');

const userFile = readFileSync(join(here, '..', 'src-workers', 'sdk', 'fixtures', 'my-sma-cross.ts'), 'utf8');
const box = await sandboxed({
  bars: BARS,
  rounds: ROUNDS,
  fast: FAST,
  slow: SLOW,
  next: compiled(userFile, 'strategies/my-sma-cross.ts'),
  signals: compiled(SIGNALS_FILE, 'strategies/sma-signals.ts'),
});
check(box.trades, box.finalEquity, box.reference, 'sandboxed');

const ns = (ms: number) => Number(((ms * 1e6) / BARS).toFixed(2));
const times = (ms: number, bare: number) => `${(ms / bare).toFixed(1)}× the bare loop`;
console.log(`SMA(${FAST})/SMA(${SLOW}) on ${BARS.toLocaleString('en-US')} one-minute bars, ${nextResult!.stats.numTrades} trades, full statistics; CPU time, best of ${ROUNDS}:`);
console.log(`  this process   next()     ${ns(best.next)} ns/bar (${times(best.next, best.bare)}); with trades and series read ${ns(best.nextWithSeries)}`);
console.log(`                 signals()  ${ns(best.signals)} ns/bar (${times(best.signals, best.bare)})`);
console.log(`                 bare loop  ${ns(best.bare)} ns/bar`);
console.log(`  sandboxed      next()     ${ns(box.nextMs)} ns/bar (${times(box.nextMs, box.bareMs)})`);
console.log(`                 signals()  ${ns(box.signalsMs)} ns/bar (${times(box.signalsMs, box.bareMs)})`);
console.log(`                 bare loop  ${ns(box.bareMs)} ns/bar`);
printFigures({
  bench: 'engine',
  bars: BARS,
  trades: nextResult!.stats.numTrades,
  nextNsPerBar: ns(best.next),
  nextWithTradesAndSeriesNsPerBar: ns(best.nextWithSeries),
  signalsNsPerBar: ns(best.signals),
  bareLoopNsPerBar: ns(best.bare),
  sandboxedNextNsPerBar: ns(box.nextMs),
  sandboxedSignalsNsPerBar: ns(box.signalsMs),
  sandboxedBareLoopNsPerBar: ns(box.bareMs),
  resultsMatchBareLoop: true,
});
