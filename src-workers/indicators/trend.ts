import { assertPeriod, wilder } from './moving-averages';
import { trueRange } from './volatility';

export interface Adx {
  readonly adx: Float64Array;
  readonly plusDi: Float64Array;
  readonly minusDi: Float64Array;
}

/**
 * Wilder's ADX. +DM/−DM and TR start at bar 1 and are Wilder-smoothed (mean-seeded, so the
 * smoothed values are Wilder's running sums divided by `period`, which cancels in the DI ratio);
 * ADX is the Wilder average of DX, first value at index 2 × period − 1.
 */
export function adx(high: Float64Array, low: Float64Array, close: Float64Array, period: number): Adx {
  assertPeriod(period);
  const n = high.length;
  const plusDm = new Float64Array(n);
  const minusDm = new Float64Array(n);
  for (let i = 1; i < n; i++) {
    const up = high[i] - high[i - 1];
    const down = low[i - 1] - low[i];
    plusDm[i] = up > down && up > 0 ? up : 0;
    minusDm[i] = down > up && down > 0 ? down : 0;
  }
  const tr = wilder(trueRange(high, low, close), period, 1);
  const plus = wilder(plusDm, period, 1);
  const minus = wilder(minusDm, period, 1);
  const plusDi = new Float64Array(n);
  const minusDi = new Float64Array(n);
  const dx = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    plusDi[i] = tr[i] > 0 ? (100 * plus[i]) / tr[i] : Number.isNaN(tr[i]) ? NaN : 0;
    minusDi[i] = tr[i] > 0 ? (100 * minus[i]) / tr[i] : Number.isNaN(tr[i]) ? NaN : 0;
    const sum = plusDi[i] + minusDi[i];
    dx[i] = sum > 0 ? (100 * Math.abs(plusDi[i] - minusDi[i])) / sum : Number.isNaN(sum) ? NaN : 0;
  }
  return { adx: wilder(dx, period, Math.min(period, n)), plusDi, minusDi };
}
