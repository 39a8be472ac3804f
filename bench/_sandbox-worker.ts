// One worker of `npm run bench -- sandbox` (bench/sandbox.ts): measures, in its own realm, the
// engine and a strategy kernel compiled natively, in an SES Compartment and in node:vm. What the
// realm is (workerData.realm): 'plain' (no lockdown), 'locked' (the production order: repaired,
// warm-up, then frozen) or 'frozen-before-warm-up' (the order that costs V8's fast stores).
import { runInNewContext, runInThisContext } from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';
import { backtestConfigSchema } from '../src-shared/backtest';
import type { Bars } from '../src-shared/bars/bars';
import { runBacktest } from '../src-workers/engine/backtest';
import { randomWalkBars } from '../src-workers/engine/test-bars';
import { warmUpEngine } from '../src-workers/tasks/backtest-warm-up';
import { collectGarbage } from './_gc';

export type Realm = 'plain' | 'locked' | 'frozen-before-warm-up';
export const BARS = 200_000;
export const ENGINE_STRATEGIES = ['sma-cross', 'donchian'] as const;

/** A strategy file after sucrase (CommonJS); `PER_BAR` is replaced by one line of the loop. */
const SOURCE = `"use strict";Object.defineProperty(exports, "__esModule", {value: true});var _barwise = require('barwise');
exports.default = _barwise.defineStrategy.call(void 0, {
  name: 'crossover',
  run(close, fast, slow) {
    const series = new Float64Array(close.length);
    let sumFast = 0, sumSlow = 0, trades = 0, equity = 1, entry = 0, above = false, high = 0;
    for (let i = 0; i < close.length; i++) {
      const c = close[i];
      sumFast += c;
      sumSlow += c;
      if (i >= fast) sumFast -= close[i - fast];
      if (i >= slow) sumSlow -= close[i - slow];
      if (i + 1 < slow) continue;
      PER_BAR
      const now = sumFast / fast > sumSlow / slow;
      if (now !== above) {
        if (above) equity *= c / entry;
        else entry = c;
        above = now;
        trades++;
      }
    }
    return trades + equity + high + series[close.length - 1];
  },
});
`;

export const VARIANTS = {
  /** Locals only inside the loop. */
  locals: '',
  /** A global (Math) read on every bar, as natural strategy code does. */
  globalPerBar: 'high = Math.max(high, c);',
  /** A typed-array store on every bar: a strategy building its own series. */
  storePerBar: 'series[i] = sumFast / fast;',
} as const;
export type Variant = keyof typeof VARIANTS;

type Run = (close: Float64Array, fast: number, slow: number) => number;
const sdk = { defineStrategy: <T>(definition: T): T => definition };

function loadOutside(code: string, run: (wrapped: string) => unknown): Run {
  const module = { exports: {} as { default?: { run: Run } } };
  const factory = run(`(function (require, module, exports) {${code}\n})`) as (r: unknown, m: unknown, e: unknown) => void;
  factory(() => sdk, module, module.exports);
  return module.exports.default!.run;
}

function best(rounds: number, once: () => void): number {
  let ms = Infinity;
  for (let round = 0; round <= rounds; round++) {
    collectGarbage();
    const started = performance.now();
    once();
    if (round > 0) ms = Math.min(ms, performance.now() - started); // round 0 warms the JIT
  }
  return ms;
}

export interface WorkerFigures {
  readonly engineMs: Record<string, number>;
  readonly kernelMs: Record<Variant, Record<string, number>>;
  readonly checks: number[];
  readonly evaluateUs?: number;
}

async function measure(realm: Realm): Promise<WorkerFigures> {
  let evaluate: ((code: string) => Run) | undefined;
  if (realm !== 'plain') {
    const { hardenRealm } = await import('../src-workers/lockdown');
    if (realm === 'frozen-before-warm-up') hardenRealm();
    warmUpEngine();
    hardenRealm();
    const { evaluateStrategyModule } = await import('../src-workers/sdk/sandbox');
    evaluate = (code) => (evaluateStrategyModule({ id: 'crossover', fileName: 'strategies/crossover.ts', code, sourceHash: '-' }, sdk) as { run: Run }).run;
  } else {
    warmUpEngine();
  }
  const checks: number[] = [];
  const bars: Bars = randomWalkBars(BARS, 20_240_101, 60_000, Date.UTC(2020, 0, 1), 0.001);
  const engineMs: Record<string, number> = {};
  for (const id of ENGINE_STRATEGIES) {
    const config = backtestConfigSchema.parse({ strategy: { id } });
    engineMs[id] = best(10, () => void checks.push(runBacktest({ bars, config, dataHash: 'bench' }).stats.equityFinal));
  }
  const kernelMs = {} as Record<Variant, Record<string, number>>;
  for (const variant of Object.keys(VARIANTS) as Variant[]) {
    const code = SOURCE.replace('PER_BAR', VARIANTS[variant]);
    const modes: Record<string, Run> = {
      native: loadOutside(code, (wrapped) => runInThisContext(wrapped)),
      nodeVm: loadOutside(code, (wrapped) => runInNewContext(wrapped, {})),
      ...(evaluate ? { ses: evaluate(code) } : {}),
    };
    kernelMs[variant] = {};
    for (const [mode, run] of Object.entries(modes)) {
      kernelMs[variant][mode] = best(20, () => void checks.push(run(bars.close, 10, 50)));
    }
  }
  let evaluateUs: number | undefined;
  if (evaluate) {
    const times: number[] = [];
    for (let i = 0; i < 300; i++) {
      const started = performance.now();
      evaluate(SOURCE.replace('PER_BAR', ''));
      times.push((performance.now() - started) * 1_000);
    }
    evaluateUs = times.sort((a, b) => a - b)[times.length >> 1];
  }
  return { engineMs, kernelMs, checks: [...new Set(checks)].sort(), evaluateUs };
}

if (parentPort) parentPort.postMessage(await measure((workerData as { realm: Realm }).realm));
