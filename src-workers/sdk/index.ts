/**
 * The `barwise` module: what a strategy file imports (`import { defineStrategy, sma } from
 * 'barwise'`). Built-in strategies import it too, through a path alias (tsconfig, vitest,
 * electron-vite), so a built-in's file is a valid user strategy file as it stands. Its types are
 * src-shared/sdk (module.ts lists every export).
 */
import type { BarwiseModule } from '../../src-shared/sdk/module';
import type { Indicator, Signals } from '../../src-shared/sdk/strategy';
import * as library from '../indicators';
import { defineStrategy } from './define';
import { IndicatorView } from './indicator';
import { activeIndicatorCache } from './indicator-cache';

/** An indicator's input as a Float64Array: a column of `data`, an indicator's output, or a plain array of numbers. */
function series(values: unknown, call: string): Float64Array {
  if (values instanceof Float64Array) return values;
  if (Array.isArray(values) && values.every((v) => typeof v === 'number')) return Float64Array.from(values);
  if (IndicatorView.isIndicator(values)) return IndicatorView.wholeSeries(values, call);
  const got = values === null ? 'null' : Array.isArray(values) ? 'an array with a value that is not a number' : typeof values;
  throw new TypeError(`${call}: a series must be a Float64Array (a column of data, or an indicator's output), got ${got}`);
}

const sameLength = (call: string, ...columns: Float64Array[]): Float64Array[] => {
  if (columns.some((c) => c.length !== columns[0].length)) throw new RangeError(`${call}: the series must have the same length (${columns.map((c) => c.length).join(', ')})`);
  return columns;
};

/**
 * The indicator's value, from the sweep chunk's cache when one is running (indicator-cache.ts:
 * every variant of a chunk that asks for the same series shares one computation).
 */
function shared<R extends Float64Array | object>(name: string, inputs: Float64Array[], args: number[], compute: () => R): R {
  const cache = activeIndicatorCache();
  if (cache === null) return compute();
  return cache.call(name, inputs, args, compute as () => never) as R;
}

export const sma: BarwiseModule['sma'] = (values, period) => {
  const s = series(values, 'sma');
  return shared('sma', [s], [period], () => library.sma(s, period));
};
export const ema: BarwiseModule['ema'] = (values, period) => {
  const s = series(values, 'ema');
  return shared('ema', [s], [period], () => library.ema(s, period));
};
export const wma: BarwiseModule['wma'] = (values, period) => {
  const s = series(values, 'wma');
  return shared('wma', [s], [period], () => library.wma(s, period));
};
export const rsi: BarwiseModule['rsi'] = (values, period) => {
  const s = series(values, 'rsi');
  return shared('rsi', [s], [period], () => library.rsi(s, period));
};
export const rollingMax: BarwiseModule['rollingMax'] = (values, period) => {
  const s = series(values, 'rollingMax');
  return shared('rollingMax', [s], [period], () => library.rollingMax(s, period));
};
export const rollingMin: BarwiseModule['rollingMin'] = (values, period) => {
  const s = series(values, 'rollingMin');
  return shared('rollingMin', [s], [period], () => library.rollingMin(s, period));
};
export const rollingStd: BarwiseModule['rollingStd'] = (values, period) => {
  const s = series(values, 'rollingStd');
  return shared('rollingStd', [s], [period], () => library.rollingStd(s, period));
};
export const zScore: BarwiseModule['zScore'] = (values, period) => {
  const s = series(values, 'zScore');
  return shared('zScore', [s], [period], () => library.zScore(s, period));
};

export const atr: BarwiseModule['atr'] = (high, low, close, period) => {
  const [h, l, c] = sameLength('atr', series(high, 'atr'), series(low, 'atr'), series(close, 'atr'));
  return shared('atr', [h, l, c], [period], () => library.atr(h, l, c, period));
};
export const trueRange: BarwiseModule['trueRange'] = (high, low, close) => {
  const [h, l, c] = sameLength('trueRange', series(high, 'trueRange'), series(low, 'trueRange'), series(close, 'trueRange'));
  return shared('trueRange', [h, l, c], [], () => library.trueRange(h, l, c));
};
export const bbands: BarwiseModule['bbands'] = (values, period, k) => {
  if (typeof k !== 'number' || !Number.isFinite(k)) throw new RangeError(`bbands: k must be a finite number, got ${String(k)}`);
  const s = series(values, 'bbands');
  return shared('bbands', [s], [period, k], () => library.bollinger(s, period, k));
};
export const macd: BarwiseModule['macd'] = (values, fast, slow, signal) => {
  const s = series(values, 'macd');
  return shared('macd', [s], [fast, slow, signal], () => library.macd(s, fast, slow, signal));
};
export const stoch: BarwiseModule['stoch'] = (high, low, close, period, signalPeriod) => {
  const [h, l, c] = sameLength('stoch', series(high, 'stoch'), series(low, 'stoch'), series(close, 'stoch'));
  return shared('stoch', [h, l, c], [period, signalPeriod], () => library.stochastic(h, l, c, period, signalPeriod));
};
export const adx: BarwiseModule['adx'] = (high, low, close, period) => {
  const [h, l, c] = sameLength('adx', series(high, 'adx'), series(low, 'adx'), series(close, 'adx'));
  return shared('adx', [h, l, c], [period], () => library.adx(h, l, c, period));
};
export const donchian: BarwiseModule['donchian'] = (high, low, period) => {
  const [h, l] = sameLength('donchian', series(high, 'donchian'), series(low, 'donchian'));
  return shared('donchian', [h, l], [period], () => library.donchian(h, l, period));
};
export const vwap: BarwiseModule['vwap'] = (high, low, close, volume) => {
  const [h, l, c, v] = sameLength('vwap', series(high, 'vwap'), series(low, 'vwap'), series(close, 'vwap'), series(volume, 'vwap'));
  return shared('vwap', [h, l, c, v], [], () => library.vwap(h, l, c, v));
};

/**
 * backtesting.py's crossover for every bar at once: +1 at bar i where `a` was below `b` at bar
 * i − 1 and is above it at bar i, −1 where the reverse, NaN elsewhere (NaN compares false, so no
 * signal until both have values). Causal: bar i reads bars i − 1 and i.
 */
export const cross: BarwiseModule['cross'] = (a: Float64Array | Indicator, b: Float64Array | Indicator | number): Signals => {
  const x = series(a, 'cross');
  const y = typeof b === 'number' ? new Float64Array(x.length).fill(b) : series(b, 'cross');
  sameLength('cross', x, y);
  const target = new Float64Array(x.length);
  if (x.length > 0) target[0] = NaN;
  for (let i = 1; i < x.length; i++) {
    if (x[i - 1] < y[i - 1]) target[i] = x[i] > y[i] ? 1 : NaN;
    else target[i] = y[i - 1] < x[i - 1] && y[i] > x[i] ? -1 : NaN;
  }
  return { target };
};

export { defineStrategy };
