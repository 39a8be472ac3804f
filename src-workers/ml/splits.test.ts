import { describe, expect, it } from 'vitest';
import type { Bars } from '../../src-shared/bars/bars';
import { modelConfigSchema, type ModelConfigInput } from '../../src-shared/ml/config';
import { randomWalkBars } from '../engine/test-bars';
import { computeFeatures } from './features';
import { splitRows } from './splits';
import { labels } from './targets';
import { trainModel } from './train';

const bars = randomWalkBars(4_000, 21, 60 * 60_000, Date.UTC(2023, 0, 1), 0.006);
const quiet = () => undefined;
const config = (over: Partial<ModelConfigInput> = {}) =>
  modelConfigSchema.parse({
    features: [{ kind: 'rsi' }, { kind: 'ret', params: { k: 4 } }, { kind: 'atr', timeframe: '4h' }, { kind: 'hour' }],
    target: { kind: 'direction', horizon: 12 },
    split: { windows: { kind: 'fractions', train: 0.6, validation: 0.2, test: 0.2 }, embargo: 5 },
    algorithm: { kind: 'gbdt', rounds: 30, rowSubsample: 0.8, colSubsample: 0.8 },
    ...over,
  });

/** A copy of the bars with every bar from `from` on replaced by another walk (from that bar's open). */
function rewrittenFrom(from: number, seed: number): Bars {
  const other = randomWalkBars(bars.time.length, seed, bars.timeframeMs, bars.time[0], 0.02);
  const copy = randomWalkBars(bars.time.length, 1, bars.timeframeMs, bars.time[0]);
  for (const field of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) copy[field].set(bars[field]);
  for (let i = from; i < bars.time.length; i++) {
    copy.open[i] = other.open[i];
    copy.high[i] = other.high[i];
    copy.low[i] = other.low[i];
    copy.close[i] = other.close[i];
    copy.volume[i] = other.volume[i] * 7;
  }
  return copy;
}

describe('chronological split with purge and embargo', () => {
  it('keeps every label inside its window and drops the embargo', () => {
    const c = config();
    const features = computeFeatures({ bars }, c.features);
    const columns = [...features.values()];
    const rows = splitRows(bars, columns, labels(bars.close, c.target), 12, c.split);
    const { train, validation, test } = rows.ranges;
    expect(validation.first).toBe(train.last + 1);
    expect(test.first).toBe(validation.last + 1);
    // The purge: the last training row's label (close at t + 12) is still a training bar.
    expect(rows.train[rows.train.length - 1] + 12).toBeLessThanOrEqual(train.last);
    expect(rows.train[rows.train.length - 1] + 12).toBe(train.last);
    expect(rows.validation[0]).toBe(validation.first + 5);
    expect(rows.validation[rows.validation.length - 1] + 12).toBe(validation.last);
    expect(rows.test[0]).toBe(test.first + 5);
  });

  it('nothing from the test period reaches training: rewriting every test bar leaves the model the same, byte for byte', () => {
    const c = config();
    const reference = trainModel({ bars }, c, quiet);
    const testStart = bars.time.indexOf(reference.windows.test.from as number) - 5; // the test window starts before its embargo
    const rewritten = trainModel({ bars: rewrittenFrom(testStart, 3) }, c, quiet);
    expect(rewritten.model).toEqual(reference.model);
    expect(rewritten.metrics.validation).toEqual(reference.metrics.validation);
    expect(rewritten.metrics.test).not.toEqual(reference.metrics.test);
    // …while rewriting from the last validation bar on changes what validation saw (the check can fail).
    const earlier = trainModel({ bars: rewrittenFrom(testStart - 1, 3) }, c, quiet);
    expect(earlier.metrics.validation).not.toEqual(reference.metrics.validation);
  });

  it('nothing from the validation period reaches training: without early stopping, rewriting every bar from validation on leaves the model the same', () => {
    const c = config({ algorithm: { kind: 'gbdt', rounds: 30, rowSubsample: 0.8, colSubsample: 0.8, earlyStopping: 0 } });
    const reference = trainModel({ bars }, c, quiet);
    const validationStart = bars.time.indexOf(reference.windows.validation.from as number) - 5; // before its embargo
    const rewritten = trainModel({ bars: rewrittenFrom(validationStart, 4) }, c, quiet);
    expect(rewritten.model).toEqual(reference.model);
    expect(rewritten.metrics.validation).not.toEqual(reference.metrics.validation);
    // …while halving the closes of the last 12 training bars (the labels of the last 12 training rows, now all 'not up') changes it: the check can fail.
    const lowered = rewrittenFrom(bars.time.length, 4);
    for (let i = validationStart - 12; i < validationStart; i++) lowered.close[i] /= 2;
    expect(trainModel({ bars: lowered }, c, quiet).model).not.toEqual(reference.model);
  });

  it('time windows: the rows of each set lie in its window', () => {
    const t = (i: number) => bars.time[i];
    const c = config({
      split: { windows: { kind: 'times', train: { from: t(100), to: t(1_999) }, validation: { from: t(2_000), to: t(2_999) }, test: { from: t(3_000), to: t(3_999) } }, embargo: 0 },
    });
    const result = trainModel({ bars }, c, quiet);
    expect(result.windows.train.from).toBe(t(100));
    expect(result.windows.train.to).toBe(t(1_999 - 12));
    expect(result.windows.validation).toEqual({ rows: 1_000 - 12, from: t(2_000), to: t(2_999 - 12) });
    expect(result.windows.test.to).toBe(t(3_999 - 12));
  });

  it('refuses windows too small for the horizon, naming the window', () => {
    const c = config({ target: { kind: 'direction', horizon: 900 } });
    expect(() => trainModel({ bars }, c, quiet)).toThrowError(expect.objectContaining({ code: 'INVALID_CONFIG', message: expect.stringMatching(/^the validation window has 0 rows/) }));
  });

  it('orders the columns by name: listing the features in another order trains the same model', () => {
    const c = config();
    const reversed = { ...c, features: [...c.features].reverse() };
    const a = trainModel({ bars }, c, quiet);
    const b = trainModel({ bars }, reversed, quiet);
    expect(b.featureNames).toEqual(a.featureNames);
    expect(b.metrics).toEqual(a.metrics);
  });

  it('trains on the whitelist only', () => {
    const result = trainModel({ bars }, config({ whitelist: ['rsi:14', 'hour.sin'] }), quiet);
    expect(result.featureNames).toEqual(['hour.sin', 'rsi:14']);
    expect(result.importance.map((i) => i.feature).sort()).toEqual(['hour.sin', 'rsi:14']);
  });
});
