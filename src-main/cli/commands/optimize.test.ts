import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../paths';
import { cli } from '../../test-support/cli';
import { tempDir } from '../../test-support/temp-dir';

const REPO = join(import.meta.dirname, '..', '..', '..');

async function withSample(): Promise<{ dir: string; dataset: string }> {
  const dir = tempDir();
  const imported = await cli(['import', '--sample', '--json', '--data-dir', dir]);
  expect(imported.code).toBe(0);
  return { dir, dataset: (JSON.parse(imported.stdout) as Array<{ dataset: { id: string } }>)[0].dataset.id.slice(0, 8) };
}

// Sweeps on a real pool: slow on a loaded machine, hence the long timeout.
describe('CLI: optimize, walkforward, montecarlo, optimizations', { timeout: 180_000 }, () => {
  it('runs a grid and prints the best, its luck in words and the top variants; --json has the same', async () => {
    const { dir, dataset } = await withSample();
    const args = ['optimize', '--dataset', dataset, '--strategy', 'sma-cross', '--grid', 'fast=5:20:5', '--grid', 'slow=30,60', '--data-dir', dir];
    const json = await cli([...args, '--json']);
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const done = JSON.parse(json.stdout) as { id: string; status: string; variantsDone: number; best: { params: object; objective: number }; top: Array<{ params: object; objective: number }> };
    expect(done).toMatchObject({ status: 'completed', variantsDone: 8 });
    expect(done.top[0]).toMatchObject({ params: done.best.params, objective: done.best.objective });
    expect(done.top).toHaveLength(8);

    const human = await cli(args);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^optimization [0-9a-f-]{36} {2}sma-cross grid on Synthetic/m);
    expect(human.stdout).toMatch(/^best: fast=\d+ slow=\d+ {2}objective -?[\d.]+$/m);
    expect(human.stdout).toMatch(/^With 8 variants tried, a Sharpe of -?\d+\.\d\d has a \d+% chance of being luck/m);
    expect(human.stdout).toMatch(/^ {2}#\d+ +-?[\d.]+ {2}fast=\d+ slow=\d+ {2}trades \d+$/m);

    const listed = JSON.parse((await cli(['optimizations', '--json', '--data-dir', dir])).stdout) as Array<{ kind: string; status: string }>;
    expect(listed.map((o) => `${o.kind}:${o.status}`)).toEqual(['grid:completed', 'grid:completed']);
  });

  it('draws the same random variants for the same seed, and walks forward', async () => {
    const { dir, dataset } = await withSample();
    const random = (seed: string) =>
      cli(['optimize', '--dataset', dataset, '--strategy', 'sma-cross', '--grid', 'fast=2:40:1', '--grid', 'slow=10:200:5', '--random', '6', '--seed', seed, '--json', '--data-dir', dir]);
    const params = async (seed: string) => (JSON.parse((await random(seed)).stdout) as { top: Array<{ index: number; params: object }> }).top.sort((a, b) => a.index - b.index).map((v) => v.params);
    const a = await params('3');
    expect(a).toHaveLength(6);
    expect(await params('3')).toEqual(a);

    const wf = await cli(['walkforward', '--dataset', dataset, '--strategy', 'sma-cross', '--grid', 'fast=5:15:5', '--grid', 'slow=40', '--is', '3M', '--oos', '2M', '--data-dir', dir]);
    expect(wf.stderr).toBe('');
    expect(wf.code).toBe(0);
    expect(wf.stdout).toMatch(/^5 windows$/m);
    expect(wf.stdout).toMatch(/^ {2}#1 {2}IS 2023-01-02…2023-04-01 {2}OOS 2023-04-02…2023-06-01 {2}fast=\d+ slow=40/m);
    expect(wf.stdout).toMatch(/^walk-forward efficiency: /m);
  });

  it("runs a Monte Carlo of a stored run's trades", async () => {
    const { dir, dataset } = await withSample();
    const run = JSON.parse((await cli(['backtest', '--dataset', dataset, '--strategy', 'sma-cross', '--json', '--data-dir', dir])).stdout) as { id: string };
    const mc = await cli(['montecarlo', run.id, '--runs', '300', '--method', 'bootstrap', '--seed', '5', '--json', '--data-dir', dir]);
    expect(mc.stderr).toBe('');
    const done = JSON.parse(mc.stdout) as { kind: string; summary: { result: { runs: number; method: string; seed: number; finalEquity: { percentiles: number[] } } } };
    expect(done.kind).toBe('monte-carlo');
    expect(done.summary.result).toMatchObject({ runs: 300, method: 'bootstrap', seed: 5 });
    expect(done.summary.result.finalEquity.percentiles).toHaveLength(7);
    const human = await cli(['montecarlo', run.id, '--runs', '50', '--data-dir', dir]);
    expect(human.stdout).toMatch(/^final equity {4}( +[\d.]+){7}$/m);
    expect(human.stdout).toMatch(/^P\(max drawdown > 20%\) = [\d.]+%$/m);
  });

  it('refuses what it cannot run, naming the option', async () => {
    const { dir, dataset } = await withSample();
    const base = ['optimize', '--dataset', dataset, '--strategy', 'sma-cross', '--data-dir', dir];
    const refusal = async (args: string[]) => {
      const out = await cli(args);
      expect(out.code, out.stdout).not.toBe(0);
      return out.stderr;
    };
    expect(await refusal([...base, '--grid', 'fast=5:x:5'])).toMatch(/^barwise: VALIDATION_FAILED: --grid fast: '5:x:5' must be three numbers/);
    expect(await refusal([...base, '--grid', 'fast=5:20:5', '--random', '5', '--bayes', '5'])).toMatch(/--random and --bayes/);
    expect(await refusal([...base, '--grid', 'fast=5:20:5', '--constraint', 'fast<<slow'])).toMatch(/^barwise: VALIDATION_FAILED: --constraint: constraint 'fast<<slow'/);
    expect(await refusal([...base, '--grid', 'fast=5:20:5', '--objective', 'luck'])).toMatch(/--objective: objective 'luck' is neither a preset/);
    expect(await refusal([...base, '--grid', 'fats=5:20:5'])).toMatch(/^barwise: INVALID_CONFIG: search space: sma-cross has no parameter "fats"/);
    expect(await refusal([...base])).toMatch(/--grid k=MIN:MAX:STEP/);
    expect(await refusal(['walkforward', ...base.slice(1), '--grid', 'fast=5:20:5', '--is', '6 months', '--oos', '1M'])).toMatch(/--is: duration '6 months'/);
    expect(await refusal(['montecarlo', '01a2529d-ab94-757d-89aa-7a72ce26833e', '--data-dir', dir])).toMatch(/^barwise: RUN_NOT_FOUND/);
    expect(await refusal(['optimizations', '--status', 'paused', '--data-dir', dir])).toMatch(/^barwise: VALIDATION_FAILED: --status paused/);
  });

  it('cancels the optimization on Ctrl-C, keeping the variants it finished', async () => {
    const { dir, dataset } = await withSample();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(REPO, 'src-main', 'cli', 'main.ts'), 'optimize', '--dataset', dataset, '--strategy', 'sma-cross', '--grid', 'fast=2:200:1', '--grid', 'slow=3:400:1', '--threads', '1', '--data-dir', dir],
      { cwd: REPO, env: { PATH: process.env.PATH, HOME: process.env.HOME }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const id = await new Promise<string>((resolve) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        const match = /^optimization ([0-9a-f-]{36})/.exec(line);
        if (match) resolve(match[1]);
      });
    });
    // Once a chunk is stored, Ctrl-C.
    const db = new Database(join(dir, DATABASE_FILE), { readonly: true });
    while ((db.prepare('SELECT variants_done FROM optimizations WHERE id = ?').pluck().get(id) as number) === 0) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`barwise: CANCELLED: cancelled: optimization ${id} keeps the variants it finished`));
    const row = db.prepare('SELECT status, variants_done, variants_total FROM optimizations WHERE id = ?').get(id) as { status: string; variants_done: number; variants_total: number };
    db.close();
    expect(row.status).toBe('cancelled');
    expect(row.variants_done).toBeGreaterThan(0);
    expect(row.variants_done).toBeLessThan(row.variants_total);
  });
});
