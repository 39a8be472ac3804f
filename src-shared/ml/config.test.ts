import { describe, expect, it } from 'vitest';
import { featureTimeframes, modelConfigSchema, trainingColumns } from './config';
import { featureColumns, featureName, parseFeatureName } from './features';

describe('model config', () => {
  it('fills every default, so the parsed config is the canonical one', () => {
    const config = modelConfigSchema.parse({ features: [{ kind: 'rsi' }, { kind: 'macd', params: { fast: 5 } }] });
    expect(config.features).toEqual([
      { kind: 'rsi', params: { period: 14 } },
      { kind: 'macd', params: { fast: 5, slow: 26, signal: 9 } },
    ]);
    expect(config.target).toEqual({ kind: 'direction', horizon: 1, classes: 2, deadZone: 0 });
    expect(config.split).toEqual({ windows: { kind: 'fractions', train: 0.6, validation: 0.2, test: 0.2 }, embargo: 0 });
    expect(config.algorithm).toMatchObject({ kind: 'gbdt', rounds: 100, learningRate: 0.1, maxDepth: 6, maxLeaves: 31, maxBins: 255 });
    expect(config.seed).toBe(1);
  });

  it('names the field that is wrong', () => {
    const issue = (input: unknown) => {
      const parsed = modelConfigSchema.safeParse(input);
      expect(parsed.success).toBe(false);
      const first = parsed.error?.issues[0];
      return `${first?.path.join('.')}: ${first?.message}`;
    };
    expect(issue({ features: [{ kind: 'rsi', params: { period: 1.5 } }] })).toBe('features.0.params.period: must be an integer from 2 to 10000, got 1.5');
    expect(issue({ features: [{ kind: 'rsi', params: { length: 3 } }] })).toMatch(/^features.0.params.length: rsi has no parameter 'length'/);
    expect(issue({ features: [{ kind: 'hour', timeframe: '4h' }] })).toBe('features.0.timeframe: hour is a time feature: it has no higher timeframe');
    expect(issue({ features: [{ kind: 'macd', params: { fast: 30 } }] })).toBe('features.0.params.fast: fast (30) must be below slow (26)');
    expect(issue({ features: [{ kind: 'rsi' }, { kind: 'rsi', params: { period: 14 } }] })).toBe("features.1: 'rsi:14' is also feature 0");
    expect(issue({ features: [{ kind: 'rsi' }], whitelist: ['atr:14'] })).toMatch(/^whitelist.0: 'atr:14' is not a column/);
    expect(issue({ features: [{ kind: 'rsi' }], target: { kind: 'direction', classes: 3 } })).toBe('target.deadZone: three classes need a dead zone above 0');
    expect(issue({ features: [{ kind: 'rsi' }], algorithm: { kind: 'gbdt', learningRate: 0 } })).toMatch(/^algorithm.learningRate: /);
    expect(issue({ features: [{ kind: 'rsi' }], algorithm: { kind: 'gbdt', maxBins: 257 } })).toMatch(/^algorithm.maxBins: /);
    expect(issue({ features: [{ kind: 'rsi' }], algorithm: { kind: 'logit', rounds: 5 } })).toMatch(/^algorithm: /);
    expect(issue({ features: [{ kind: 'rsi' }], split: { windows: { kind: 'fractions', train: 0.7, validation: 0.2, test: 0.2 } } })).toMatch(
      /^split.windows.train: train \+ validation \+ test must be at most 1/,
    );
    const times = { train: { from: 0, to: 10 }, validation: { from: 10, to: 20 }, test: { from: 21, to: 30 } };
    expect(issue({ features: [{ kind: 'rsi' }], split: { windows: { kind: 'times', ...times } } })).toMatch(/^split.windows.validation.from: validation must start after train ends/);
  });

  it('names features and columns, and parses the short names the CLI takes', () => {
    const config = modelConfigSchema.parse({
      features: [parseFeatureName('rsi:7@4h'), parseFeatureName('macd'), parseFeatureName('hour'), { kind: 'indicator', strategy: 'sma-cross', params: { slow: 40, fast: 5 }, name: 'fast' }],
    });
    expect(config.features.map(featureName)).toEqual(['rsi:7@4h', 'macd:12:26:9', 'hour', 'indicator:sma-cross(fast=5,slow=40).fast']);
    expect(featureColumns(config.features[2])).toEqual(['hour.sin', 'hour.cos']);
    expect(trainingColumns(config)).toEqual(['hour.cos', 'hour.sin', 'indicator:sma-cross(fast=5,slow=40).fast', 'macd:12:26:9', 'rsi:7@4h']);
    expect(trainingColumns({ ...config, whitelist: ['rsi:7@4h', 'hour.sin'] })).toEqual(['hour.sin', 'rsi:7@4h']);
    expect(featureTimeframes(config)).toEqual(['4h']);
    expect(() => parseFeatureName('rsi:x')).toThrow("feature 'rsi:x': period must be a number, got 'x'");
    expect(() => parseFeatureName('rsi:1:2')).toThrow("feature 'rsi:1:2': rsi takes at most 1 (period)");
    expect(() => parseFeatureName('nope')).toThrow(/unknown kind 'nope'/);
  });
});
