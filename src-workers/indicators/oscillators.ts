import { assertPeriod, ema, sma, wilder } from './moving-averages';

/** RSI with Wilder's smoothing; the first value sits at index `period` (needs `period` changes). */
export function rsi(values: Float64Array, period: number): Float64Array {
  assertPeriod(period);
  const n = values.length;
  const gains = new Float64Array(n);
  const losses = new Float64Array(n);
  for (let i = 1; i < n; i++) {
    const change = values[i] - values[i - 1];
    gains[i] = change > 0 ? change : 0;
    losses[i] = change < 0 ? -change : 0;
  }
  const avgGain = wilder(gains, period, 1);
  const avgLoss = wilder(losses, period, 1);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const gain = avgGain[i];
    const loss = avgLoss[i];
    out[i] = Number.isNaN(gain) ? NaN : loss === 0 ? (gain === 0 ? 50 : 100) : 100 - 100 / (1 + gain / loss);
  }
  return out;
}

export interface Macd {
  readonly macd: Float64Array;
  readonly signal: Float64Array;
  readonly histogram: Float64Array;
}

/** MACD = EMA(fast) − EMA(slow); signal = EMA(signalPeriod) of MACD seeded once MACD exists. */
export function macd(values: Float64Array, fast: number, slow: number, signalPeriod: number): Macd {
  const n = values.length;
  const fastLine = ema(values, fast);
  const slowLine = ema(values, slow);
  const line = new Float64Array(n);
  for (let i = 0; i < n; i++) line[i] = fastLine[i] - slowLine[i];
  const firstMacd = Math.max(fast, slow) - 1;
  const signal = ema(line, signalPeriod, Math.min(firstMacd, n));
  const histogram = new Float64Array(n);
  for (let i = 0; i < n; i++) histogram[i] = line[i] - signal[i];
  return { macd: line, signal, histogram };
}

export interface Stochastic {
  readonly k: Float64Array;
  readonly d: Float64Array;
}

/** %K = 100 × (close − lowest low) / (highest high − lowest low) over `period`; %D = SMA(%K). */
export function stochastic(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period: number,
  signalPeriod: number,
): Stochastic {
  assertPeriod(period);
  const n = close.length;
  const highest = rollingMax(high, period);
  const lowest = rollingMin(low, period);
  const k = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const range = highest[i] - lowest[i];
    k[i] = range > 0 ? (100 * (close[i] - lowest[i])) / range : Number.isNaN(range) ? NaN : 50;
  }
  const d = new Float64Array(n).fill(NaN);
  const tail = sma(k.subarray(period - 1), signalPeriod);
  d.set(tail, Math.min(period - 1, n));
  return { k, d };
}

/** Highest value over the last `period` values (inclusive), O(n) amortized by a monotonic deque. */
export function rollingMax(values: Float64Array, period: number): Float64Array {
  return rollingExtreme(values, period, 1);
}

export function rollingMin(values: Float64Array, period: number): Float64Array {
  return rollingExtreme(values, period, -1);
}

function rollingExtreme(values: Float64Array, period: number, sign: 1 | -1): Float64Array {
  assertPeriod(period);
  const n = values.length;
  const out = new Float64Array(n).fill(NaN);
  const deque = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < n; i++) {
    const x = sign * values[i];
    while (tail > head && sign * values[deque[tail - 1]] <= x) tail--;
    deque[tail++] = i;
    if (deque[head] <= i - period) head++;
    if (i >= period - 1) out[i] = values[deque[head]];
  }
  return out;
}
