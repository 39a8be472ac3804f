import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CreateOptimizationInput, VariantRow } from '../../src-shared/api/optimizations';
import type { BarwiseEvent } from '../../src-shared/events';
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

type SearchInput = Extract<CreateOptimizationInput, { kind: 'search' }>;

const grid = (datasetId: string, extra: Partial<SearchInput['search']> = {}): SearchInput => ({
  kind: 'search',
  datasetId,
  config: { strategy: { id: 'sma-cross', params: {} } },
  search: {
    space: { fast: { kind: 'range', min: 5, max: 30, step: 5 }, slow: { kind: 'range', min: 20, max: 60, step: 10 } },
    method: { method: 'grid' },
    ...extra,
  },
});

async function runToEnd(barwise: Barwise, request: CreateOptimizationInput) {
  const { optimization, job } = await barwise.client.optimizations.create(request);
  const finished = await barwise.jobs.wait(job.id);
  expect(finished.error).toBeNull();
  expect(finished.status).toBe('completed');
  return barwise.client.optimizations.get({ id: optimization.id });
}

async function allRows(barwise: Barwise, id: string): Promise<VariantRow[]> {
  const page = await barwise.client.optimizations.results({ id, sort: 'index', order: 'asc', limit: 5000 });
  return [...page.rows];
}

// Sweeps on a real pool: slow on a loaded machine, hence the long timeout.
describe('optimizations through the API (real pool, real SQLite)', { timeout: 180_000 }, () => {
  it('runs a grid on the pool, stores every variant, and each equals a single backtest of its parameters', async () => {
    const { barwise, datasetId } = await withSample();
    const events: BarwiseEvent[] = [];
    barwise.events.subscribe((e) => events.push(e));
    const done = await runToEnd(barwise, grid(datasetId));
    // fast ∈ 5…30 × slow ∈ 20…60 less the pairs sma-cross's rule (fast < slow) removes.
    const expected = [5, 10, 15, 20, 25, 30].flatMap((fast) => [20, 30, 40, 50, 60].filter((slow) => fast < slow).map((slow) => ({ fast, slow })));
    expect(done.variantsTotal).toBe(expected.length);
    expect(done.variantsDone).toBe(expected.length);
    const rows = await allRows(barwise, done.id);
    expect(rows.map((r) => ({ fast: r.params.fast, slow: r.params.slow }))).toEqual(expected);
    expect(events.some((e) => e.topic === 'optimization' && e.id === done.id && e.status === 'completed' && e.variantsDone === expected.length)).toBe(true);

    // The best is the highest Sharpe, the lowest index among equals; the API's best-params agree.
    const best = rows.filter((r) => r.objective !== null).reduce((a, b) => (b.objective! > a.objective! ? b : a));
    expect(done.best).toMatchObject({ index: best.index, params: best.params, objective: best.objective });
    expect(await barwise.client.optimizations.bestParams({ id: done.id })).toEqual({ index: best.index, params: best.params, objective: best.objective });

    // Three variants (the best among them) against full backtests of the same parameters.
    for (const row of [best, rows[0], rows.at(-1)!]) {
      const { runId } = await barwise.client.backtests.runAndWait({ datasetId, config: { strategy: { id: 'sma-cross', params: row.params } } });
      const run = await barwise.client.runs.get({ id: runId });
      for (const [key, value] of Object.entries(row.stats)) expect([key, value]).toEqual([key, run.stats[key as keyof typeof run.stats]]);
      expect(row.objective).toBe(run.stats.sharpe);
    }

    // The summary: stability and the diagnostics in plain words.
    expect(done.summary?.kind).toBe('search');
    if (done.summary?.kind !== 'search') return;
    expect(done.summary.stability?.neighbours).toBeGreaterThan(0);
    expect(done.summary.diagnostics?.trials).toBe(expected.length);
    expect(done.summary.diagnostics?.pbo).toBeGreaterThanOrEqual(0);
    expect(done.summary.diagnostics?.sentence).toMatch(new RegExp(`^With ${expected.length} variants tried, a Sharpe of ${best.stats.sharpe!.toFixed(2)} has a \\d+% chance of being luck`));
  });

  it('pages, sorts and filters the variants, draws the heatmap, exports CSV, and opens a row as a stored backtest', async () => {
    const { barwise, datasetId } = await withSample();
    const done = await runToEnd(barwise, grid(datasetId));
    const all = await allRows(barwise, done.id);

    const page = await barwise.client.optimizations.results({ id: done.id, sort: 'returnPct', order: 'asc', offset: 2, limit: 3 });
    const byReturn = [...all].sort((a, b) => a.stats.returnPct! - b.stats.returnPct! || a.index - b.index);
    expect(page.total).toBe(all.length);
    expect(page.rows.map((r) => r.index)).toEqual(byReturn.slice(2, 5).map((r) => r.index));

    const filtered = await barwise.client.optimizations.results({ id: done.id, filters: [{ field: 'param:fast', min: 10, max: 20 }, { field: 'numTrades', min: 1 }] });
    const expected = all.filter((r) => (r.params.fast as number) >= 10 && (r.params.fast as number) <= 20 && r.stats.numTrades! >= 1);
    expect(filtered.total).toBe(expected.length);
    expect(new Set(filtered.rows.map((r) => r.index))).toEqual(new Set(expected.map((r) => r.index)));

    const map = await barwise.client.optimizations.heatmap({ id: done.id, x: 'fast', y: 'slow' });
    expect(map.xValues).toEqual([5, 10, 15, 20, 25, 30]);
    expect(map.yValues).toEqual([20, 30, 40, 50, 60]);
    const cell = all.find((r) => r.params.fast === 10 && r.params.slow === 40)!;
    expect(map.cells[2][1]).toBe(cell.objective);
    // fast 30, slow 20 breaks fast < slow: never run.
    expect(map.cells[0][5]).toBeNull();

    const csv = new TextDecoder().decode((await barwise.client.optimizations.exportCsv({ id: done.id })).bytes);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0].split(',').slice(0, 4)).toEqual(['index', 'fast', 'slow', 'objective']);
    expect(lines).toHaveLength(all.length + 1);
    expect(lines[1].split(',').slice(0, 4)).toEqual([String(all[0].index), String(all[0].params.fast), String(all[0].params.slow), String(all[0].objective)]);

    const job = await barwise.client.optimizations.openAsBacktest({ id: done.id, index: done.best!.index });
    const finished = await barwise.jobs.wait(job.id);
    const run = await barwise.client.runs.get({ id: finished.resultRef! });
    expect(run.provenance.params).toEqual(done.best!.params);
    expect(run.stats.sharpe).toBe(done.best!.objective);
    expect(run.name).toContain('variant');

    const renamed = await barwise.client.optimizations.update({ id: done.id, name: 'SMA sweep', notes: 'first try' });
    expect(renamed).toMatchObject({ name: 'SMA sweep', notes: 'first try' });
    expect((await barwise.client.optimizations.list({ strategyId: 'sma-cross' })).map((o) => o.id)).toEqual([done.id]);
    expect(await barwise.client.optimizations.list({ status: 'running' })).toEqual([]);
    expect(await barwise.client.optimizations.delete({ id: done.id })).toEqual({ deleted: true });
    expect(barwise.db.prepare('SELECT count(*) FROM optimization_variants').pluck().get()).toBe(0);
    await expect(barwise.client.optimizations.get({ id: done.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('gives the same random and Bayesian search for the same seed, on 1 thread as on 2', async () => {
    const dataDir = join(tempDir(), 'data');
    const two = await withSample(2, dataDir);
    const space = { fast: { kind: 'range', min: 2, max: 40, step: 1 }, slow: { kind: 'range', min: 10, max: 120, step: 5 } } as const;
    const random = (seed: number) => grid(two.datasetId, { space, method: { method: 'random', samples: 30, seed } });
    const bayes = grid(two.datasetId, { space, method: { method: 'bayesian', samples: 28, seed: 3, batchSize: 4, initialSamples: 12 } });
    const a = await allRows(two.barwise, (await runToEnd(two.barwise, random(7))).id);
    const b = await allRows(two.barwise, (await runToEnd(two.barwise, random(8))).id);
    const bayesTwo = await allRows(two.barwise, (await runToEnd(two.barwise, bayes)).id);
    expect(a).toHaveLength(30);
    expect(bayesTwo).toHaveLength(28);
    expect(a.map((r) => r.params)).not.toEqual(b.map((r) => r.params));
    await two.barwise.close();
    open.splice(0);

    const one = createBarwise({ dataDir, threads: 1 });
    open.push(one);
    expect(await allRows(one, (await runToEnd(one, random(7))).id)).toEqual(a);
    expect(await allRows(one, (await runToEnd(one, bayes)).id)).toEqual(bayesTwo);
  });

  it('cancels a sweep, keeps what it stored, and resumes to the same table as an uninterrupted run', async () => {
    const { barwise, datasetId } = await withSample(2);
    const request = grid(datasetId, { space: { fast: { kind: 'range', min: 2, max: 40, step: 1 }, slow: { kind: 'range', min: 10, max: 200, step: 10 } } });
    const reference = await allRows(barwise, (await runToEnd(barwise, request)).id);

    const { optimization, job } = await barwise.client.optimizations.create(request);
    await new Promise<void>((resolve) => {
      const stop = barwise.events.subscribe((e) => {
        if (e.topic === 'optimization' && e.id === optimization.id && e.variantsDone > 0) {
          stop();
          resolve();
        }
      });
    });
    const cancelled = await barwise.client.optimizations.cancel({ id: optimization.id });
    expect(cancelled.status).toBe('cancelled');
    expect((await barwise.jobs.wait(job.id)).status).toBe('cancelled');
    const kept = cancelled.variantsDone;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(reference.length);
    expect(barwise.db.prepare('SELECT count(*) FROM optimization_variants WHERE optimization_id = ?').pluck().get(optimization.id)).toBe(kept);

    const resumed = await barwise.client.optimizations.resume({ id: optimization.id });
    expect((await barwise.jobs.wait(resumed.job.id)).status).toBe('completed');
    const finished = await barwise.client.optimizations.get({ id: optimization.id });
    expect(finished).toMatchObject({ status: 'completed', variantsDone: reference.length, error: null });
    expect(await allRows(barwise, optimization.id)).toEqual(reference);
    await expect(barwise.client.optimizations.resume({ id: optimization.id })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
  });

  it('refuses a search that cannot run before storing anything, naming what is wrong', async () => {
    const { barwise, datasetId } = await withSample(1);
    const bad = (search: object) => barwise.client.optimizations.create({ ...grid(datasetId), search: { ...grid(datasetId).search, ...search } } as CreateOptimizationInput);
    await expect(bad({ space: { fats: { kind: 'range', min: 1, max: 5, step: 1 } } })).rejects.toMatchObject({ code: 'INVALID_CONFIG', message: expect.stringContaining('"fats"') });
    await expect(bad({ space: { fast: { kind: 'range', min: 1.5, max: 5, step: 1 } } })).rejects.toMatchObject({ code: 'INVALID_CONFIG', message: expect.stringContaining('whole number') });
    const macd = { ...grid(datasetId), config: { strategy: { id: 'macd', params: {} } } } as const;
    const whole = (min: number, max: number) => ({ kind: 'range', min, max, step: 1 }) as const;
    await expect(
      barwise.client.optimizations.create({ ...macd, search: { space: { fast: whole(2, 200), slow: whole(3, 500), signal: whole(2, 200) }, method: { method: 'grid' } } }),
    ).rejects.toMatchObject({ code: 'SEARCH_SPACE_TOO_LARGE', message: expect.stringContaining('19,721,298 combinations') });
    await expect(bad({ space: { fast: { kind: 'range', min: 50, max: 60, step: 1 } }, constraints: [{ left: 'fast', op: '>', right: 'slow' }] })).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
    await expect(barwise.client.optimizations.create({ ...grid(datasetId), datasetId: '01a2529d-ab94-757d-89aa-7a72ce26833e' })).rejects.toMatchObject({ code: 'DATASET_NOT_FOUND' });
    await expect(barwise.client.optimizations.create({ kind: 'search' } as CreateOptimizationInput)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(barwise.db.prepare('SELECT count(*) FROM optimizations').pluck().get()).toBe(0);
    expect((await barwise.client.jobs.list({})).filter((j) => j.kind === 'optimization')).toEqual([]);
  });

  it("gives a multi-timeframe strategy the higher bars each variant's parameters ask for", async () => {
    const { barwise, datasetId } = await withSample(2);
    const done = await runToEnd(barwise, {
      kind: 'search',
      datasetId,
      config: { strategy: { id: 'mtf-ema-trend', params: {} } },
      search: { space: { trendTimeframe: { kind: 'values', values: ['4h', '1d'] }, fast: { kind: 'values', values: [5, 9] } }, method: { method: 'grid' } },
    });
    const rows = await allRows(barwise, done.id);
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(row.error).toBeNull();
    const daily = rows.find((r) => r.params.trendTimeframe === '1d')!;
    const { runId } = await barwise.client.backtests.runAndWait({ datasetId, config: { strategy: { id: 'mtf-ema-trend', params: daily.params } } });
    expect(daily.stats.returnPct).toBe((await barwise.client.runs.get({ id: runId })).stats.returnPct);
  });
});
