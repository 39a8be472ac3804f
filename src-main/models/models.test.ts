import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelSummary, TrainRequest } from '../../src-shared/api/models';
import { modelConfigSchema, type ModelConfigInput } from '../../src-shared/ml/config';
import type { MlPredictResult, MlTrainResult } from '../../src-workers/tasks/ml-tasks';
import { createBarwise, type Barwise } from '../barwise';
import { insertJob } from '../jobs/repository';
import { hourlyCsv } from '../test-support/cli';
import { insertModel, loadBlob } from './repository';

/**
 * Models through the API on a real data dir: real SQLite, the real pool and trainer, the sample
 * dataset. One Barwise for the file (starting workers is the slow part); each test makes its own
 * models.
 */

let root: string;
let barwise: Barwise;
let sample: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'barwise-models-'));
  barwise = createBarwise({ dataDir: join(root, 'data'), threads: 2 });
  sample = (await barwise.client.datasets.loadSample({})).dataset.id;
  await barwise.pool.warm();
}, 60_000);

afterAll(async () => {
  await barwise.close();
  rmSync(root, { recursive: true, force: true });
});

const FEATURES: ModelConfigInput['features'] = [
  { kind: 'rsi', params: { period: 14 } },
  { kind: 'atr', params: { period: 14 } },
  { kind: 'ret', params: { k: 5 } },
  { kind: 'macd' },
  { kind: 'bbpct' },
  { kind: 'hour' },
];

const request = (config: Partial<ModelConfigInput> = {}, extra: Partial<TrainRequest> = {}): TrainRequest => ({
  datasetId: sample,
  config: { features: FEATURES, target: { kind: 'direction', horizon: 12 }, algorithm: { kind: 'gbdt', rounds: 30 }, ...config },
  ...extra,
});

/** Waits for a model's training to end, and returns the model as stored. */
async function finished(id: string): Promise<ModelSummary> {
  const model = await barwise.client.models.get({ id });
  if (model.jobId) await barwise.jobs.wait(model.jobId);
  return barwise.client.models.get({ id });
}

const rows = (table: string, id: string) => barwise.db.prepare(`SELECT count(*) FROM ${table} WHERE model_id = ?`).pluck().get(id) as number;

describe('training a model', () => {
  it('moves queued → preprocessing → training → evaluating → completed and stores metrics, importance and the model', async () => {
    const outcome = await barwise.client.models.train(request());
    expect(outcome.existing).toBe(false);
    // Queued, and already on a worker when one was idle.
    expect(['queued', 'preprocessing']).toContain(outcome.model.status);
    expect(outcome.model).toMatchObject({ algorithm: 'gbdt', target: 'direction:12', featureCount: 7, origin: 'trained', parent: null, metrics: null });
    await finished(outcome.model.id);
    const model = await barwise.client.models.get({ id: outcome.model.id });
    expect(model).toMatchObject({ status: 'completed', error: null, datasetId: sample, symbol: 'BTCUSD-SYNTH', timeframe: '1h', trainerVersion: '1.0.0' });
    // Each phase began after the one before it; the job row went its own generic way. A phase may
    // be skipped when no progress message named it (at most ten a second: src-main/models/status.ts;
    // the training phase itself is seen in "is cancelled while it trains" below).
    const { preprocessing, training, evaluating } = model.phases;
    expect(preprocessing).toBeGreaterThanOrEqual(model.createdAt);
    const times = [preprocessing, training, evaluating, model.finishedAt].filter((t) => t !== undefined);
    expect(times).toEqual([...times].sort((a, b) => a! - b!));
    expect(model.startedAt).toBe(preprocessing);
    const job = await barwise.client.jobs.get({ id: model.jobId! });
    expect(job).toMatchObject({ kind: 'train', status: 'completed', resultRef: model.id });

    const test = model.allMetrics!.test;
    expect(test.kind).toBe('classification');
    if (test.kind !== 'classification') return;
    expect(model.metrics).toEqual({ accuracy: test.accuracy, f1: test.f1, rocAuc: test.rocAuc, logLoss: test.logLoss, r2: null, mae: null, directionalAccuracy: null });
    expect(test.confusion.flat().reduce((a, b) => a + b, 0)).toBe(test.rows);
    expect(test.calibration).toHaveLength(10);
    expect(model.report!.featureNames).toEqual(['atr:14', 'bbpct:20:2', 'hour.cos', 'hour.sin', 'macd:12:26:9', 'ret:5', 'rsi:14']);
    expect(model.report!.rows.test).toBe(test.rows);

    const byGain = await barwise.client.models.importance({ id: model.id });
    expect(byGain.map((f) => f.feature).sort()).toEqual(model.report!.featureNames);
    for (let k = 1; k < byGain.length; k++) expect(byGain[k - 1].gain).toBeGreaterThanOrEqual(byGain[k].gain);
    expect(byGain.reduce((sum, f) => sum + f.gain, 0)).toBeCloseTo(1, 9);
    const byPermutation = await barwise.client.models.importance({ id: model.id, by: 'permutation' });
    for (let k = 1; k < byPermutation.length; k++) expect(byPermutation[k - 1].permutation).toBeGreaterThanOrEqual(byPermutation[k].permutation);

    // The stored blob loads back in a worker and predicts.
    expect(model.blobBytes).toBeGreaterThan(0);
    const predicted = await barwise.pool.run<MlPredictResult>('ml.predict', { bars: barwise.data.cache.getSharedBars(sample), model: loadBlob(barwise.db, model.id) });
    expect(predicted.outputs).toEqual(['p_up']);
    expect(predicted.values[0].length).toBe(8760);
  });

  it('returns the model a fingerprint names, trains a duplicate when asked to, and finds both by the fingerprint', async () => {
    const first = await barwise.client.models.train(request({ seed: 11 }));
    // The same configuration, its features in another order and a default written out.
    const again = await barwise.client.models.train(request({ seed: 11, features: [...FEATURES].reverse(), split: { embargo: 0 } }));
    expect(again).toMatchObject({ existing: true, model: { id: first.model.id, fingerprint: first.model.fingerprint } });
    const identity = await barwise.client.models.config({ request: request({ seed: 11 }) });
    expect(identity).toMatchObject({ fingerprint: first.model.fingerprint, existing: { id: first.model.id } });
    expect(identity.fields).toMatchObject({ trainerVersion: '1.0.0', dataset: { symbol: 'BTCUSD-SYNTH', timeframe: '1h' } });
    expect((await barwise.client.models.config({ id: first.model.id })).fields).toEqual(identity.fields);

    const duplicate = await barwise.client.models.train({ ...request({ seed: 11 }), retrainAnyway: true });
    expect(duplicate.existing).toBe(false);
    expect(duplicate.model.id).not.toBe(first.model.id);
    expect(duplicate.model.fingerprint).toBe(first.model.fingerprint);
    const listed = await barwise.client.models.list({ fingerprint: first.model.fingerprint });
    expect(listed.models.map((m) => m.id).sort()).toEqual([first.model.id, duplicate.model.id].sort());

    const other = await barwise.client.models.train(request({ seed: 12 }));
    expect(other.model.fingerprint).not.toBe(first.model.fingerprint);
    await Promise.all([first, duplicate, other].map((o) => finished(o.model.id)));
  });

  it('refuses a bad configuration before anything is written, naming the field', async () => {
    const before = (await barwise.client.models.list({})).total;
    await expect(barwise.client.models.train(request({ features: [{ kind: 'rsi', params: { period: 1 } }] }))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringMatching(/config\.features\.0\.params\.period: must be an integer from 2 to 10000, got 1/),
    });
    await expect(barwise.client.models.train({ ...request(), timeframe: '90m' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/^timeframe: 90m is not a whole multiple/) });
    await expect(barwise.client.models.train({ ...request(), datasetId: '0190a0a0-0000-7000-8000-000000000000' })).rejects.toMatchObject({ code: 'DATASET_NOT_FOUND' });
    expect((await barwise.client.models.list({})).total).toBe(before);
  });

  it('ends failed with its error when the trainer refuses the data, and a retry of the job trains the same model again', async () => {
    const { model } = await barwise.client.models.train(request({ target: { kind: 'direction', horizon: 9000 } }));
    const failed = await finished(model.id);
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'INVALID_CONFIG', message: expect.stringMatching(/the train window has 0 rows/) }, metrics: null });
    expect(failed.finishedAt).not.toBeNull();
    expect(await barwise.client.jobs.get({ id: failed.jobId! })).toMatchObject({ status: 'failed', error: { code: 'INVALID_CONFIG' } });
    expect(rows('model_features', model.id) + rows('model_blobs', model.id)).toBe(0);
    // A failed model does not count as the fingerprint's model: training it again makes a new one.
    const retried = await barwise.client.jobs.retry({ id: failed.jobId! });
    const requeued = await barwise.client.models.get({ id: model.id });
    expect(['queued', 'preprocessing']).toContain(requeued.status);
    expect(requeued).toMatchObject({ jobId: retried.id, error: null, finishedAt: null });
    expect(await finished(model.id)).toMatchObject({ status: 'failed', jobId: retried.id, error: { code: 'INVALID_CONFIG' } });
    const again = await barwise.client.models.train(request({ target: { kind: 'direction', horizon: 9000 } }));
    expect(again.existing).toBe(false);
    await finished(again.model.id);
  });

  it('is cancelled while it trains, keeping nothing of what it trained', async () => {
    const messages: string[] = [];
    const stop = barwise.events.subscribe((event) => {
      if (event.topic === 'progress') messages.push(event.message);
    });
    const { model } = await barwise.client.models.train(request({ algorithm: { kind: 'gbdt', rounds: 10_000, learningRate: 0.001, earlyStopping: 0 } }));
    // Its job's progress names the round and the validation loss as it trains.
    while (!messages.some((m) => /^training: round \d+ of 10000, validation loss \d+\.\d{4}$/.test(m))) await new Promise((r) => setTimeout(r, 20));
    stop();
    expect((await barwise.client.models.get({ id: model.id })).status).toBe('training');
    await barwise.client.jobs.cancel({ id: model.jobId! });
    const cancelled = await barwise.client.models.get({ id: model.id });
    expect(cancelled).toMatchObject({ status: 'cancelled', error: { code: 'CANCELLED' }, metrics: null });
    expect(cancelled.phases.training).toBeDefined();
    expect(cancelled.phases.evaluating).toBeUndefined();
    expect(rows('model_features', model.id) + rows('model_blobs', model.id)).toBe(0);
  });
  it('stores the versioned blob byte for byte as trained, and it loads back to the predictions of the model the trainer made', async () => {
    const model = await barwise.client.models.get({ id: (await finished((await barwise.client.models.train(request({ seed: 51 }))).model.id)).id });
    expect(model.status).toBe('completed');
    const stored = loadBlob(barwise.db, model.id);
    // "BWML" then the format version.
    expect([...stored.subarray(0, 4)]).toEqual([0x42, 0x57, 0x4d, 0x4c]);
    expect(new DataView(stored.buffer, stored.byteOffset).getUint32(4, true)).toBe(1);
    const bars = barwise.data.cache.getSharedBars(sample);
    // The same configuration trained again in a worker (training is deterministic for a seed).
    const fresh = await barwise.pool.run<MlTrainResult>('ml.train', { bars, config: model.config });
    expect(Buffer.from(stored).equals(Buffer.from(fresh.model))).toBe(true);
    const fromStore = await barwise.pool.run<MlPredictResult>('ml.predict', { bars, model: stored });
    const fromTrainer = await barwise.pool.run<MlPredictResult>('ml.predict', { bars, model: fresh.model });
    expect(fromStore.values.map((v) => Array.from(v))).toEqual(fromTrainer.values.map((v) => Array.from(v)));
    expect(fromStore.values[0].some((v) => Number.isFinite(v))).toBe(true);
  });

  it('runs eight jobs submitted at once to completion, and one that fails among them ends failed alone with its error', async () => {
    const items = Array.from({ length: 8 }, (_, k) => request({ seed: 60 + k, algorithm: { kind: 'gbdt', rounds: 15 } }));
    // The sixth cannot train: its horizon leaves the train window no labelled rows.
    items[5] = request({ seed: 65, target: { kind: 'direction', horizon: 9000 } });
    const outcomes = await barwise.client.models.trainBatch({ items });
    expect(outcomes.every((o) => !o.existing)).toBe(true);
    const done = await Promise.all(outcomes.map((o) => finished(o.model.id)));
    expect(done.map((m) => m.status)).toEqual(['completed', 'completed', 'completed', 'completed', 'completed', 'failed', 'completed', 'completed']);
    expect(done[5]).toMatchObject({ error: { code: 'INVALID_CONFIG', message: expect.stringMatching(/the train window has 0 rows/) }, metrics: null });
    for (const [k, m] of done.entries()) {
      if (k === 5) continue;
      expect(m.error).toBeNull();
      expect(m.metrics?.accuracy).toBeGreaterThan(0);
      expect(rows('model_features', m.id)).toBe(7);
      expect(rows('model_blobs', m.id)).toBe(1);
    }
    // Every job ran on the pool: the workers overlapped (two threads here), so the batch ran in parallel.
    const jobs = await Promise.all(done.map((m) => barwise.client.jobs.get({ id: m.jobId! })));
    const spans = jobs.map((j) => [j.startedAt!, j.finishedAt!] as const);
    const overlapping = spans.some(([s1, e1], i) => spans.some(([s2, e2], j) => i !== j && s1 < e2 && s2 < e1));
    expect(overlapping).toBe(true);
  });
});

describe('lineage', () => {
  it('trains a child on exactly its parent’s top features, records the parent, and shows the tree', async () => {
    const parent = await finished((await barwise.client.models.train(request({ seed: 21 }))).model.id);
    const top3 = (await barwise.client.models.importance({ id: parent.id })).slice(0, 3).map((f) => f.feature);
    const child = await barwise.client.models.trainFromParent({ id: parent.id, topK: 3 });
    expect(child.model).toMatchObject({ origin: 'from-parent', featureCount: 3, parent: { id: parent.id, name: parent.name, fingerprint: parent.fingerprint } });
    const trained = await barwise.client.models.get({ id: (await finished(child.model.id)).id });
    expect(trained.status).toBe('completed');
    expect(trained.config.whitelist).toEqual(top3);
    expect(trained.config.features).toEqual((await barwise.client.models.get({ id: parent.id })).config.features);
    expect(trained.report!.featureNames).toEqual([...top3].sort());
    expect((await barwise.client.models.importance({ id: child.model.id })).map((f) => f.feature).sort()).toEqual([...top3].sort());

    const picked = await barwise.client.models.trainFromParent({ id: parent.id, features: ['hour.sin', 'hour.cos'] });
    expect((await barwise.client.models.get({ id: (await finished(picked.model.id)).id })).report!.featureNames).toEqual(['hour.cos', 'hour.sin']);
    const grandchild = await barwise.client.models.trainFromParent({ id: child.model.id, topK: 2 });
    await finished(grandchild.model.id);

    const lineage = await barwise.client.models.lineage({ id: grandchild.model.id });
    expect(lineage.deletedAncestor).toBeNull();
    expect(lineage.root.model.id).toBe(parent.id);
    expect(lineage.root.children.map((n) => n.model.id)).toEqual([child.model.id, picked.model.id]);
    expect(lineage.root.children[0].children.map((n) => n.model.id)).toEqual([grandchild.model.id]);

    await expect(barwise.client.models.trainFromParent({ id: parent.id, features: ['adx:14'] })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringMatching(/^features\.0: 'adx:14' is not a column .* trained on/),
    });
    await expect(barwise.client.models.trainFromParent({ id: parent.id, topK: 8 })).rejects.toMatchObject({ message: expect.stringMatching(/^topK: 8 is more than the 7 columns/) });
    await expect(barwise.client.models.trainFromParent({ id: parent.id })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });

    // Deleting the parent takes its importance rows and blob; the children keep its name and fingerprint.
    expect(await barwise.client.models.delete({ id: parent.id })).toEqual({ removed: true });
    expect(rows('model_features', parent.id) + rows('model_blobs', parent.id)).toBe(0);
    expect((await barwise.client.models.get({ id: child.model.id })).parent).toEqual({ id: null, name: parent.name, fingerprint: parent.fingerprint });
    const orphaned = await barwise.client.models.lineage({ id: grandchild.model.id });
    expect(orphaned.root.model.id).toBe(child.model.id);
    expect(orphaned.deletedAncestor).toEqual({ id: null, name: parent.name, fingerprint: parent.fingerprint });
    await expect(barwise.client.models.get({ id: parent.id })).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
    expect(await barwise.client.models.delete({ id: parent.id })).toEqual({ removed: false });
  });

  it('retrains on a newer window of a longer dataset, and refuses when there is nothing newer', async () => {
    const importCsv = async (bars: number) => {
      const path = join(root, `zigzag-${bars}.csv`);
      writeFileSync(path, hourlyCsv(bars));
      return (await barwise.client.datasets.importFile({ path, options: { symbol: 'ZIG', tz: 'UTC', onBadRows: 'auto' } })).dataset;
    };
    const older = await importCsv(2_000);
    const newer = await importCsv(2_500);
    const config = { features: [{ kind: 'ret' as const, params: { k: 3 } }, { kind: 'rsi' as const }], target: { kind: 'direction' as const, horizon: 4 }, algorithm: { kind: 'logit' as const } };
    const parent = await finished((await barwise.client.models.train({ datasetId: older.id, config })).model.id);
    expect(parent.status).toBe('completed');
    await expect(barwise.client.models.retrain({ id: parent.id })).rejects.toMatchObject({ code: 'INVALID_CONFIG', message: expect.stringMatching(/has no bars after/) });

    const retrained = await barwise.client.models.retrain({ id: parent.id, datasetId: newer.id });
    expect(retrained.model).toMatchObject({ origin: 'retrained', datasetId: newer.id, parent: { id: parent.id } });
    const model = await barwise.client.models.get({ id: (await finished(retrained.model.id)).id });
    expect(model.status).toBe('completed');
    // 2,000 bars' span, ending at the newer dataset's last bar: 500 hours later than the parent's.
    expect(model.config.split.windows).toEqual({ kind: 'fractions', train: 0.6, validation: 0.2, test: 0.2, from: newer.lastTime - (older.lastTime - older.firstTime), to: newer.lastTime });
    expect(model.report!.windows.test.to).toBeGreaterThan((await barwise.client.models.get({ id: parent.id })).report!.windows.test.to!);
  });
});

describe('batches and deletion', () => {
  it('trains four algorithms and horizons as parallel jobs, and queues none of a batch with a bad item', async () => {
    const items = [
      request({ algorithm: { kind: 'gbdt', rounds: 20 }, seed: 31 }),
      request({ algorithm: { kind: 'forest', trees: 10 }, seed: 31 }),
      request({ algorithm: { kind: 'logit' }, seed: 31 }),
      request({ target: { kind: 'return', horizon: 6 }, algorithm: { kind: 'gbdt', rounds: 20 }, seed: 31 }),
    ];
    const outcomes = await barwise.client.models.trainBatch({ items: [...items, items[0]] });
    expect(outcomes.map((o) => o.existing)).toEqual([false, false, false, false, true]);
    expect(outcomes[4].model.id).toBe(outcomes[0].model.id);
    const done = await Promise.all(outcomes.slice(0, 4).map((o) => finished(o.model.id)));
    expect(done.map((m) => [m.status, m.algorithm, m.target])).toEqual([
      ['completed', 'gbdt', 'direction:12'],
      ['completed', 'forest', 'direction:12'],
      ['completed', 'logit', 'direction:12'],
      ['completed', 'gbdt', 'return:6'],
    ]);
    expect(done[3].metrics).toMatchObject({ accuracy: null, r2: expect.any(Number), directionalAccuracy: expect.any(Number) });

    const before = (await barwise.client.models.list({})).total;
    await expect(barwise.client.models.trainBatch({ items: [request({ seed: 32 }), { ...request({ seed: 33 }), datasetId: '0190a0a0-0000-7000-8000-000000000000' }] })).rejects.toMatchObject({
      code: 'DATASET_NOT_FOUND',
      message: expect.stringMatching(/^items\.1: /),
    });
    expect((await barwise.client.models.list({})).total).toBe(before);
  });

  it('lists with filters, sorting and pages', async () => {
    const all = await barwise.client.models.list({ limit: 500 });
    expect(all.total).toBeGreaterThanOrEqual(10);
    const logits = await barwise.client.models.list({ algorithm: 'logit' });
    expect(logits.models.every((m) => m.algorithm === 'logit')).toBe(true);
    const byAccuracy = await barwise.client.models.list({ status: 'completed', sort: 'accuracy', order: 'desc', limit: 500 });
    const accuracies = byAccuracy.models.map((m) => m.metrics?.accuracy ?? null);
    const numbers = accuracies.filter((a): a is number => a !== null);
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    // Regression models have no accuracy: they come last either way.
    expect(accuracies.slice(numbers.length).every((a) => a === null)).toBe(true);
    const page1 = await barwise.client.models.list({ limit: 3, offset: 0 });
    const page2 = await barwise.client.models.list({ limit: 3, offset: 3 });
    expect(page1.models.map((m) => m.id)).toEqual(all.models.slice(0, 3).map((m) => m.id));
    expect(page2.models.map((m) => m.id)).toEqual(all.models.slice(3, 6).map((m) => m.id));
    expect((await barwise.client.models.list({ search: 'top 3 BY GAIN' })).models.every((m) => /top 3 by gain/.test(m.name))).toBe(true);
  });

  it('records a model whose training process is gone as failed when the next process starts', async () => {
    const dataDir = join(root, 'crashed');
    const first = createBarwise({ dataDir, threads: 1 });
    const datasetId = (await first.client.datasets.loadSample({})).dataset.id;
    const dataset = await first.client.datasets.get({ id: datasetId });
    // What a process killed mid-training leaves: its job running, its model training.
    const job = insertJob(first.db, 'train', {}, { owner: 'a-process-that-died' });
    first.db.prepare(`UPDATE jobs SET status = 'running' WHERE id = ?`).run(job.id);
    insertModel(first.db, {
      id: '0190a0a0-0000-7000-8000-0000000000aa',
      name: 'orphan',
      jobId: job.id,
      dataset: { id: datasetId, name: dataset.name, contentHash: dataset.contentHash, symbol: dataset.symbol },
      timeframe: '1h',
      config: modelConfigSchema.parse({ features: [{ kind: 'rsi' }] }),
      featureCount: 1,
      fingerprint: 'e'.repeat(64),
      trainerVersion: '1.0.0',
      origin: 'trained',
      parent: null,
    });
    first.db.prepare(`UPDATE models SET status = 'training' WHERE id = ?`).run('0190a0a0-0000-7000-8000-0000000000aa');
    await first.close();
    const next = createBarwise({ dataDir, threads: 1 });
    try {
      expect(await next.client.models.get({ id: '0190a0a0-0000-7000-8000-0000000000aa' })).toMatchObject({ status: 'failed', error: { code: 'INTERRUPTED' } });
    } finally {
      await next.close();
    }
  });

  it('deletes every model, cancelling the ones still training', async () => {
    const { model } = await barwise.client.models.train(request({ algorithm: { kind: 'gbdt', rounds: 10_000, learningRate: 0.001, earlyStopping: 0 }, seed: 41 }));
    while ((await barwise.client.models.get({ id: model.id })).status === 'queued') await new Promise((r) => setTimeout(r, 20));
    const { removed } = await barwise.client.models.deleteAll({});
    expect(removed).toBeGreaterThanOrEqual(10);
    expect(await barwise.client.jobs.get({ id: model.jobId! })).toMatchObject({ status: 'cancelled' });
    expect((await barwise.client.models.list({})).total).toBe(0);
    for (const table of ['model_features', 'model_blobs']) expect(barwise.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get()).toBe(0);
  });
});
