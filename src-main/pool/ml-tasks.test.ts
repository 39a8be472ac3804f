import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocateBars, BAR_FIELDS, type Bars } from '../../src-shared/bars/bars';
import { modelConfigSchema, type ModelConfigInput } from '../../src-shared/ml/config';
import { randomWalkBars } from '../../src-workers/engine/test-bars';
import { predictBars } from '../../src-workers/ml/predict';
import { trainModel } from '../../src-workers/ml/train';
import type { MlFeaturesResult, MlPredictResult, MlTrainResult } from '../../src-workers/tasks/ml-tasks';
import { compileStrategy } from './fixtures/compile-strategy';
import { WorkerPool, type TaskError, type TaskProgress } from './pool';

// The model task kinds in the production worker (src-workers/worker.ts: warmed up, then locked
// down), through the pool, with bars on a SharedArrayBuffer as the app sends them.

function sharedBars(source: Bars): Bars {
  const bars = allocateBars(source.time.length, source.timeframeMs, true);
  for (const field of BAR_FIELDS) bars[field].set(source[field]);
  return bars;
}

const bars = sharedBars(randomWalkBars(6_000, 31, 15 * 60_000, Date.UTC(2024, 0, 1), 0.004));
const config = (over: Partial<ModelConfigInput> = {}) =>
  modelConfigSchema.parse({
    features: [{ kind: 'rsi' }, { kind: 'ret', params: { k: 3 } }, { kind: 'atr', timeframe: '4h' }, { kind: 'weekday' }],
    target: { kind: 'direction', horizon: 4, classes: 3, deadZone: 0.002 },
    algorithm: { kind: 'gbdt', rounds: 30, rowSubsample: 0.7, earlyStopping: 0 },
    seed: 5,
    ...over,
  });

let pool: WorkerPool;
beforeAll(async () => {
  pool = new WorkerPool({ threads: 1, cancelGraceMs: 5_000, recycleAfterTasks: 1_000 });
  await pool.warm();
}, 120_000);
afterAll(() => pool.destroy());

describe('model tasks on the pool', () => {
  it('ml.features lists the catalog', async () => {
    const result = await pool.run<MlFeaturesResult>('ml.features', null);
    expect(result.features.map((f) => f.kind)).toContain('rsi');
    expect(result.trainerVersion).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('ml.train reports its phases and rounds, and gives the same model byte for byte as training here; ml.predict gives its outputs', async () => {
    const progress: TaskProgress[] = [];
    const c = config();
    const trained = await pool.run<MlTrainResult>('ml.train', { bars, config: c }, { onProgress: (p) => progress.push(p) });
    const here = trainModel({ bars }, c, () => undefined);
    expect(trained.model).toEqual(here.model);
    expect(trained.metrics).toEqual(here.metrics);
    expect(trained.featureNames).toEqual(['atr:14@4h', 'ret:3', 'rsi:14', 'weekday.cos', 'weekday.sin']);
    expect(trained.rows.train + trained.rows.validation + trained.rows.test).toBeGreaterThan(5_000);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p, k) => k === 0 || p.fraction >= progress[k - 1].fraction)).toBe(true);

    const predicted = await pool.run<MlPredictResult>('ml.predict', { bars, model: trained.model });
    expect(predicted.outputs).toEqual(['p_down', 'p_flat', 'p_up']);
    const local = predictBars({ bars }, here.model);
    predicted.values.forEach((values, k) => expect(values.every((v, i) => Object.is(v, local.values[k][i]))).toBe(true));
    expect(predicted.values[0][0]).toBeNaN(); // no RSI yet at the first bar
    const sum = predicted.values[0][5_000] + predicted.values[1][5_000] + predicted.values[2][5_000];
    expect(sum).toBeCloseTo(1, 12);
  }, 60_000);

  it('ml.train can be cancelled between rounds', async () => {
    const controller = new AbortController();
    const c = config({ algorithm: { kind: 'gbdt', rounds: 10_000, learningRate: 0.01, earlyStopping: 0, minSamplesLeaf: 1, maxLeaves: 255 } });
    const outcome = pool.run<MlTrainResult>('ml.train', { bars, config: c }, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.message.startsWith('training: round')) controller.abort();
      },
    });
    await expect(outcome).rejects.toMatchObject({ code: 'CANCELLED' } satisfies Partial<TaskError>);
    // The worker is still there and answers.
    await expect(pool.run<MlFeaturesResult>('ml.features', null)).resolves.toMatchObject({ trainerVersion: expect.any(String) });
  }, 60_000);

  it('trains on a user strategy’s indicator, evaluated in the sandbox, and refuses a changed source', async () => {
    const source = compileStrategy(
      `import { defineStrategy, ema } from 'barwise';
export default defineStrategy({
  name: 'Trend',
  params: { period: { type: 'int', default: 50, min: 2, max: 500 } },
  init: ({ data, params, I }) => ({ trend: I(ema(data.close, params.period)) }),
  next() {},
});
`,
      'strategies/trend.ts',
    );
    const feature = { kind: 'indicator' as const, strategy: 'trend', params: { period: 20 }, name: 'trend', sourceHash: source.sourceHash };
    const c = config({ features: [{ kind: 'rsi' }, feature], algorithm: { kind: 'logit' } });
    const trained = await pool.run<MlTrainResult>('ml.train', { bars, config: c, strategies: { trend: source } });
    expect(trained.featureNames).toEqual(['indicator:trend(period=20).trend', 'rsi:14']);
    const stale = config({ features: [{ ...feature, sourceHash: 'sha256:old' }] });
    await expect(pool.run('ml.train', { bars, config: stale, strategies: { trend: source } })).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
      message: expect.stringContaining("strategy 'trend' has changed since the model's configuration was made"),
    });
    await expect(pool.run('ml.train', { bars, config: c })).rejects.toMatchObject({ code: 'STRATEGY_NOT_FOUND' });
  }, 60_000);

  it('refuses a config that does not parse, naming the field', async () => {
    await expect(pool.run('ml.train', { bars, config: { features: [] } })).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
      message: expect.stringMatching(/^config\.features: /),
    });
  });
});
