import { assertPeriod, sma, wilder } from './moving-averages';

/**
 * Rolling population standard deviation (divisor = period, as Bollinger bands use). A sliding
 * update carries mean and sum of squared deviations from bar to bar; every `period` bars they are
 * recomputed exactly from the window (amortized O(1)), so rounding never accumulates past one window.
 */
export function rollingStd(values: Float64Array, period: number): Float64Array {
  assertPeriod(period);
  const n = values.length;
  const out = new Float64Array(n).fill(NaN);
  let mean = 0;
  let m2 = 0;
  for (let i = period - 1; i < n; i++) {
    if ((i + 1) % period === 0) {
      mean = 0;
      for (let j = i - period + 1; j <= i; j++) mean += values[j];
      mean /= period;
      m2 = 0;
      for (let j = i - period + 1; j <= i; j++) m2 += (values[j] - mean) * (values[j] - mean);
    } else {
      const x = values[i];
      const old = values[i - period];
      const nextMean = mean + (x - old) / period;
      m2 += (x - old) * (x - nextMean + old - mean);
      mean = nextMean;
    }
    out[i] = Math.sqrt(Math.max(0, m2 / period));
  }
  return out;
}

/** (value − rolling mean) / rolling std; NaN where the window is flat. */
export function zScore(values: Float64Array, period: number): Float64Array {
  const mean = sma(values, period);
  const std = rollingStd(values, period);
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = std[i] > 0 ? (values[i] - mean[i]) / std[i] : NaN;
  return out;
}

/** True range; bar 0 has no previous close, so it is high − low. */
export function trueRange(high: Float64Array, low: Float64Array, close: Float64Array): Float64Array {
  const n = high.length;
  const out = new Float64Array(n);
  if (n > 0) out[0] = high[0] - low[0];
  for (let i = 1; i < n; i++) {
    const previous = close[i - 1];
    out[i] = Math.max(high[i] - low[i], Math.abs(high[i] - previous), Math.abs(low[i] - previous));
  }
  return out;
}

/**
 * Average true range, Wilder-smoothed and seeded with the mean of the first `period` true
 * ranges starting at bar 1 (bar 0 has no previous close): first value at index `period`.
 */
export function atr(high: Float64Array, low: Float64Array, close: Float64Array, period: number): Float64Array {
  return wilder(trueRange(high, low, close), period, 1);
}

export interface BollingerBands {
  readonly middle: Float64Array;
  readonly upper: Float64Array;
  readonly lower: Float64Array;
}

/** Middle = SMA(period); bands = middle ± k × population std. */
export function bollinger(values: Float64Array, period: number, k: number): BollingerBands {
  const middle = sma(values, period);
  const std = rollingStd(values, period);
  const upper = new Float64Array(values.length);
  const lower = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    upper[i] = middle[i] + k * std[i];
    lower[i] = middle[i] - k * std[i];
  }
  return { middle, upper, lower };
}
