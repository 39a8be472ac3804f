import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StrategyEntry } from '../../../src-shared/api/strategies';
import { sourceHash } from '../../strategies/compile';
import { MY_SMA_CROSS, PEEKING, SYNTAX_ERROR } from '../../strategies/test-files';
import { cli, cliProcess } from '../../test-support/cli';
import { tempDir } from '../../test-support/temp-dir';

/** A data dir with the sample dataset, and a folder outside it for files given by path. */
async function setUp(): Promise<{ dir: string; outside: string; datasetId: string }> {
  const root = tempDir('barwise-cli-strategies-');
  const dir = join(root, 'data');
  const outside = join(root, 'elsewhere');
  mkdirSync(outside);
  const imported = await cli(['import', '--sample', '--json', '--data-dir', dir, '--threads', '1']);
  expect(imported.stderr).toBe('');
  return { dir, outside, datasetId: JSON.parse(imported.stdout)[0].dataset.id as string };
}

const statsOf = (out: { code: number; stdout: string; stderr: string }) => {
  expect(out.stderr).toBe('');
  expect(out.code).toBe(0);
  const { id: _id, ...stats } = JSON.parse(out.stdout) as Record<string, unknown>;
  return stats;
};

describe('CLI: user strategies', () => {
  it('backtests the issue example as --strategy my-sma-cross and as --strategy PATH/my-sma-cross.ts, bit for bit as sma-cross', async () => {
    const { dir, outside, datasetId } = await setUp();
    mkdirSync(join(dir, 'strategies'), { recursive: true });
    writeFileSync(join(dir, 'strategies', 'my-sma-cross.ts'), MY_SMA_CROSS);
    const path = join(outside, 'my-sma-cross.ts');
    writeFileSync(path, MY_SMA_CROSS);
    const options = ['--dataset', datasetId, '--param', 'fast=10', '--param', 'slow=30', '--commission', '0.001', '--json', '--data-dir', dir, '--threads', '1'];

    const builtin = statsOf(await cli(['backtest', '--strategy', 'sma-cross', ...options]));
    const byId = statsOf(await cli(['backtest', '--strategy', 'my-sma-cross', ...options]));
    // As a user types it, in a process of its own.
    const byPath = statsOf(await cliProcess(['backtest', '--strategy', path, ...options], {}, 120_000));
    expect(builtin.numTrades).toBeGreaterThan(10);
    expect(byId).toEqual(builtin);
    expect(byPath).toEqual(builtin);

    // The file given by path was run, not saved; each run recorded the source it ran.
    const runs = JSON.parse((await cli(['runs', '--json', '--data-dir', dir])).stdout) as { runs: { id: string; strategyId: string }[] };
    expect(runs.runs.map((r) => r.strategyId).sort()).toEqual(['my-sma-cross', 'my-sma-cross', 'sma-cross']);
    const listed = JSON.parse((await cli(['strategies', '--json', '--data-dir', dir, '--threads', '1'])).stdout) as StrategyEntry[];
    expect(listed.filter((e) => e.origin === 'user').map((e) => e.id)).toEqual(['my-sma-cross']);
  }, 180_000);

  it('lists built-in and user strategies with their problems and look-ahead results', async () => {
    const { dir } = await setUp();
    mkdirSync(join(dir, 'strategies'), { recursive: true });
    writeFileSync(join(dir, 'strategies', 'mine.ts'), MY_SMA_CROSS);
    writeFileSync(join(dir, 'strategies', 'peek.ts'), PEEKING);
    writeFileSync(join(dir, 'strategies', 'broken.ts'), SYNTAX_ERROR);

    const json = await cli(['strategies', '--json', '--data-dir', dir, '--threads', '1']);
    expect(json.code).toBe(0);
    const entries = JSON.parse(json.stdout) as StrategyEntry[];
    const byId = (id: string) => entries.find((e) => e.origin === 'user' && e.id === id)!;
    expect(entries[0].origin).toBe('builtin');
    expect(byId('mine')).toMatchObject({ runnable: true, sourceHash: sourceHash(MY_SMA_CROSS), lookAhead: { passed: true } });
    expect(byId('peek')).toMatchObject({ runnable: true, lookAhead: { passed: false } });
    expect(byId('broken')).toMatchObject({ runnable: false, problems: [{ kind: 'compile', line: 5, column: 16 }], lookAhead: null });

    const text = (await cli(['strategies', '--data-dir', dir, '--threads', '1'])).stdout;
    expect(text).toMatch(/^sma-cross {2}\(built-in, v\S+\) — /m);
    expect(text).toMatch(/^mine {2}\(strategies\/mine\.ts; look-ahead check passed\) — My SMA cross$/m);
    expect(text).toMatch(/^ {4}--param fast=10 {2}int \[2…500\]$/m);
    expect(text).toMatch(/^peek {2}\(strategies\/peek\.ts; look-ahead check FAILED\) — Peeks at tomorrow$/m);
    expect(text).toMatch(/^ {4}look-ahead: strategies\/peek\.ts/m);
    expect(text).toMatch(/^broken {2}\(strategies\/broken\.ts; cannot run\) — broken$/m);
    expect(text).toMatch(/^ {4}problem: strategies\/broken\.ts:5:16: Unexpected token$/m);
  }, 120_000);

  it('checks a file anywhere or a strategy by id, and exits non-zero on a problem', async () => {
    const { dir, outside } = await setUp();
    const good = join(outside, 'good.ts');
    const peek = join(outside, 'peek.ts');
    const broken = join(outside, 'broken.ts');
    writeFileSync(good, MY_SMA_CROSS);
    writeFileSync(peek, PEEKING);
    writeFileSync(broken, SYNTAX_ERROR);

    const passed = await cli(['strategy', 'check', good, '--data-dir', dir, '--threads', '1']);
    expect(passed.stderr).toBe('');
    expect(passed.code).toBe(0);
    expect(passed.stdout).toMatch(new RegExp(`${good}: no problems; the look-ahead check passed\\n$`));

    const found = await cli(['strategy', 'check', peek, '--json', '--data-dir', dir, '--threads', '1']);
    expect(found.code).toBe(1);
    expect(found.stderr).toMatch(new RegExp(`^barwise: LOOK_AHEAD: ${peek}\\b.*\\n$`));
    expect(JSON.parse(found.stdout)).toMatchObject({ id: 'peek', lookAhead: { passed: false } });

    const syntax = await cliProcess(['strategy', 'check', broken, '--data-dir', dir, '--threads', '1'], {}, 60_000);
    expect(syntax.code).toBe(1);
    expect(syntax.stdout).toMatch(/problem: .*broken\.ts:5:16: Unexpected token/);
    expect(syntax.stderr).toBe(`barwise: STRATEGY_COMPILE_FAILED: ${broken}:5:16: Unexpected token\n`);

    // Nothing given by path was saved; a built-in checks by its id.
    expect((await cli(['strategy', 'check', 'sma-cross', '--data-dir', dir, '--threads', '1'])).code).toBe(0);
    const listed = JSON.parse((await cli(['strategies', '--json', '--data-dir', dir, '--threads', '1'])).stdout) as StrategyEntry[];
    expect(listed.filter((e) => e.origin === 'user')).toEqual([]);
  }, 120_000);

  it('creates from a template or a copy, shows, renames and removes a strategy file', async () => {
    const { dir } = await setUp();
    const created = await cli(['strategy', 'new', 'my-rsi', '--template', 'rsi-sl-tp', '--json', '--data-dir', dir, '--threads', '1']);
    expect(created.stderr).toBe('');
    const entry = JSON.parse(created.stdout) as StrategyEntry & { path: string };
    expect(entry).toMatchObject({ id: 'my-rsi', runnable: true, path: join(dir, 'strategies', 'my-rsi.ts') });
    expect(readFileSync(entry.path, 'utf8')).toMatch(/defineStrategy/);

    const copy = await cli(['strategy', 'new', 'my-sma', '--from', 'sma-cross', '--data-dir', dir, '--threads', '1']);
    expect(copy.stdout).toBe(`created ${join(dir, 'strategies', 'my-sma.ts')} (a copy of sma-cross)\n`);
    const shown = await cli(['strategy', 'show', 'sma-cross', '--data-dir', dir]);
    expect(readFileSync(join(dir, 'strategies', 'my-sma.ts'), 'utf8')).toBe(shown.stdout);

    expect((await cli(['strategy', 'rename', 'my-sma', 'my-sma-2', '--data-dir', dir, '--threads', '1'])).stdout).toBe(
      'renamed my-sma to my-sma-2 (strategies/my-sma-2.ts)\n',
    );
    expect((await cli(['strategy', 'rm', 'my-sma-2', '--data-dir', dir])).stdout).toBe('removed my-sma-2\n');
    const left = JSON.parse((await cli(['strategies', '--json', '--data-dir', dir, '--threads', '1'])).stdout) as StrategyEntry[];
    expect(left.filter((e) => e.origin === 'user').map((e) => e.id)).toEqual(['my-rsi']);
  }, 120_000);
});
