import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sma } from '../indicators/moving-averages';
import { crossSignals } from '../engine/signals';
import { randomWalkBars } from '../engine/test-bars';
import { smaCrossSignals } from './sma-cross';

describe('smaCrossSignals (the fused pass)', () => {
  it('gives exactly crossSignals(sma(fast), sma(slow)): same bars, same targets', () => {
    fc.assert(
      fc.property(
        // Periods on both sides of refreshSpan's 1,024 bars, and series with several refreshes.
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 1_100 }),
        fc.integer({ min: 0, max: 6_000 }),
        fc.integer({ min: 1, max: 1_000 }),
        (fast, slow, n, seed) => {
          const close = randomWalkBars(n, seed, 60_000, Date.UTC(2024, 0, 1), 0.003).close;
          const fused = smaCrossSignals(close, fast, slow);
          const twoStep = crossSignals(sma(close, fast), sma(close, slow));
          expect(fused.count).toBe(twoStep.count);
          expect(Array.from(fused.bars.subarray(0, fused.count))).toStrictEqual(Array.from(twoStep.bars.subarray(0, twoStep.count)));
          expect(Array.from(fused.targets.subarray(0, fused.count))).toStrictEqual(Array.from(twoStep.targets.subarray(0, twoStep.count)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('on integer prices, where the means often tie, crosses exactly where the two-step form does', () => {
    const close = Float64Array.from({ length: 400 }, (_, i) => 100 + Math.round(20 * Math.sin(i / 9) + 5 * Math.sin(i / 2)));
    const fused = smaCrossSignals(close, 3, 7);
    const twoStep = crossSignals(sma(close, 3), sma(close, 7));
    expect(fused.count).toBeGreaterThan(0);
    expect(Array.from(fused.bars.subarray(0, fused.count))).toStrictEqual(Array.from(twoStep.bars.subarray(0, twoStep.count)));
  });

  it('on integer prices with many ties, for any periods, crosses exactly where the two-step form does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 2, max: 30 }),
        // Past 1,024 bars: the refreshes after the first, and the fresh sums gathered before them.
        fc.array(fc.constantFrom(0, 0, 0, 0, 0, 1, -1), { minLength: 0, maxLength: 2_500 }),
        (fast, slow, steps) => {
          // Mostly flat, with ±1 steps over a few price levels: the means tie often, and stay tied.
          let price = 50;
          const close = Float64Array.from(steps, (step) => (price = Math.max(45, Math.min(55, price + step))));
          const fused = smaCrossSignals(close, fast, slow);
          const twoStep = crossSignals(sma(close, fast), sma(close, slow));
          expect(Array.from(fused.bars.subarray(0, fused.count))).toStrictEqual(Array.from(twoStep.bars.subarray(0, twoStep.count)));
          expect(Array.from(fused.targets.subarray(0, fused.count))).toStrictEqual(Array.from(twoStep.targets.subarray(0, twoStep.count)));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('where the means differ by rounding alone, orders them as their rounded quotients do (no shortcut by cross products)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 8 }),
        fc.integer({ min: 3, max: 24 }),
        fc.array(fc.tuple(fc.constantFrom(0.1, 0.2, 0.3, 0.7, 1.1, 1.7), fc.integer({ min: 1, max: 40 })), { maxLength: 30 }),
        fc.constantFrom(1, -1, 3, 1e-300, 1e-310, 3e300),
        (fast, slow, runs, scale) => {
          // Runs of one decimal price, which binary cannot hold: within a run the exact means are
          // equal, the running sums differ in their last bits, and products and quotients of the
          // sums round differently.
          const close = Float64Array.from(runs.flatMap(([level, length]) => Array<number>(length).fill(level * scale)));
          const fused = smaCrossSignals(close, fast, slow);
          const twoStep = crossSignals(sma(close, fast), sma(close, slow));
          expect(Array.from(fused.bars.subarray(0, fused.count))).toStrictEqual(Array.from(twoStep.bars.subarray(0, twoStep.count)));
          expect(Array.from(fused.targets.subarray(0, fused.count))).toStrictEqual(Array.from(twoStep.targets.subarray(0, twoStep.count)));
        },
      ),
      { numRuns: 1_000 },
    );
  });
});
