import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { WalkForwardSummary } from '../../src-shared/api/optimizations';
import { createBarwise, type Barwise } from '../barwise';
import { tempDir } from '../test-support/temp-dir';

const open: Barwise[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((b) => b.close()));
});

const HOUR = 3_600_000;

// Sweeps on a real pool: slow on a loaded machine, hence the long timeout.
describe('walk-forward and Monte Carlo through the API (real pool, real SQLite)', { timeout: 180_000 }, () => {
  it('optimizes on each in-sample window only, runs its best on the next out-of-sample window, and stitches them', async () => {
    const barwise = createBarwise({ dataDir: join(tempDir(), 'data'), threads: 2 });
    open.push(barwise);
    const { dataset } = await barwise.client.datasets.loadSample({});
    const config = { strategy: { id: 'sma-cross', params: {} } };
    const { optimization, job } = await barwise.client.optimizations.create({
      kind: 'walk-forward',
      datasetId: dataset.id,
      config,
      search: { space: { fast: { kind: 'range', min: 5, max: 20, step: 5 }, slow: { kind: 'values', values: [30, 60] } }, method: { method: 'grid' } },
      walkForward: { inSample: { count: 3, unit: 'months' }, outOfSample: { count: 2, unit: 'months' } },
    });
    expect((await barwise.jobs.wait(job.id)).status).toBe('completed');
    const done = await barwise.client.optimizations.get({ id: optimization.id });
    const summary = done.summary as WalkForwardSummary;
    const windows = summary.windows;
    // The sample is 2023 in hourly bars: OOS windows from April, two months each, the last cut at the data's end.
    expect(windows.map((w) => new Date(w.oosFrom).toISOString().slice(0, 10))).toEqual(['2023-04-02', '2023-06-02', '2023-08-02', '2023-10-02', '2023-12-02']);
    expect(done.variantsDone).toBe(8 * windows.length);
    for (const [k, w] of windows.entries()) {
      // No out-of-sample bar in its own window's search, and the OOS windows tile without gap or overlap.
      expect(w.isTo).toBeLessThan(w.oosFrom);
      expect(w.oosFrom - w.isTo).toBe(HOUR);
      if (k > 0) expect(w.oosFrom - windows[k - 1].oosTo).toBe(HOUR);
    }
    expect(windows.at(-1)!.oosTo).toBe(dataset.lastTime);

    // Window 2's search saw only its IS bars, and its OOS figures are a backtest of its best on the OOS bars alone.
    const w = windows[2];
    const best = (await barwise.client.optimizations.results({ id: done.id, window: 2, limit: 1 })).rows[0];
    expect(best.params).toEqual(w.bestParams);
    const isRun = await barwise.client.runs.get({
      id: (await barwise.client.backtests.runAndWait({ datasetId: dataset.id, config: { strategy: { id: 'sma-cross', params: best.params }, from: w.isFrom, to: w.isTo } })).runId,
    });
    expect(best.stats.sharpe).toBe(isRun.stats.sharpe);
    expect(best.stats.returnPct).toBe(isRun.stats.returnPct);
    const oosRun = await barwise.client.runs.get({
      id: (await barwise.client.backtests.runAndWait({ datasetId: dataset.id, config: { strategy: { id: 'sma-cross', params: best.params }, from: w.oosFrom, to: w.oosTo } })).runId,
    });
    expect(w.oosReturnPct).toBe(oosRun.stats.returnPct);
    expect(w.oosObjective).toBe(oosRun.stats.sharpe);

    // The stitched curve compounds the windows' returns; its trades are theirs; WFE is OOS ÷ mean IS annualized return.
    const growth = windows.reduce((g, x) => g * (1 + (x.oosReturnPct ?? 0) / 100), 1);
    expect(summary.stitched.stats.equityFinal / 10_000).toBeCloseTo(growth, 10);
    expect(summary.stitched.trades).toBe(windows.reduce((n, x) => n + x.oosTrades, 0));
    expect(summary.stitched.stats.numTrades).toBe(summary.stitched.trades);
    expect(summary.stitched.stats.startTime).toBe(windows[0].oosFrom);
    const meanIs = windows.reduce((sum, x) => sum + x.isAnnualizedReturnPct!, 0) / windows.length;
    expect(summary.efficiency).toBeCloseTo(summary.stitched.stats.annualizedReturnPct! / meanIs, 12);
  });

  it("reshuffles a run's trades (every path ends at the same compounded equity), seeded, and resamples its prices", async () => {
    const barwise = createBarwise({ dataDir: join(tempDir(), 'data'), threads: 2 });
    open.push(barwise);
    const { dataset } = await barwise.client.datasets.loadSample({});
    const { runId } = await barwise.client.backtests.runAndWait({ datasetId: dataset.id, config: { strategy: { id: 'sma-cross', params: {} } } });
    const run = await barwise.client.runs.get({ id: runId });
    const study = async (monteCarlo: object) => {
      const { optimization, job } = await barwise.client.optimizations.create({ kind: 'monte-carlo', runId, monteCarlo });
      expect((await barwise.jobs.wait(job.id)).error).toBeNull();
      const done = await barwise.client.optimizations.get({ id: optimization.id });
      if (done.summary?.kind !== 'monte-carlo') throw new Error('not a Monte Carlo summary');
      return { done, result: done.summary.result };
    };
    const { done, result } = await study({ method: 'reshuffle', runs: 500, seed: 4 });
    expect(done).toMatchObject({ kind: 'monte-carlo', runId, strategyId: 'sma-cross', status: 'completed' });
    expect(result.runs).toBe(500);
    // Compounding the same returns in any order ends at the same equity: cash × Π(1 + return).
    const trades = await barwise.client.runs.trades({ id: runId });
    const compounded = trades.reduce((e, t) => e * (1 + t.returnPct / 100), run.config.cash);
    for (const p of result.finalEquity.percentiles) expect(p / compounded).toBeCloseTo(1, 9);
    expect(result.maxDrawdownPct.percentiles[0]).toBeLessThanOrEqual(result.maxDrawdownPct.percentiles[6]);
    expect((await study({ method: 'reshuffle', runs: 500, seed: 4 })).result).toEqual(result);

    const blocks = await study({ method: 'blocks', runs: 12, seed: 2 });
    expect(blocks.result.method).toBe('blocks');
    expect(blocks.result.finalEquity.original).toBe(run.stats.equityFinal);
    expect(blocks.result.fan.bands).toHaveLength(7);

    await expect(barwise.client.optimizations.create({ kind: 'monte-carlo', runId: dataset.id, monteCarlo: {} })).rejects.toMatchObject({ code: 'RUN_NOT_FOUND' });
  });
});
