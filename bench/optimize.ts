// `npm run bench -- optimize`: a 10,000-variant SMA-crossover grid (the built-in sma-cross, with
// next()) on 100,000 one-minute bars through the real pool (production worker, `optimize.chunk`,
// bars shared once), on every core and, as the baseline in the same run, on one thread; peak RSS;
// where a variant's time goes (indicators, bar loop, statistics); and a 1,000-run Monte Carlo on
// 1,000 trades. Options: --variants N (a prefix of the grid; default all 10,000).
import { cross, defineStrategy, sma } from 'barwise';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { resourceUsage } from 'node:process';
import { backtestConfigSchema } from '../src-shared/backtest';
import { allocateBars, BAR_FIELDS } from '../src-shared/bars/bars';
import { monteCarloSpecSchema } from '../src-shared/optimize/montecarlo';
import type { OptimizeChunkResult, OptimizePlan } from '../src-shared/optimize/tasks';
import type { Variant } from '../src-shared/optimize/search';
import { WorkerPool } from '../src-main/pool/pool';
import { runStrategy } from '../src-workers/engine/backtest';
import { randomWalkBars } from '../src-workers/engine/test-bars';
import { monteCarloTrades } from '../src-workers/optimize/montecarlo-trades';
import { trustedStrategy } from '../src-workers/sdk/loaded';
import { getStrategy, strategyInfo } from '../src-workers/strategies/registry';
import { collectGarbage } from './_gc';
import { printFigures, printMachine } from './_report';

const BARS = 100_000;
/** One row of the grid (one fast period, every slow one) per chunk: its 100 variants share the fast average. */
const CHUNK = 100;
/** Chunks of the grid's 100 that the one-thread baseline (and the same subset on every core) runs: every 10th, so all fast periods are represented. */
const BASELINE_STRIDE = 10;
const MC_RUNS = 1_000;
const MC_TRADES = 1_000;

printMachine('optimize');
const cores = availableParallelism();
const wanted = Number(process.argv[process.argv.indexOf('--variants') + 1]) || Infinity;

const source = randomWalkBars(BARS, 20_240_101, 60_000, Date.UTC(2020, 0, 1), 0.001);
const bars = allocateBars(BARS, source.timeframeMs, true);
for (const field of BAR_FIELDS) bars[field].set(source[field]);
const config = backtestConfigSchema.parse({ strategy: { id: 'sma-cross' } });
const info = strategyInfo(getStrategy('sma-cross'));

// RSS sampled through the whole run (worker threads live in this process), and the OS's peak.
let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 25);

const pools = new Map<number, WorkerPool>();
for (const threads of new Set([1, cores])) {
  const pool = new WorkerPool({ threads, recycleAfterTasks: 1_000_000 });
  await pool.warm();
  pools.set(threads, pool);
}
const all = pools.get(cores)!;
const plan = await all.run<OptimizePlan>('optimize.plan', {
  params: info.params,
  rules: info.rules,
  space: { fast: { kind: 'range', min: 2, max: 101, step: 1 }, slow: { kind: 'range', min: 105, max: 1000, step: 9 } },
  fixed: {},
  constraints: [],
  method: { method: 'grid' },
});
const variants = plan.variants.slice(0, Math.min(wanted, plan.variants.length));
const chunks: Variant[][] = [];
for (let k = 0; k < variants.length; k += CHUNK) chunks.push(variants.slice(k, k + CHUNK));

interface Sweep {
  readonly seconds: number;
  readonly results: OptimizeChunkResult['results'];
  readonly computed: number;
  readonly reused: number;
}
async function sweep(pool: WorkerPool, list: readonly Variant[][]): Promise<Sweep> {
  const started = performance.now();
  const answers = await Promise.all(
    list.map((chunk) =>
      pool.run<OptimizeChunkResult>('optimize.chunk', { bars, higher: {}, config, dataHash: 'bench', variants: chunk, objective: { statistic: 'sharpe', direction: 'maximize' }, constraints: [] }, { priority: 'batch' }),
    ),
  );
  return {
    seconds: (performance.now() - started) / 1_000,
    results: answers.flatMap((a) => a.results),
    computed: answers.reduce((n, a) => n + a.indicators.computed, 0),
    reused: answers.reduce((n, a) => n + a.indicators.reused, 0),
  };
}

const baselineChunks = chunks.filter((_, k) => k % BASELINE_STRIDE === 0);
await sweep(all, baselineChunks.slice(0, 1)); // each worker's first chunk compiles the loop
const oneThread = await sweep(pools.get(1)!, baselineChunks);
const allSubset = await sweep(all, baselineChunks);
if (JSON.stringify(oneThread.results) !== JSON.stringify(allSubset.results)) throw new Error('1 thread and all threads gave different results');
// The full sweep with only its own pool alive, as the app runs it; its peak RSS sampled on its own.
if (cores !== 1) await pools.get(1)!.close();
const before = peakRss;
peakRss = process.memoryUsage().rss;
const full = await sweep(all, chunks);
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
const sweepPeakRss = peakRss;
peakRss = Math.max(before, peakRss);
await all.close();
const maxRssMb = resourceUsage().maxRSS / 1024;

const rate = (s: Sweep) => s.results.length / s.seconds;
const efficiency = rate(allSubset) / (cores * rate(oneThread));
console.log(`grid: ${variants.length.toLocaleString('en-US')} variants of sma-cross (next()) on ${BARS.toLocaleString('en-US')} one-minute bars, chunks of ${CHUNK}`);
console.log(`  ${cores} threads, all variants:         ${full.seconds.toFixed(1)} s, ${rate(full).toFixed(0)} variants/s; indicators computed ${full.computed}, reused ${full.reused}`);
console.log(`  1 thread, ${oneThread.results.length} variants (every ${BASELINE_STRIDE}th chunk): ${oneThread.seconds.toFixed(1)} s, ${rate(oneThread).toFixed(0)} variants/s`);
console.log(`  ${cores} threads, the same ${allSubset.results.length}:          ${allSubset.seconds.toFixed(1)} s, ${rate(allSubset).toFixed(0)} variants/s — efficiency ${efficiency.toFixed(2)}`);
console.log(`  peak RSS during the full sweep ${(sweepPeakRss / 2 ** 20).toFixed(0)} MB (the whole process: bars, ${cores} workers); over the whole bench ${maxRssMb.toFixed(0)} MB by the OS (${pools.size} pools alive during the baseline)`);

// Where one variant's time goes, in this process on one thread (the pools are closed), in CPU
// time (the machine is shared): the engine's run timed at its public hooks (onPrepared: after
// init; onProgress(1): after the bar loop, before the statistics), and the two averages alone for
// comparison with init. The same crossover written with signals() beside it.
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1_000;
};
const signalsForm = trustedStrategy(
  'sma-cross',
  '1',
  defineStrategy({
    name: 'SMA cross, vectorized',
    params: { fast: { type: 'int', default: 10 }, slow: { type: 'int', default: 30 } },
    init: ({ data, params, I }) => ({ fast: I(sma(data.close, params.fast)), slow: I(sma(data.close, params.slow)) }),
    signals: (_, { fast, slow }) => cross(fast, slow),
  }),
);
interface Phases {
  init: number[];
  loop: number[];
  stats: number[];
}
const phases: Record<'next' | 'signals', Phases> = { next: { init: [], loop: [], stats: [] }, signals: { init: [], loop: [], stats: [] } };
const smaPair: number[] = [];
const sample = variants.filter((_, k) => k % Math.max(1, Math.floor(variants.length / 40)) === 0);
for (let round = 0; round < 2; round++) {
  for (const variant of sample) {
    for (const [form, strategy] of [['next', getStrategy('sma-cross')], ['signals', signalsForm]] as const) {
      collectGarbage();
      const t0 = cpuMs();
      let prepared = t0;
      let looped = t0;
      runStrategy(strategy, { bars, config: { ...config, strategy: { id: 'sma-cross', params: variant.params } }, dataHash: 'bench' }, {
        onPrepared: () => (prepared = cpuMs()),
        onProgress: (f) => f === 1 && (looped = cpuMs()),
      });
      const t1 = cpuMs();
      if (round === 0) continue; // the first round compiles
      phases[form].init.push(prepared - t0);
      phases[form].loop.push(looped - prepared);
      phases[form].stats.push(t1 - looped);
    }
    const s0 = cpuMs();
    sma(bars.close, variant.params.fast as number);
    sma(bars.close, variant.params.slow as number);
    if (round > 0) smaPair.push(cpuMs() - s0);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const split = (p: Phases) => ({ initMs: median(p.init), loopMs: median(p.loop), statsMs: median(p.stats) });
const next = split(phases.next);
const signals = split(phases.signals);
const twoSmasMs = median(smaPair);
for (const [form, s] of [['next()', next], ['signals()', signals]] as const) {
  console.log(`one variant, ${form}, median of ${phases.next.init.length} (in-process, uncached, CPU): init ${s.initMs.toFixed(2)} ms, bar loop ${s.loopMs.toFixed(2)} ms, statistics ${s.statsMs.toFixed(2)} ms`);
}
console.log(`  the two SMAs alone: ${twoSmasMs.toFixed(2)} ms (what the chunk's cache saves per variant at most)`);

// Monte Carlo: 1,000 runs on 1,000 trades, each method, best of 5 after a warm-up.
const trades = Array.from({ length: MC_TRADES }, (_, i) => ({ returnPct: Math.sin(i * 12.9898) * 3 + 0.05 }));
const mcMs: Record<string, number> = {};
for (const method of ['reshuffle', 'bootstrap'] as const) {
  const task = { trades, initialEquity: 10_000, durationMs: 3 * 365.25 * 86_400_000, spec: { ...monteCarloSpecSchema.parse({ runs: MC_RUNS, seed: 1 }), method } };
  monteCarloTrades(task);
  let best = Infinity;
  for (let k = 0; k < 5; k++) {
    collectGarbage();
    const t0 = performance.now();
    monteCarloTrades(task);
    best = Math.min(best, performance.now() - t0);
  }
  mcMs[method] = best;
}
console.log(`Monte Carlo, ${MC_RUNS} runs on ${MC_TRADES} trades (percentiles, histograms, fan): reshuffle ${mcMs.reshuffle.toFixed(0)} ms, bootstrap ${mcMs.bootstrap.toFixed(0)} ms`);

printFigures({
  bench: 'optimize',
  bars: BARS,
  variants: full.results.length,
  threads: cores,
  variantsPerSec: Number(rate(full).toFixed(1)),
  baselineVariants: oneThread.results.length,
  oneThreadVariantsPerSec: Number(rate(oneThread).toFixed(1)),
  efficiency: Number(efficiency.toFixed(3)),
  indicatorsComputed: full.computed,
  indicatorsReused: full.reused,
  peakRssMb: Math.round(sweepPeakRss / 2 ** 20),
  benchMaxRssMb: Math.round(maxRssMb),
  variantInitMs: Number(next.initMs.toFixed(3)),
  variantTwoSmasMs: Number(twoSmasMs.toFixed(3)),
  variantLoopMs: Number(next.loopMs.toFixed(3)),
  variantStatsMs: Number(next.statsMs.toFixed(3)),
  signalsVariantInitMs: Number(signals.initMs.toFixed(3)),
  signalsVariantLoopMs: Number(signals.loopMs.toFixed(3)),
  signalsVariantStatsMs: Number(signals.statsMs.toFixed(3)),
  monteCarloReshuffleMs: Math.round(mcMs.reshuffle),
  monteCarloBootstrapMs: Math.round(mcMs.bootstrap),
});
