import { describe, expect, it } from 'vitest';
import { sliceBars, type Bars } from '../../src-shared/bars/bars';
import { modelConfigSchema } from '../../src-shared/ml/config';
import { CATALOG_KINDS, FEATURE_CATALOG, featureColumns } from '../../src-shared/ml/features';
import { randomWalkBars } from '../engine/test-bars';
import { getStrategy } from '../strategies/registry';
import { logReturns, rollingSkew } from './catalog-features';
import { computeFeatures } from './features';

const FIFTEEN_MINUTES = 15 * 60_000;

/** Every catalog kind with its defaults, each non-time kind also on 4h, and indicators of two built-ins (one on a higher timeframe). */
const EVERY_FEATURE = modelConfigSchema.parse({
  features: [
    ...CATALOG_KINDS.map((kind) => ({ kind })),
    ...FEATURE_CATALOG.filter((info) => info.higherTimeframe).map((info) => ({ kind: info.kind, timeframe: '4h' })),
    { kind: 'indicator', strategy: 'sma-cross', params: { fast: 5, slow: 12 }, name: 'fast' },
    { kind: 'indicator', strategy: 'mtf-ema-trend', name: 'trend EMA' },
  ],
}).features;

const loadStrategy = (id: string) => getStrategy(id);

/** Bars equal to `base` up to t, then a different walk (as the SDK's look-ahead check rewrites them). */
function rewrittenAfter(base: Bars, t: number, seed: number): Bars {
  const other = randomWalkBars(base.time.length, seed, base.timeframeMs, base.time[0], 0.01);
  const bars = randomWalkBars(base.time.length, 1, base.timeframeMs, base.time[0]);
  for (const field of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) bars[field].set(base[field]);
  const scale = base.close[t] / other.open[t + 1];
  for (let i = t + 1; i < bars.time.length; i++) {
    bars.open[i] = other.open[i] * scale;
    bars.high[i] = other.high[i] * scale;
    bars.low[i] = other.low[i] * scale;
    bars.close[i] = other.close[i] * scale;
    bars.volume[i] = other.volume[i] * 3;
  }
  return bars;
}

describe('features', () => {
  it('are causal: rewriting every bar after t, or cutting them off, changes no feature at or before t', () => {
    const base = randomWalkBars(3_000, 11, FIFTEEN_MINUTES, Date.UTC(2024, 0, 1, 0, 0), 0.004);
    const reference = computeFeatures({ bars: base, loadStrategy }, EVERY_FEATURE);
    expect(reference.size).toBe(EVERY_FEATURE.flatMap(featureColumns).length);
    // t at 4h bar boundaries and between them: the still-forming 4h bar must not be read.
    for (const t of [400, 959, 960, 1_234, 2_998]) {
      for (const bars of [rewrittenAfter(base, t, 1), rewrittenAfter(base, t, 2), sliceBars(base, 0, t + 1)]) {
        const other = computeFeatures({ bars, loadStrategy }, EVERY_FEATURE);
        for (const [name, values] of reference) {
          const changed = values.subarray(0, t + 1).findIndex((v, i) => !Object.is(v, other.get(name)?.[i]));
          expect({ name, t, changed }).toEqual({ name, t, changed: -1 });
        }
      }
      // …and the test can fail: some feature after t does change.
      const later = computeFeatures({ bars: rewrittenAfter(base, t, 1), loadStrategy }, EVERY_FEATURE).get('ret:1') as Float64Array;
      if (t < 2_998) expect(later[t + 1]).not.toBe(reference.get('ret:1')?.[t + 1]);
    }
  });

  it('computes each formula as docs/ml.md writes it', () => {
    const bars = randomWalkBars(500, 3, 3_600_000, Date.UTC(2024, 0, 1, 0, 0), 0.01);
    const features = computeFeatures(
      { bars },
      modelConfigSchema.parse({ features: [{ kind: 'ret', params: { k: 3 } }, { kind: 'logvol', params: { period: 5 } }, { kind: 'skew', params: { period: 7 } }, { kind: 'hour' }, { kind: 'weekday' }] }).features,
    );
    const { close } = bars;
    const ret = features.get('ret:3') as Float64Array;
    expect(ret[2]).toBeNaN();
    expect(ret[3]).toBe(close[3] / close[0] - 1);
    const logvol = features.get('logvol:5') as Float64Array;
    const window = (t: number, n: number) => Array.from({ length: n }, (_, j) => Math.log(close[t - j] / close[t - j - 1]));
    const std = (xs: number[]) => {
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      return Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length);
    };
    expect(logvol[4]).toBeNaN(); // needs 5 returns: bars 1…5
    for (const t of [5, 6, 77, 499]) expect(logvol[t]).toBeCloseTo(std(window(t, 5)), 14);
    const skew = features.get('skew:7') as Float64Array;
    const skewOf = (xs: number[]) => {
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      const m2 = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length;
      const m3 = xs.reduce((a, x) => a + (x - mean) ** 3, 0) / xs.length;
      return m3 / m2 ** 1.5;
    };
    expect(skew[6]).toBeNaN();
    for (const t of [7, 8, 100, 499]) expect(skew[t]).toBeCloseTo(skewOf(window(t, 7)), 9);
    // 2024-01-01 was a Monday; hourly bars from 00:00 UTC.
    expect(features.get('hour.sin')?.[6]).toBeCloseTo(1, 15); // 06:00 is a quarter of the day
    expect(features.get('hour.cos')?.[12]).toBeCloseTo(-1, 15); // 12:00 is half
    expect(features.get('weekday.sin')?.[0]).toBe(0); // Monday is weekday 0
    expect(features.get('weekday.cos')?.[24 * 3 + 5]).toBeCloseTo(Math.cos((2 * Math.PI * 3) / 7), 15); // Thursday
  });

  it('keeps the skew accurate over long series (its sums are refreshed every window)', () => {
    const r = logReturns(randomWalkBars(50_000, 9, 60_000).close).subarray(1);
    const fast = rollingSkew(r, 50);
    for (const t of [49, 1_000, 25_017, 49_998]) {
      const xs = Array.from(r.subarray(t - 49, t + 1));
      const mean = xs.reduce((a, b) => a + b, 0) / 50;
      const m2 = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / 50;
      const m3 = xs.reduce((a, x) => a + (x - mean) ** 3, 0) / 50;
      expect(fast[t]).toBeCloseTo(m3 / m2 ** 1.5, 6);
    }
  });

  it('refuses an indicator the strategy does not declare, naming those it does', () => {
    const bars = randomWalkBars(300, 1, FIFTEEN_MINUTES);
    const features = modelConfigSchema.parse({ features: [{ kind: 'indicator', strategy: 'sma-cross', name: 'medium' }] }).features;
    expect(() => computeFeatures({ bars, loadStrategy }, features)).toThrowError(
      expect.objectContaining({ code: 'INVALID_CONFIG', message: "feature indicator:sma-cross.medium: strategy 'sma-cross' declares no indicator 'medium' (it declares: fast, slow)" }),
    );
  });
});
