import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBarwise, type Barwise } from '../barwise';
import { tempDir } from '../test-support/temp-dir';

const open: Barwise[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((b) => b.close()));
});

async function withSample(threads = 2, dataDir = join(tempDir(), 'data')) {
  const barwise = createBarwise({ dataDir, threads });
  open.push(barwise);
  const outcome = await barwise.client.datasets.loadSample({});
  return { barwise, datasetId: outcome.dataset.id };
}

const smaCross = { strategy: { id: 'sma-cross', params: { fast: 10, slow: 30 } } };

describe('backtests through the API (real pool, real SQLite)', () => {
  it('runs on the sample data, stores the run, and its trades account for the equity exactly', async () => {
    const { barwise, datasetId } = await withSample();
    const { runId, jobId } = await barwise.client.backtests.runAndWait({ datasetId, config: smaCross });
    const run = await barwise.client.runs.get({ id: runId });
    expect(run.datasetId).toBe(datasetId);
    expect(run.provenance).toMatchObject({ strategyId: 'sma-cross', params: { fast: 10, slow: 30 } });
    expect(run.stats.numTrades).toBeGreaterThan(0);
    const trades = await barwise.client.runs.trades({ id: runId });
    const pnl = trades.reduce((sum, t) => sum + t.pnl, 0);
    expect(Math.abs(pnl - (run.stats.equityFinal - run.config.cash)) / run.config.cash).toBeLessThan(1e-9);
    const job = await barwise.client.jobs.get({ id: jobId });
    expect(job).toMatchObject({ status: 'completed', resultRef: runId });

    const series = await barwise.client.runs.series({ id: runId, maxPoints: 200 });
    expect(series.totalPoints).toBe(run.barCount);
    expect(series.time.length).toBeLessThanOrEqual(202);
    expect(series.equity.at(-1)).toBe(run.stats.equityFinal);
    // A window's `to` is inclusive and need not be a bar's time (the sample's bars are hourly).
    const first = series.time[0];
    const hour = 3_600_000;
    const window = await barwise.client.runs.series({ id: runId, maxPoints: 200, from: first, to: first + 2 * hour - 0.5 });
    expect(window.time).toStrictEqual([first, first + hour]);
  });

  it('reproduces a run bit for bit, on 1 thread as on 2', async () => {
    const dataDir = join(tempDir(), 'data');
    const first = await withSample(2, dataDir);
    const { runId } = await first.barwise.client.backtests.runAndWait({ datasetId: first.datasetId, config: smaCross });
    const outcome = await first.barwise.client.backtests.reproduce({ runId });
    expect(outcome.bitIdentical).toBe(true);
    expect(outcome.newRunId).not.toBe(runId);
    const original = await first.barwise.client.runs.get({ id: runId });
    await first.barwise.close();
    open.splice(0);

    const single = createBarwise({ dataDir, threads: 1 });
    open.push(single);
    const again = await single.client.backtests.reproduce({ runId });
    expect(again.bitIdentical).toBe(true);
    expect(again.newHash).toBe(original.resultHash);
  });

  it('refuses bad parameters before a job exists, naming them', async () => {
    const { barwise, datasetId } = await withSample();
    await expect(
      barwise.client.backtests.run({ datasetId, config: { strategy: { id: 'sma-cross', params: { fast: 50, slow: 20 } } } }),
    ).rejects.toMatchObject({ message: expect.stringMatching(/fast.*slow|slow.*fast/) });
    await expect(barwise.client.backtests.run({ datasetId, config: { strategy: { id: 'no-such' } } })).rejects.toMatchObject({
      code: 'STRATEGY_NOT_FOUND',
    });
    await expect(barwise.client.backtests.run({ datasetId, config: { ...smaCross, cash: -5 } })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('cash'),
    });
    expect((await barwise.client.jobs.list({})).filter((j) => j.kind === 'backtest')).toEqual([]);
  });

  it('keeps runs when their dataset is deleted, and says why they cannot be reproduced', async () => {
    const { barwise, datasetId } = await withSample();
    const { runId } = await barwise.client.backtests.runAndWait({ datasetId, config: smaCross });
    await barwise.client.datasets.remove({ id: datasetId });
    const run = await barwise.client.runs.get({ id: runId });
    expect(run.datasetId).toBeNull();
    expect(run.stats.numTrades).toBeGreaterThan(0);
    expect((await barwise.client.runs.trades({ id: runId })).length).toBe(run.tradeCount);
    await expect(barwise.client.backtests.reproduce({ runId })).rejects.toMatchObject({ code: 'DATASET_NOT_FOUND' });
  });

  it('deleting a run removes its series and trades, nothing dangles', async () => {
    const { barwise, datasetId } = await withSample();
    const { runId } = await barwise.client.backtests.runAndWait({ datasetId, config: smaCross });
    await expect(barwise.client.runs.remove({ id: runId })).resolves.toEqual({ removed: true });
    expect(barwise.db.prepare('SELECT count(*) AS n FROM run_data WHERE run_id = ?').get(runId)).toEqual({ n: 0 });
    await expect(barwise.client.runs.get({ id: runId })).rejects.toMatchObject({ code: 'RUN_NOT_FOUND' });
  });

  it('lists runs sorted by a statistic, filtered by tag', async () => {
    const { barwise, datasetId } = await withSample();
    const ids: string[] = [];
    for (const [fast, slow] of [
      [5, 20],
      [10, 30],
      [20, 60],
    ]) {
      ids.push((await barwise.client.backtests.runAndWait({ datasetId, config: { strategy: { id: 'sma-cross', params: { fast, slow } } } })).runId);
    }
    const bySqn = await barwise.client.runs.list({ sort: 'sqn', order: 'desc' });
    expect(bySqn.total).toBe(3);
    const sqns = bySqn.runs.map((r) => r.stats.sqn ?? -Infinity);
    expect([...sqns].sort((a, b) => b - a)).toEqual(sqns);
    await barwise.client.runs.update({ id: ids[1], tags: ['keep', 'keep', ' best '], notes: 'n' });
    const tagged = await barwise.client.runs.list({ tag: 'best' });
    expect(tagged.runs.map((r) => r.id)).toEqual([ids[1]]);
    expect(tagged.runs[0].tags).toEqual(['keep', 'best']);
  });
});
