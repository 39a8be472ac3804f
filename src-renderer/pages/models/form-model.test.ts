import { describe, expect, it } from 'vitest';
import { trainRequestSchema } from '../../../src-shared/api/models';
import { featureRow, initialForm, trainRequest } from './form-model';

const DATASET = '0190a0a0-0000-7000-8000-000000000001';

describe('the train form', () => {
  it('makes a request the API takes, with the defaults of the catalog and the algorithm', () => {
    const parsed = trainRequestSchema.parse(trainRequest(initialForm(DATASET)));
    expect(parsed.config.features.map((f) => f.kind)).toEqual(['rsi', 'atr', 'ret', 'macd', 'bbpct', 'hour']);
    expect(parsed.config.features[2]).toEqual({ kind: 'ret', params: { k: 5 } });
    expect(parsed.config.target).toEqual({ kind: 'direction', horizon: 12, classes: 2, deadZone: 0 });
    expect(parsed.config.algorithm).toMatchObject({ kind: 'gbdt', rounds: 100, learningRate: 0.1 });
    expect(parsed.name).toBeUndefined();
  });

  it('sends only the hyperparameters typed, three classes with their dead zone, and a feature on a higher timeframe', () => {
    const form = initialForm(DATASET);
    const request = trainRequest({
      ...form,
      features: [{ ...featureRow('rsi'), timeframe: '4h' }],
      threeClasses: true,
      deadZone: '0.001',
      algorithm: 'forest',
      hyper: { ...form.hyper, forest: { ...form.hyper.forest, trees: '20' } },
      seed: '9',
      name: '  mine ',
    });
    expect(request.config.algorithm).toEqual({ kind: 'forest', trees: 20 });
    expect(request.config.target).toEqual({ kind: 'direction', horizon: 12, classes: 3, deadZone: 0.001 });
    expect(request.config.features).toEqual([{ kind: 'rsi', params: { period: 14 }, timeframe: '4h' }]);
    expect(request).toMatchObject({ name: 'mine', config: { seed: 9 } });
  });

  it('turns a blank or a word into a number the schema refuses, naming the field', () => {
    const form = initialForm(DATASET);
    const bad = trainRequestSchema.safeParse(trainRequest({ ...form, features: [{ ...featureRow('rsi'), params: { period: 'x' } }] }));
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0].path).toEqual(['config', 'features', 0, 'params', 'period']);
    const blank = trainRequestSchema.safeParse(trainRequest({ ...form, horizon: ' ' }));
    expect(blank.error?.issues[0].path).toEqual(['config', 'target', 'horizon']);
  });
});
