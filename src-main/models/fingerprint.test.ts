import { describe, expect, it } from 'vitest';
import { modelConfigSchema, type ModelConfigInput } from '../../src-shared/ml/config';
import { canonicalJson, fingerprintFields, fingerprintOf, type FingerprintDataset } from './fingerprint';

const DATASET: FingerprintDataset = { contentHash: 'a'.repeat(64), symbol: 'BTCUSD', timeframe: '1h' };
const VERSION = '1.0.0';

const BASE: ModelConfigInput = {
  features: [{ kind: 'rsi', params: { period: 14 } }, { kind: 'atr', params: { period: 14 } }, { kind: 'ret', params: { k: 5 } }, { kind: 'hour' }],
  target: { kind: 'direction', horizon: 12, classes: 3, deadZone: 0.001 },
  split: { windows: { kind: 'fractions', train: 0.6, validation: 0.2, test: 0.2 }, embargo: 5 },
  algorithm: { kind: 'gbdt', rounds: 50 },
  seed: 7,
  whitelist: ['rsi:14', 'atr:14', 'ret:5'],
};

const fp = (input: ModelConfigInput, dataset = DATASET, version = VERSION) => fingerprintOf(fingerprintFields(modelConfigSchema.parse(input), dataset, version));

const base = fp(BASE);

/** Every field the issue names, each changed on its own. */
const CHANGES: readonly (readonly [string, () => string])[] = [
  ['dataset content hash', () => fp(BASE, { ...DATASET, contentHash: 'b'.repeat(64) })],
  ['symbol', () => fp(BASE, { ...DATASET, symbol: 'ETHUSD' })],
  ['timeframe', () => fp(BASE, { ...DATASET, timeframe: '4h' })],
  ['train window', () => fp({ ...BASE, split: { ...BASE.split, windows: { kind: 'fractions', train: 0.5, validation: 0.2, test: 0.2 } } })],
  ['validation window', () => fp({ ...BASE, split: { ...BASE.split, windows: { kind: 'fractions', train: 0.6, validation: 0.1, test: 0.2 } } })],
  ['test window', () => fp({ ...BASE, split: { ...BASE.split, windows: { kind: 'fractions', train: 0.6, validation: 0.2, test: 0.1 } } })],
  ['window bounds', () => fp({ ...BASE, split: { ...BASE.split, windows: { kind: 'fractions', train: 0.6, validation: 0.2, test: 0.2, to: Date.UTC(2024, 0, 1) } } })],
  ['a feature added', () => fp({ ...BASE, features: [...BASE.features, { kind: 'adx' }] })],
  ['a feature parameter', () => fp({ ...BASE, features: [{ kind: 'rsi', params: { period: 21 } }, ...BASE.features.slice(1)], whitelist: ['rsi:21', 'atr:14', 'ret:5'] })],
  ['a feature timeframe', () => fp({ ...BASE, features: [...BASE.features, { kind: 'ema', timeframe: '4h' }] })],
  ['target kind', () => fp({ ...BASE, target: { kind: 'return', horizon: 12 } })],
  ['horizon', () => fp({ ...BASE, target: { ...BASE.target, horizon: 6 } as ModelConfigInput['target'] })],
  ['dead zone', () => fp({ ...BASE, target: { ...BASE.target, deadZone: 0.002 } as ModelConfigInput['target'] })],
  ['classes', () => fp({ ...BASE, target: { kind: 'direction', horizon: 12 } })],
  ['embargo', () => fp({ ...BASE, split: { ...BASE.split, embargo: 6 } })],
  ['algorithm', () => fp({ ...BASE, algorithm: { kind: 'forest' } })],
  ['seed', () => fp({ ...BASE, seed: 8 })],
  ['whitelist', () => fp({ ...BASE, whitelist: ['rsi:14', 'atr:14'] })],
  ['no whitelist', () => fp({ ...BASE, whitelist: undefined })],
  ['permutation repeats', () => fp({ ...BASE, importance: { repeats: 5 } })],
  ['trainer version', () => fp(BASE, DATASET, '1.0.1')],
];

const GBDT = ['rounds', 'learningRate', 'maxDepth', 'maxLeaves', 'minSamplesLeaf', 'l2', 'minGain', 'rowSubsample', 'colSubsample', 'maxBins', 'earlyStopping'];

describe('the model fingerprint', () => {
  it.each(CHANGES)('changes with the %s', (_field, changed) => {
    expect(changed()).toMatch(/^[0-9a-f]{64}$/);
    expect(changed()).not.toBe(base);
  });

  it.each(GBDT)('changes with the hyperparameter %s', (name) => {
    const parsed = modelConfigSchema.parse(BASE);
    const value = (parsed.algorithm as unknown as Record<string, number>)[name];
    // A value inside the bounds that differs from the default: half of it, or 1 more for small integers.
    const other = name === 'rowSubsample' || name === 'colSubsample' || name === 'learningRate' ? value / 2 : value + 1;
    expect(fp({ ...BASE, algorithm: { kind: 'gbdt', rounds: 50, [name]: other } })).not.toBe(base);
  });

  it('does not change when features, whitelist or keys are written in another order, or defaults are written out', () => {
    const reordered: ModelConfigInput = {
      seed: 7,
      whitelist: ['ret:5', 'rsi:14', 'atr:14'],
      algorithm: { rounds: 50, kind: 'gbdt', learningRate: 0.1 },
      split: { embargo: 5, windows: { kind: 'fractions', test: 0.2, train: 0.6, validation: 0.2 } },
      target: { deadZone: 0.001, classes: 3, horizon: 12, kind: 'direction' },
      features: [{ kind: 'hour' }, { kind: 'ret', params: { k: 5 } }, { kind: 'atr' }, { kind: 'rsi' }],
    };
    expect(fp(reordered)).toBe(base);
    expect(fp({ ...BASE, importance: { repeats: 3, maxRows: 10_000 } })).toBe(base);
  });

  it('is sha256 of canonical JSON with sorted keys', () => {
    const fields = fingerprintFields(modelConfigSchema.parse(BASE), DATASET, VERSION);
    const json = canonicalJson(fields);
    expect(json.startsWith('{"config":{"algorithm":{"colSubsample":1,')).toBe(true);
    expect(json).toContain('"features":[{"kind":"atr","params":{"period":14}},{"kind":"hour","params":{}},{"kind":"ret","params":{"k":5}},{"kind":"rsi"');
    expect(json).toContain('"whitelist":["atr:14","ret:5","rsi:14"]');
    expect(json).toContain('"dataset":{"contentHash":"aaaa');
    expect(json).toContain('"fingerprintVersion":1,"trainerVersion":"1.0.0"');
  });
});
