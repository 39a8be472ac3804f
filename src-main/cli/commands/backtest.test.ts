import { describe, expect, it } from 'vitest';
import { STAT_DEFINITIONS } from '../../../src-shared/backtest';
import { tempDir } from '../../test-support/temp-dir';
import { cli } from '../../test-support/cli';

describe('CLI: import, backtest, runs, jobs, export', () => {
  it('runs a backtest on the sample and prints every statistic plus the run id as JSON', async () => {
    const dir = tempDir();
    const imported = await cli(['import', '--sample', '--json', '--data-dir', dir]);
    expect(imported.code).toBe(0);
    const datasetId = JSON.parse(imported.stdout)[0].dataset.id as string;
    // The id as `barwise datasets` shows it (a prefix) is what a user types.
    const listed = (await cli(['datasets', '--data-dir', dir])).stdout.split('\n')[1].split(' ')[0];
    expect(listed.length).toBeLessThan(datasetId.length);
    expect(datasetId.startsWith(listed)).toBe(true);

    const run = await cli(['backtest', '--dataset', listed, '--strategy', 'sma-cross', '--param', 'fast=10', '--param', 'slow=30', '--json', '--data-dir', dir]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const stats = JSON.parse(run.stdout);
    expect(stats.id).toMatch(/^[0-9a-f-]{36}$/);
    for (const def of STAT_DEFINITIONS) expect(stats, def.key).toHaveProperty(def.key);
    expect(stats.numTrades).toBeGreaterThan(0);

    // Without --json: every statistic by its label, as the app shows it (dates, not epoch ms).
    const readable = await cli(['backtest', '--dataset', listed, '--strategy', 'sma-cross', '--data-dir', dir]);
    expect(readable.code).toBe(0);
    const lines = readable.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1 + STAT_DEFINITIONS.length);
    expect(lines[1]).toMatch(/^ {2}Start +2023-01-02$/);
    expect(readable.stdout).toMatch(/^ {2}Trades +\d+$/m);
    expect(readable.stdout).toMatch(/^ {2}Return +-?[\d,]+\.\d\d%$/m);
    expect(lines.slice(1).join('\n')).not.toMatch(/\d{10}/);

    const runs = JSON.parse((await cli(['runs', '--sort', 'sqn', '--json', '--data-dir', dir])).stdout);
    expect(runs.runs.map((r: { id: string }) => r.id).sort()).toEqual([stats.id, readable.stdout.split(' ')[1]].sort());
    // Without --json: the headline figures, the statistic sorted by, and the whole name last.
    const table = (await cli(['runs', '--sort', 'maxDrawdownPct', '--data-dir', dir])).stdout.trimEnd().split('\n');
    expect(table).toHaveLength(3);
    for (const line of table.slice(1)) {
      expect(line).toMatch(/^[0-9a-f-]{36} {2}return +-?[\d,.]+% {2}sharpe ratio +\S+ {2}trades +\d+ {2}sqn +\S+ {2}max\. drawdown +[\d.]+% {2}sma-cross \(fast=10 slow=30\) · \S+ 1h$/);
    }
    const ofDataset = JSON.parse((await cli(['runs', '--dataset', listed, '--json', '--data-dir', dir])).stdout);
    expect(ofDataset.runs).toHaveLength(2);

    const jobs = JSON.parse((await cli(['jobs', '--json', '--data-dir', dir])).stdout) as Array<{ kind: string; status: string }>;
    expect(jobs.map((j) => `${j.kind}:${j.status}`).sort()).toEqual(['backtest:completed', 'backtest:completed', 'import:completed']);

    const out = `${dir}/report.pdf`;
    const exported = await cli(['export', stats.id, '--format', 'pdf', '--out', out, '--json', '--data-dir', dir]);
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.stdout)).toMatchObject({ path: out, mimeType: 'application/pdf' });
  });

  it('refuses a bad backtest with one clear line', async () => {
    const dir = tempDir();
    const bad = await cli(['backtest', '--dataset', '01900000-0000-7000-8000-000000000000', '--strategy', 'sma-cross', '--direction', 'sideways', '--data-dir', dir]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('barwise: VALIDATION_FAILED: --direction must be long, short or both, got "sideways"\n');
    const missing = await cli(['backtest', '--dataset', '01900000-0000-7000-8000-000000000000', '--strategy', 'sma-cross', '--data-dir', dir]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^barwise: DATASET_NOT_FOUND: /);
    // A value the config refuses names the option as typed and says what it means, before any data is read.
    const refused = async (...args: string[]) => {
      const out = await cli(['backtest', '--dataset', 'none', '--strategy', 'sma-cross', ...args, '--data-dir', dir]);
      expect(out.code).toBe(1);
      return out.stderr;
    };
    expect(await refused('--commission', '2')).toMatch(/^barwise: VALIDATION_FAILED: --commission 2: must be below 1\. --commission: a fraction of traded value.*\n$/);
    expect(await refused('--cash=-5')).toMatch(/^barwise: VALIDATION_FAILED: --cash -5: must be above 0\. --cash: initial cash/);
    expect(await refused('--size', '0')).toMatch(/^barwise: VALIDATION_FAILED: --size 0: must be above 0\. /);
    expect(await refused('--size', '1.5')).toMatch(/^barwise: VALIDATION_FAILED: --size 1\.5: must be a whole number of units while units are whole/);
    expect(await refused('--from', '2023-06-01', '--to', '2023-05-01')).toBe(
      'barwise: VALIDATION_FAILED: from (2023-06-01) must not be after to (2023-05-01 23:59), in UTC\n',
    );
    const cancel = await cli(['job', 'cancel', '01900000-0000-7000-8000-000000000000', '--data-dir', dir]);
    expect(cancel.code).toBe(1);
    expect(cancel.stderr).toMatch(/^barwise: JOB_NOT_FOUND: /);
  });
});
