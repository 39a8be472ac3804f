import { describe, expect, it } from 'vitest';
import { blockMomentsOfMatrix, combinations, deflatedSharpe, expectedMaxOfNormals, probabilisticSharpe, probabilityOfBacktestOverfitting } from './diagnostics';
import { normalCdf, normalQuantile } from './normal';

/**
 * The figures below were computed independently of this code: from the reference implementation
 * pypbo (its own tests, and running it) and from the DSR paper's worked example, as issue 24
 * lists them.
 */

describe('the normal distribution', () => {
  it('Φ and Φ⁻¹ are each other’s inverse to double precision, and match known values', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 15);
    const relative = (x: number, y: number) => Math.abs(x - y) / y;
    expect(relative(normalCdf(-3), 0.0013498980316300946)).toBeLessThan(1e-13);
    expect(relative(normalCdf(-8), 6.22096057427178e-16)).toBeLessThan(1e-13);
    for (const p of [1e-10, 0.001, 0.02, 0.3, 0.5, 0.9, 0.99, 1 - 1e-6]) {
      expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 14);
    }
    expect(normalQuantile(0.99)).toBeCloseTo(2.3263478740408408, 13);
  });
});

describe('deflated Sharpe ratio (pypbo and the DSR paper)', () => {
  it('expected maximum of N = 100 standard normals (pypbo)', () => {
    expect(expectedMaxOfNormals(100)).toBeCloseTo(2.5306028932016846, 12);
  });

  it('PSR with SR = 1.585/√12, skew −2.448, raw kurtosis 10.164, T = 24 (pypbo)', () => {
    expect(probabilisticSharpe({ sharpe: 1.585 / Math.sqrt(12), skewness: -2.448, kurtosis: 10.164, periods: 24 })).toBeCloseTo(0.91323430688486018, 12);
  });

  it("the DSR paper's example: SR = 2.5/√250, V[SR] = 0.5/250, N = 100, T = 1250, skew −3, kurtosis 10", () => {
    const dsr = deflatedSharpe({ sharpe: 2.5 / Math.sqrt(250), skewness: -3, kurtosis: 10, periods: 1250 }, 100, 0.5 / 250);
    expect(dsr.benchmark).toBeCloseTo(0.113172, 6);
    expect(dsr.probability).toBeCloseTo(0.90039683444939034, 12);
  });

  it('passing excess kurtosis instead of raw gives another answer (the bug the docs warn of)', () => {
    const excess = probabilisticSharpe({ sharpe: 1.585 / Math.sqrt(12), skewness: -2.448, kurtosis: 10.164 - 3, periods: 24 });
    expect(excess).not.toBeCloseTo(0.91323430688486018, 3);
  });
});

describe('probability of backtest overfitting by CSCV (pypbo)', () => {
  it('S = 4 on the 8×4 matrix: the splits, best variants, ranks, logits and PBO', () => {
    const m = [
      [-1, 0, 5, 9],
      [-9, -7, 6, 9],
      [-5, -4, 7, -1],
      [-4, 6, -5, -2],
      [3, 1, -8, -9],
      [7, 5, 6, 1],
      [6, -3, -1, 5],
      [-7, -4, -7, -1],
    ].map((row) => row.map((x) => x / 100));
    const pbo = probabilityOfBacktestOverfitting(blockMomentsOfMatrix(m, 4), 'mean');
    expect(pbo.splits.map((s) => s.inSample)).toEqual(combinations(4, 2));
    expect(pbo.splits.map((s) => s.inSample)).toEqual([
      [0, 1],
      [0, 2],
      [0, 3],
      [1, 2],
      [1, 3],
      [2, 3],
    ]);
    expect(pbo.splits.map((s) => s.best)).toEqual([3, 3, 3, 1, 3, 0]);
    expect(pbo.splits.map((s) => s.rank)).toEqual([2, 4, 1, 1, 4, 1]);
    const logits = [-0.405465, 1.386294, -1.386294, -1.386294, 1.386294, -1.386294];
    pbo.splits.forEach((s, k) => expect(s.logit).toBeCloseTo(logits[k], 6));
    expect(pbo.probability).toBeCloseTo(0.666667, 6);
  });

  it('M[t][n] = 0.01·sin(0.37(t+1)(n+1)) + 0.0005·cos(0.11t + n), T = 160, N = 10: 50/70 with S = 8, 11501/12870 with S = 16', () => {
    const m = Array.from({ length: 160 }, (_row, t) => Array.from({ length: 10 }, (_column, n) => 0.01 * Math.sin(0.37 * (t + 1) * (n + 1)) + 0.0005 * Math.cos(0.11 * t + n)));
    const s8 = probabilityOfBacktestOverfitting(blockMomentsOfMatrix(m, 8), 'mean');
    expect(s8.splits).toHaveLength(70);
    expect(s8.probability).toBe(50 / 70);
    const s16 = probabilityOfBacktestOverfitting(blockMomentsOfMatrix(m, 16), 'mean');
    expect(s16.splits).toHaveLength(12_870);
    expect(s16.probability).toBe(11_501 / 12_870);
  });
});
