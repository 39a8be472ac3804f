// One worker of `npm run bench -- engine` (bench/engine.ts): the SMA crossover as user strategy
// files (compiled by sucrase in the bench's own process, as main compiles them), run in a worker
// locked down as the production worker is (repaired, warmed up, then frozen), each run
// evaluating its file in the sandbox as a task does; and the bare loop in the same realm.
import { hardenRealm } from '../src-workers/lockdown';
import { parentPort, workerData } from 'node:worker_threads';
import { backtestConfigSchema } from '../src-shared/backtest';
import type { StrategySource } from '../src-shared/sdk/source';
import { runStrategy } from '../src-workers/engine/backtest';
import { randomWalkBars } from '../src-workers/engine/test-bars';
import { evaluateStrategyModule } from '../src-workers/sdk/sandbox';
import { warmUpEngine } from '../src-workers/tasks/backtest-warm-up';
import { loadSource } from '../src-workers/tasks/strategy-source';
import { bareLoop, cpuMs, type Reference } from './_engine-runs';

export interface SandboxedInput {
  readonly bars: number;
  readonly rounds: number;
  readonly fast: number;
  readonly slow: number;
  readonly next: StrategySource;
  readonly signals: StrategySource;
}

export interface SandboxedFigures {
  readonly nextMs: number;
  readonly signalsMs: number;
  readonly bareMs: number;
  readonly trades: number;
  readonly finalEquity: number;
  readonly reference: Reference;
}

const input = workerData as SandboxedInput;
warmUpEngine();
hardenRealm();
const bars = randomWalkBars(input.bars, 20_240_101, 60_000, Date.UTC(2020, 0, 1), 0.001);
const config = backtestConfigSchema.parse({ strategy: { id: 'sma-cross', params: { fast: input.fast, slow: input.slow } } });
const run = (source: StrategySource) => runStrategy({ ...loadSource(source, evaluateStrategyModule), id: 'sma-cross' }, { bars, config, dataHash: 'bench' });
const best = { next: Infinity, signals: Infinity, bare: Infinity };
let trades = 0;
let finalEquity = 0;
for (let k = 0; k < input.rounds; k++) {
  best.next = Math.min(best.next, cpuMs(() => {
    const result = run(input.next);
    trades = result.stats.numTrades;
    finalEquity = result.stats.equityFinal;
  }));
  best.signals = Math.min(best.signals, cpuMs(() => void run(input.signals)));
  best.bare = Math.min(best.bare, cpuMs(() => void bareLoop(bars, input.fast, input.slow)));
}
const figures: SandboxedFigures = { nextMs: best.next, signalsMs: best.signals, bareMs: best.bare, trades, finalEquity, reference: bareLoop(bars, input.fast, input.slow) };
parentPort!.postMessage(figures);
