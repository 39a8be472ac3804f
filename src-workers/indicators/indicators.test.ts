import * as fc from 'fast-check';
import * as ti from 'technicalindicators';
import { describe, expect, it } from 'vitest';
import { adx, atr, bollinger, donchian, ema, macd, rollingStd, rsi, sma, stochastic, vwap, wma, zScore } from './index';
import { refreshSpan } from './moving-averages';

/** A deterministic random walk with a plausible OHLCV shape. */
function randomBars(n: number, seed: number) {
  let state = seed >>> 0 || 1;
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  const volume = new Float64Array(n);
  let price = 100;
  for (let i = 0; i < n; i++) {
    open[i] = price;
    price *= 1 + (random() - 0.5) * 0.02;
    close[i] = price;
    high[i] = Math.max(open[i], close[i]) * (1 + random() * 0.01);
    low[i] = Math.min(open[i], close[i]) * (1 - random() * 0.01);
    volume[i] = 1 + Math.floor(random() * 1000);
  }
  return { open, high, low, close, volume };
}

const N = 1000;
/** Exponential averages seeded differently converge; after this many bars the seed's weight is < 1e-12. */
const BURN_IN = 600;

/** Compare our full-length output with the oracle's shorter one, aligned at the last bar. */
function expectAlignedTail(ours: Float64Array, theirs: readonly number[], compareLast: number): void {
  expect(theirs.length).toBeGreaterThanOrEqual(compareLast);
  for (let j = 1; j <= compareLast; j++) {
    const a = ours[ours.length - j];
    const b = theirs[theirs.length - j];
    expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));
  }
}

const seeds = [1, 7, 42, 1234, 99991];
const arr = (a: Float64Array) => Array.from(a);

describe('sma', () => {
  /** The definition sma() keeps bit for bit: the window summed afresh in order every refreshSpan(period) bars, a running sum between. */
  function refreshedSma(values: Float64Array, period: number): Float64Array {
    const out = new Float64Array(values.length).fill(NaN);
    let sum = 0;
    for (let i = period - 1; i < values.length; i++) {
      if ((i - (period - 1)) % refreshSpan(period) === 0) {
        sum = 0;
        for (let j = i - period + 1; j <= i; j++) sum += values[j];
      } else sum += values[i] - values[i - period];
      out[i] = sum / period;
    }
    return out;
  }

  it('sums each window afresh at its refresh bars and runs the sum between them, bit for bit', () => {
    for (const seed of seeds) {
      // Long enough for several refreshes at every period (a span is ≥ 1,024 bars).
      const b = randomBars(6_000, seed);
      for (const period of [1, 2, 3, 10, 30, 999, 1000, 1001, 1024, 1025]) expect(sma(b.close, period)).toEqual(refreshedSma(b.close, period));
    }
  });
});

describe('indicators match technicalindicators on random series', () => {
  for (const seed of seeds) {
    const b = randomBars(N, seed);
    it(`seed ${seed}: SMA, WMA, EMA, std, Bollinger`, () => {
      for (const period of [2, 10, 30]) {
        const ours = sma(b.close, period);
        const theirs = ti.SMA.calculate({ period, values: arr(b.close) });
        expect(theirs.length).toBe(N - period + 1);
        expectAlignedTail(ours, theirs, N - period + 1);
        expect(Number.isNaN(ours[period - 2])).toBe(period > 1);
        expectAlignedTail(wma(b.close, period), ti.WMA.calculate({ period, values: arr(b.close) }), N - period + 1);
        expectAlignedTail(ema(b.close, period), ti.EMA.calculate({ period, values: arr(b.close) }), N - period + 1);
        expectAlignedTail(rollingStd(b.close, period), ti.SD.calculate({ period, values: arr(b.close) }), N - period + 1);
        const bands = bollinger(b.close, period, 2);
        const theirBands = ti.BollingerBands.calculate({ period, values: arr(b.close), stdDev: 2 });
        expectAlignedTail(bands.upper, theirBands.map((x) => x.upper), N - period + 1);
        expectAlignedTail(bands.lower, theirBands.map((x) => x.lower), N - period + 1);
      }
    });
    it(`seed ${seed}: RSI, ATR, ADX (Wilder)`, () => {
      const period = 14;
      // technicalindicators rounds RSI to 2 decimals (toFixed(2)); at 1e-9 we rebuild RSI from its
      // unrounded AverageGain/AverageLoss, and check the rounded output to half a cent.
      const ours = rsi(b.close, period);
      const gain = ti.AverageGain.calculate({ period, values: arr(b.close) });
      const loss = ti.AverageLoss.calculate({ period, values: arr(b.close) });
      const rebuilt = gain.map((g, j) => (loss[j] === 0 ? 100 : 100 - 100 / (1 + g / loss[j])));
      expectAlignedTail(ours, rebuilt, N - BURN_IN);
      const rounded = ti.RSI.calculate({ period, values: arr(b.close) });
      for (let j = 1; j <= N - BURN_IN; j++) expect(Math.abs(ours[N - j] - rounded[rounded.length - j])).toBeLessThanOrEqual(0.005 + 1e-9);
      const input = { high: arr(b.high), low: arr(b.low), close: arr(b.close), period };
      expectAlignedTail(atr(b.high, b.low, b.close, period), ti.ATR.calculate(input), N - BURN_IN);
      const ourAdx = adx(b.high, b.low, b.close, period);
      const theirAdx = ti.ADX.calculate(input);
      expectAlignedTail(ourAdx.adx, theirAdx.map((x) => x.adx), N - BURN_IN);
      expectAlignedTail(ourAdx.plusDi, theirAdx.map((x) => x.pdi), N - BURN_IN);
      expectAlignedTail(ourAdx.minusDi, theirAdx.map((x) => x.mdi), N - BURN_IN);
    });
    it(`seed ${seed}: MACD, Stochastic, VWAP`, () => {
      const ours = macd(b.close, 12, 26, 9);
      const theirs = ti.MACD.calculate({
        values: arr(b.close),
        fastPeriod: 12,
        slowPeriod: 26,
        signalPeriod: 9,
        SimpleMAOscillator: false,
        SimpleMASignal: false,
      });
      expectAlignedTail(ours.macd, theirs.map((x) => x.MACD ?? NaN), N - BURN_IN);
      expectAlignedTail(ours.signal, theirs.map((x) => x.signal ?? NaN), N - BURN_IN);
      const stoch = stochastic(b.high, b.low, b.close, 14, 3);
      const theirStoch = ti.Stochastic.calculate({ high: arr(b.high), low: arr(b.low), close: arr(b.close), period: 14, signalPeriod: 3 });
      expectAlignedTail(stoch.k, theirStoch.map((x) => x.k), N - 20);
      expectAlignedTail(stoch.d, theirStoch.map((x) => x.d), N - 20);
      const theirVwap = ti.VWAP.calculate({ high: arr(b.high), low: arr(b.low), close: arr(b.close), volume: arr(b.volume) });
      expectAlignedTail(vwap(b.high, b.low, b.close, b.volume), theirVwap, N);
    });
  }
});

describe('indicators by hand', () => {
  const x = Float64Array.from([1, 2, 3, 4, 5, 6]);
  it('EMA is SMA-seeded then alpha = 2/(p+1)', () => {
    const out = ema(x, 3);
    expect(Number.isNaN(out[1])).toBe(true);
    expect(out[2]).toBe(2);
    expect(out[3]).toBe(3); // 2 + 0.5 × (4 − 2)
    expect(out[4]).toBe(4);
  });
  it('WMA weights newest heaviest', () => {
    expect(wma(x, 3)[2]).toBeCloseTo((1 + 4 + 9) / 6, 12);
  });
  it('Donchian is the rolling high/low including the current bar', () => {
    const high = Float64Array.from([5, 3, 8, 1, 2, 2]);
    const low = Float64Array.from([1, 0, 4, -1, 2, 2]);
    const ch = donchian(high, low, 3);
    expect(Array.from(ch.upper.subarray(2))).toEqual([8, 8, 8, 2]);
    expect(Array.from(ch.lower.subarray(2))).toEqual([0, -1, -1, -1]);
  });
  it('z-score of a ramp is constant', () => {
    const z = zScore(x, 3);
    expect(z[5]).toBeCloseTo(1 / Math.sqrt(2 / 3), 12);
  });
  it('RSI is 100 when the series only rises', () => {
    expect(rsi(x, 3)[5]).toBe(100);
  });
});

describe('every indicator is causal', () => {
  it('rewriting the series after t leaves outputs up to t unchanged', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 }), fc.integer({ min: 0, max: 298 }), (seed, t) => {
        const base = randomBars(300, seed);
        const other = randomBars(300, seed + 1);
        const mixed = {
          high: Float64Array.from(base.high),
          low: Float64Array.from(base.low),
          close: Float64Array.from(base.close),
          volume: Float64Array.from(base.volume),
        };
        for (let i = t + 1; i < 300; i++) {
          mixed.high[i] = other.high[i];
          mixed.low[i] = other.low[i];
          mixed.close[i] = other.close[i];
          mixed.volume[i] = other.volume[i];
        }
        const all = (b: typeof mixed) => [
          sma(b.close, 10), ema(b.close, 10), wma(b.close, 10), rsi(b.close, 14), atr(b.high, b.low, b.close, 14),
          bollinger(b.close, 20, 2).upper, macd(b.close, 12, 26, 9).signal, stochastic(b.high, b.low, b.close, 14, 3).d,
          donchian(b.high, b.low, 20).lower, adx(b.high, b.low, b.close, 14).adx, vwap(b.high, b.low, b.close, b.volume),
          zScore(b.close, 20),
        ];
        const a = all(base);
        const m = all(mixed);
        for (let k = 0; k < a.length; k++) {
          for (let i = 0; i <= t; i++) expect(Object.is(a[k][i], m[k][i])).toBe(true);
        }
      }),
      { numRuns: 50 },
    );
  });
});
