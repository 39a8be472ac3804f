// `npm run bench -- sandbox`: what running strategy code in the SES sandbox costs. The same
// strategy source, a 10/50 SMA crossover over 200,000 closes, compiled three ways in one
// locked-down process: natively (vm.runInThisContext: no sandbox, the baseline), in an SES
// Compartment (src-workers/sdk/sandbox.ts) and in a plain node:vm context (no security boundary;
// the comparison).
import '../src-workers/lockdown';
import { runInNewContext, runInThisContext } from 'node:vm';
import { evaluateStrategyModule } from '../src-workers/sdk/sandbox';
import { randomWalk } from '../src-workers/tasks/calibrate';
import { collectGarbage } from './_gc';
import { printFigures, printMachine } from './_report';

const BARS = 200_000;
const FAST = 10;
const SLOW = 50;
const ROUNDS = 40;
const EVALUATIONS = 300;

/** A strategy file after sucrase (CommonJS); `PER_BAR` is replaced by one line of the loop. */
const SOURCE = `"use strict";Object.defineProperty(exports, "__esModule", {value: true});var _barwise = require('barwise');
exports.default = _barwise.defineStrategy.call(void 0, {
  name: 'crossover',
  run(close, fast, slow) {
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
    return trades + equity + high;
  },
});
`;

const VARIANTS = {
  /** Locals only inside the loop. */
  locals: '',
  /** A global (Math) read on every bar, as natural strategy code does. */
  globalPerBar: 'high = Math.max(high, c);',
} as const;

type Run = (close: Float64Array, fast: number, slow: number) => number;
const sdk = { defineStrategy: <T>(definition: T): T => definition };
const source = (variant: keyof typeof VARIANTS) => ({
  id: 'crossover',
  fileName: 'strategies/crossover.ts',
  code: SOURCE.replace('PER_BAR', VARIANTS[variant]),
  sourceHash: variant,
});

/** The module as CommonJS outside any sandbox: what the code costs by itself. */
function loadOutside(code: string, run: (wrapped: string) => unknown): Run {
  const module = { exports: {} as { default?: { run: Run } } };
  const factory = run(`(function (require, module, exports) {${code}\n})`) as (r: unknown, m: unknown, e: unknown) => void;
  factory(() => sdk, module, module.exports);
  return module.exports.default!.run;
}

const modes = (variant: keyof typeof VARIANTS): Record<string, Run> => {
  const { code } = source(variant);
  return {
    native: loadOutside(code, (wrapped) => runInThisContext(wrapped)),
    ses: (evaluateStrategyModule(source(variant), sdk) as { run: Run }).run,
    nodeVm: loadOutside(code, (wrapped) => runInNewContext(wrapped, {})),
  };
};

printMachine('sandbox');
const close = randomWalk(BARS, 20_240_101);
const figures: Record<string, Record<string, number>> = {};
for (const variant of Object.keys(VARIANTS) as (keyof typeof VARIANTS)[]) {
  const runs = modes(variant);
  const results = new Set<number>();
  const best: Record<string, number> = {};
  // Rounds alternate between the modes, so a burst of load from elsewhere hits each alike;
  // round 0 warms the JIT. Best of the rest.
  for (let round = 0; round <= ROUNDS; round++) {
    for (const [mode, run] of Object.entries(runs)) {
      collectGarbage();
      const started = performance.now();
      results.add(run(close, FAST, SLOW));
      const ms = performance.now() - started;
      if (round > 0) best[mode] = Math.min(best[mode] ?? Infinity, ms);
    }
  }
  if (results.size !== 1) throw new Error(`the modes disagree: ${[...results].join(', ')}`);
  figures[variant] = Object.fromEntries(Object.entries(best).map(([mode, ms]) => [`${mode}Ms`, Number(ms.toFixed(3))]));
  console.log(
    `${variant.padEnd(12)} native ${best.native.toFixed(3)} ms · SES ${best.ses.toFixed(3)} ms (×${(best.ses / best.native).toFixed(2)}) · node:vm ${best.nodeVm.toFixed(3)} ms (×${(best.nodeVm / best.native).toFixed(2)})`,
  );
}

// What one evaluation costs (a fresh Compartment, the source evaluated, the module run): paid
// once per task that runs a user strategy.
const times: number[] = [];
for (let i = 0; i < EVALUATIONS; i++) {
  const started = performance.now();
  evaluateStrategyModule(source('locals'), sdk);
  times.push(performance.now() - started);
}
times.sort((a, b) => a - b);
const evaluateUs = times[Math.floor(times.length / 2)] * 1_000;
console.log(`evaluateStrategyModule: ${evaluateUs.toFixed(0)} µs median over ${EVALUATIONS}`);

printFigures({ bars: BARS, fast: FAST, slow: SLOW, ...figures, evaluateUs: Math.round(evaluateUs) });
