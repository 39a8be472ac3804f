import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BacktestConfigInput, Trade } from '../../src-shared/backtest';
import { createBarwise, type Barwise } from '../barwise';
import { loadRunData } from '../runs/repository';
import { sourceHash } from '../strategies/compile';
import { FOREVER, MY_SMA_CROSS, SYNTAX_ERROR, THROWS } from '../strategies/test-files';
import { tempDir } from '../test-support/temp-dir';

/**
 * Backtests of user strategies through the API, as the backtest form runs them: the issue's
 * example saved in the data dir runs unchanged and gives the built-in sma-cross's results bit for
 * bit; the run keeps the source it ran, so it is shown and reproduced after the file changed or
 * went. Real files, real workers (the sandbox), real SQLite.
 */

const open: Barwise[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((b) => b.close()));
});

async function withSample(): Promise<{ barwise: Barwise; datasetId: string }> {
  const barwise = createBarwise({ dataDir: join(tempDir(), 'data'), threads: 2 });
  open.push(barwise);
  const outcome = await barwise.client.datasets.loadSample({});
  barwise.strategies.folder.ensure();
  return { barwise, datasetId: outcome.dataset.id };
}

const save = (barwise: Barwise, id: string, text: string) => writeFileSync(join(barwise.strategies.folder.dir, `${id}.ts`), text);

/** Settings beyond the defaults, so costs, sizing and direction are part of the comparison. */
const settings = (id: string, params: Record<string, number>): BacktestConfigInput => ({
  strategy: { id, params },
  cash: 25_000,
  commission: { fraction: 0.001, fixed: 0 },
  sizing: { kind: 'equity-fraction', fraction: 0.5 },
});

/** The user's orders have no tag, so its trades are the built-in's. */
function untagged(trades: readonly Trade[]): Trade[] {
  expect(trades.filter((t) => t.tag !== undefined)).toEqual([]);
  return trades.map(({ tag: _tag, ...rest }) => rest);
}

async function backtestJobs(barwise: Barwise): Promise<number> {
  return (await barwise.client.jobs.list({})).filter((j) => j.kind === 'backtest').length;
}

describe('backtests of user strategies (real files, workers and SQLite)', () => {
  it('runs the issue example saved as strategies/my-sma-cross.ts bit for bit as the built-in sma-cross', async () => {
    const { barwise, datasetId } = await withSample();
    save(barwise, 'my-sma-cross', MY_SMA_CROSS);
    for (const params of [{ fast: 10, slow: 30 }, { fast: 7, slow: 50 }]) {
      const builtin = await barwise.client.backtests.runAndWait({ datasetId, config: settings('sma-cross', params) });
      const mine = await barwise.client.backtests.runAndWait({ datasetId, config: settings('my-sma-cross', params) });
      const [a, b] = await Promise.all([barwise.client.runs.get({ id: builtin.runId }), barwise.client.runs.get({ id: mine.runId })]);
      expect(a.stats.numTrades).toBeGreaterThan(10);
      expect(b.stats).toEqual(a.stats);
      expect(b.resultHash).toBe(a.resultHash);
      expect(untagged(await barwise.client.runs.trades({ id: mine.runId }))).toEqual(await barwise.client.runs.trades({ id: builtin.runId }));
      expect(loadRunData(barwise.db, mine.runId)).toEqual(loadRunData(barwise.db, builtin.runId));
      expect(b.strategyId).toBe('my-sma-cross');
      expect(b.provenance).toMatchObject({ strategyId: 'my-sma-cross', params, sourceHash: sourceHash(MY_SMA_CROSS) });
      expect(a.provenance.sourceHash).toBeUndefined();
    }
  });

  it('keeps the source a run ran: shown and reproduced after the file changed, and after it was deleted', async () => {
    const { barwise, datasetId } = await withSample();
    save(barwise, 'my-sma-cross', MY_SMA_CROSS);
    const { runId } = await barwise.client.backtests.runAndWait({ datasetId, config: settings('my-sma-cross', { fast: 10, slow: 30 }) });
    const recorded = sourceHash(MY_SMA_CROSS);
    expect(await barwise.client.runs.source({ id: runId })).toMatchObject({
      strategyId: 'my-sma-cross',
      fileName: 'strategies/my-sma-cross.ts',
      text: MY_SMA_CROSS,
      recordedHash: recorded,
      currentHash: recorded,
      changed: false,
    });
    const same = await barwise.client.backtests.reproduce({ runId });
    expect(same).toMatchObject({ bitIdentical: true, source: { recordedHash: recorded, currentHash: recorded, changed: false } });

    // The file now trades the other way round: Reproduce says so, and reruns the code the run recorded.
    const edited = MY_SMA_CROSS.replace('{ position.close(); buy(); }', '{ position.close(); sell(); }').replace(
      '{ position.close(); sell(); }\n  },',
      '{ position.close(); buy(); }\n  },',
    );
    expect(edited).not.toBe(MY_SMA_CROSS);
    save(barwise, 'my-sma-cross', edited);
    const changed = await barwise.client.backtests.reproduce({ runId });
    expect(changed).toMatchObject({ bitIdentical: true, source: { recordedHash: recorded, currentHash: sourceHash(edited), changed: true } });
    const rerun = await barwise.client.runs.get({ id: changed.newRunId });
    expect(rerun.provenance.sourceHash).toBe(recorded);
    // A new run of the edited file is a different run.
    const fresh = await barwise.client.backtests.runAndWait({ datasetId, config: settings('my-sma-cross', { fast: 10, slow: 30 }) });
    const freshRun = await barwise.client.runs.get({ id: fresh.runId });
    expect(freshRun.provenance.sourceHash).toBe(sourceHash(edited));
    expect(freshRun.resultHash).not.toBe(rerun.resultHash);

    await barwise.client.strategies.delete({ id: 'my-sma-cross' });
    expect((await barwise.client.runs.get({ id: runId })).stats.numTrades).toBeGreaterThan(0);
    expect(await barwise.client.runs.source({ id: runId })).toMatchObject({ text: MY_SMA_CROSS, currentHash: null, changed: true });
    const gone = await barwise.client.backtests.reproduce({ runId });
    expect(gone).toMatchObject({ bitIdentical: true, source: { currentHash: null, changed: true } });
    // A run exported and imported elsewhere brings its source along.
    const exported = await barwise.client.runs.export({ id: runId, format: 'json' });
    const imported = await barwise.client.runs.importJson({ json: new TextDecoder().decode(exported.bytes) });
    expect((await barwise.client.runs.source({ id: imported.id }))?.text).toBe(MY_SMA_CROSS);
  });

  it('refuses an undeclared or out-of-range parameter, a syntax error and an unknown id before a job exists', async () => {
    const { barwise, datasetId } = await withSample();
    save(barwise, 'my-sma-cross', MY_SMA_CROSS);
    save(barwise, 'broken', SYNTAX_ERROR);
    const run = (id: string, params: Record<string, number> = {}) => barwise.client.backtests.run({ datasetId, config: { strategy: { id, params } } });
    await expect(run('my-sma-cross', { fast: 10, nope: 3 })).rejects.toMatchObject({ code: 'INVALID_CONFIG', message: expect.stringMatching(/'nope'/) });
    await expect(run('my-sma-cross', { fast: 1 })).rejects.toMatchObject({ code: 'INVALID_CONFIG', message: expect.stringMatching(/fast/) });
    await expect(run('broken')).rejects.toMatchObject({ code: 'STRATEGY_COMPILE_FAILED', message: expect.stringMatching(/^strategies\/broken\.ts:5:16: /) });
    await expect(run('no-such-strategy')).rejects.toMatchObject({ code: 'STRATEGY_NOT_FOUND', message: expect.stringMatching(/my-sma-cross/) });
    expect(await backtestJobs(barwise)).toBe(0);
  });

  it('runs strategy text that is not saved, as the CLI does with a path, and lists nothing for it', async () => {
    const { barwise, datasetId } = await withSample();
    const builtin = await barwise.client.backtests.runAndWait({ datasetId, config: settings('sma-cross', { fast: 10, slow: 30 }) });
    const given = await barwise.client.backtests.runAndWait({
      datasetId,
      config: settings('elsewhere', { fast: 10, slow: 30 }),
      source: { fileName: '/tmp/elsewhere.ts', text: MY_SMA_CROSS },
    });
    const [a, b] = await Promise.all([barwise.client.runs.get({ id: builtin.runId }), barwise.client.runs.get({ id: given.runId })]);
    expect(b.resultHash).toBe(a.resultHash);
    expect((await barwise.client.runs.source({ id: given.runId }))?.fileName).toBe('/tmp/elsewhere.ts');
    expect((await barwise.client.strategies.list({})).map((e) => e.id)).not.toContain('elsewhere');
    await expect(
      barwise.client.backtests.run({ datasetId, config: { strategy: { id: 'sma-cross' } }, source: { fileName: 'sma-cross.ts', text: MY_SMA_CROSS } }),
    ).rejects.toMatchObject({ code: 'STRATEGY_EXISTS' });
  });

  it('fails the job of a strategy that throws, naming its file and line', async () => {
    const { barwise, datasetId } = await withSample();
    save(barwise, 'throws', THROWS);
    await expect(barwise.client.backtests.runAndWait({ datasetId, config: { strategy: { id: 'throws' } } })).rejects.toMatchObject({
      code: 'STRATEGY_ERROR',
      message: expect.stringMatching(/^strategies\/throws\.ts:6\b.*boom/),
    });
    expect((await barwise.client.runs.list({})).total).toBe(0);
  });

  it('stops a run that never ends at the time limit for strategy code', async () => {
    const { barwise, datasetId } = await withSample();
    await barwise.client.settings.update({ strategyTimeLimitSeconds: 1 });
    save(barwise, 'forever', FOREVER);
    await expect(barwise.client.backtests.runAndWait({ datasetId, config: { strategy: { id: 'forever' } } })).rejects.toMatchObject({
      code: 'TASK_TIMEOUT',
      message: expect.stringMatching(/time limit/),
    });
  });

  it('runs what was saved when the run was asked for, even if the file is deleted while it waits', async () => {
    const { barwise, datasetId } = await withSample();
    save(barwise, 'my-sma-cross', MY_SMA_CROSS);
    const job = await barwise.client.backtests.run({ datasetId, config: { strategy: { id: 'my-sma-cross' } } });
    rmSync(join(barwise.strategies.folder.dir, 'my-sma-cross.ts'));
    const finished = await barwise.jobs.wait(job.id);
    expect(finished.status).toBe('completed');
    expect((await barwise.client.runs.source({ id: finished.resultRef! }))?.text).toBe(MY_SMA_CROSS);
  });
});
