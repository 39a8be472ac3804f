import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chartIndices } from './downsample';

function drawdownOf(equity: Float64Array): Float64Array {
  const dd = new Float64Array(equity.length);
  let peak = -Infinity;
  for (let i = 0; i < equity.length; i++) {
    peak = Math.max(peak, equity[i]);
    dd[i] = ((peak - equity[i]) / peak) * 100;
  }
  return dd;
}

function randomWalk(n: number, seed: number): Float64Array {
  let s = seed >>> 0 || 1;
  const out = new Float64Array(n);
  let v = 10_000;
  for (let i = 0; i < n; i++) {
    s = (s * 1664525 + 1013904223) >>> 0;
    v *= 1 + ((s / 2 ** 32) - 0.5) * 0.01;
    out[i] = v;
  }
  return out;
}

describe('chartIndices', () => {
  it('keeps everything when the series already fits', () => {
    const equity = randomWalk(50, 1);
    expect(Array.from(chartIndices(equity, drawdownOf(equity), 100))).toEqual([...Array(50).keys()]);
  });

  it('keeps the first and last points and the deepest drawdown, ascending and unique, near the budget', () => {
    fc.assert(
      fc.property(fc.integer({ min: 500, max: 20_000 }), fc.integer({ min: 1, max: 2 ** 31 }), fc.integer({ min: 50, max: 400 }), (n, seed, max) => {
        const equity = randomWalk(n, seed);
        const dd = drawdownOf(equity);
        const idx = chartIndices(equity, dd, max);
        expect(idx[0]).toBe(0);
        expect(idx[idx.length - 1]).toBe(n - 1);
        for (let k = 1; k < idx.length; k++) expect(idx[k]).toBeGreaterThan(idx[k - 1]);
        const deepest = dd.reduce((best, v, i) => (v > dd[best] ? i : best), 0);
        expect(Array.from(idx)).toContain(deepest);
        expect(idx.length).toBeLessThanOrEqual(max + 2);
      }),
      { numRuns: 40 },
    );
  });

  it('keeps every bucket-level drawdown extreme: the max drawdown of any tenth of the run is shown', () => {
    const equity = randomWalk(100_000, 7);
    const dd = drawdownOf(equity);
    const idx = new Set(chartIndices(equity, dd, 2000));
    for (let part = 0; part < 10; part++) {
      const a = part * 10_000;
      let deepest = a;
      for (let i = a; i < a + 10_000; i++) if (dd[i] > dd[deepest]) deepest = i;
      expect(idx.has(deepest), `deepest drawdown of part ${part}`).toBe(true);
    }
  });
});
