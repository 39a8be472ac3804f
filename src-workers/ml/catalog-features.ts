import type { Bars } from '../../src-shared/bars/bars';
import type { CatalogFeature } from '../../src-shared/ml/features';
import { adx, atr, bollinger, ema, macd, rollingStd, rsi, sma, stochastic, zScore } from '../indicators';

/**
 * The catalog's features (src-shared/ml/features.ts) computed from bars: one Float64Array per
 * output column, one value per bar, NaN until the window is full. Each is causal: the value at
 * bar t reads bars 0…t only (the look-ahead test in features.test.ts rewrites the bars after t).
 * The indicators are src-workers/indicators'; the formulas are in docs/ml.md#features.
 */

const DAY_MS = 86_400_000;

function map(n: number, value: (i: number) => number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = value(i);
  return out;
}

/** ln(close[i] / close[i − 1]); NaN at bar 0. */
export function logReturns(close: Float64Array): Float64Array {
  return map(close.length, (i) => (i === 0 ? NaN : Math.log(close[i] / close[i - 1])));
}

/** A rolling statistic of the log returns, which start at bar 1: computed on bars 1… and shifted back in place. */
function ofLogReturns(close: Float64Array, rolling: (values: Float64Array) => Float64Array): Float64Array {
  const out = new Float64Array(close.length).fill(NaN);
  if (close.length > 1) out.set(rolling(logReturns(close).subarray(1)), 1);
  return out;
}

/**
 * Rolling population skewness m3 / m2^1.5 over `period` values (NaN when m2 is 0). The window's
 * power sums slide from bar to bar and are summed afresh every `period` bars, so rounding never
 * builds up past one window (as rollingStd does).
 */
export function rollingSkew(values: Float64Array, period: number): Float64Array {
  const n = values.length;
  const out = new Float64Array(n).fill(NaN);
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let i = period - 1; i < n; i++) {
    if ((i - period + 1) % period === 0) {
      s1 = 0;
      s2 = 0;
      s3 = 0;
      for (let j = i - period + 1; j <= i; j++) {
        const x = values[j];
        s1 += x;
        s2 += x * x;
        s3 += x * x * x;
      }
    } else {
      const x = values[i];
      const old = values[i - period];
      s1 += x - old;
      s2 += x * x - old * old;
      s3 += x * x * x - old * old * old;
    }
    const mean = s1 / period;
    const m2 = s2 / period - mean * mean;
    const m3 = s3 / period - 3 * mean * (s2 / period) + 2 * mean * mean * mean;
    out[i] = m2 > 0 ? m3 / Math.pow(m2, 1.5) : NaN;
  }
  return out;
}

/** The columns of one catalog feature on `bars` (its own timeframe; features.ts aligns a higher one). */
export function catalogColumns(bars: Bars, feature: CatalogFeature): Float64Array[] {
  const { high, low, close, volume, time } = bars;
  const n = close.length;
  const p = feature.params;
  switch (feature.kind) {
    case 'ret':
      return [map(n, (i) => (i >= p.k ? close[i] / close[i - p.k] - 1 : NaN))];
    case 'logvol':
      return [ofLogReturns(close, (r) => rollingStd(r, p.period))];
    case 'rsi':
      return [rsi(close, p.period)];
    case 'atr': {
      const range = atr(high, low, close, p.period);
      return [map(n, (i) => (100 * range[i]) / close[i])];
    }
    case 'bbpct': {
      const { upper, lower } = bollinger(close, p.period, p.k);
      return [map(n, (i) => (upper[i] > lower[i] ? (close[i] - lower[i]) / (upper[i] - lower[i]) : NaN))];
    }
    case 'bbwidth': {
      const { upper, lower, middle } = bollinger(close, p.period, p.k);
      return [map(n, (i) => (upper[i] - lower[i]) / middle[i])];
    }
    case 'macd': {
      const { histogram } = macd(close, p.fast, p.slow, p.signal);
      return [map(n, (i) => (100 * histogram[i]) / close[i])];
    }
    case 'stoch':
      // %D's period does not matter to %K.
      return [stochastic(high, low, close, p.period, 1).k];
    case 'adx':
      return [adx(high, low, close, p.period).adx];
    case 'sma': {
      const average = sma(close, p.period);
      return [map(n, (i) => 100 * (close[i] / average[i] - 1))];
    }
    case 'ema': {
      const average = ema(close, p.period);
      return [map(n, (i) => 100 * (close[i] / average[i] - 1))];
    }
    case 'volz':
      return [zScore(volume, p.period)];
    case 'skew':
      return [ofLogReturns(close, (r) => rollingSkew(r, p.period))];
    case 'hour': {
      const angle = map(n, (i) => (2 * Math.PI * (((time[i] % DAY_MS) + DAY_MS) % DAY_MS)) / DAY_MS);
      return [map(n, (i) => Math.sin(angle[i])), map(n, (i) => Math.cos(angle[i]))];
    }
    case 'weekday': {
      // 1970-01-01 was a Thursday: day 0 is weekday 3 when Monday is 0.
      const weekday = (i: number) => (((Math.floor(time[i] / DAY_MS) + 3) % 7) + 7) % 7;
      const angle = map(n, (i) => (2 * Math.PI * weekday(i)) / 7);
      return [map(n, (i) => Math.sin(angle[i])), map(n, (i) => Math.cos(angle[i]))];
    }
  }
  throw new Error(`unknown feature kind '${(feature as { kind: string }).kind}'`);
}
