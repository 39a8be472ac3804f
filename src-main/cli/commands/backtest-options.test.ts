import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../../test-support/cli';
import { tempDir } from '../../test-support/temp-dir';

/** Every engine setting through the real `barwise backtest`, as options and as a --config file. */

async function sampleDir() {
  const dir = tempDir();
  const imported = await cli(['import', '--sample', '--json', '--data-dir', dir]);
  expect(imported.code).toBe(0);
  return { dir, datasetId: JSON.parse(imported.stdout)[0].dataset.id as string };
}

/** The config the stored run recorded, read back through `barwise export --format json`. */
async function recordedConfig(dir: string, runId: string) {
  const out = join(dir, `${runId}.json`);
  const exported = await cli(['export', runId, '--format', 'json', '--out', out, '--data-dir', dir]);
  expect(exported.code).toBe(0);
  return JSON.parse(readFileSync(out, 'utf8')).run.config;
}

describe('barwise backtest: every engine setting', () => {
  it('lists every setting in --help', async () => {
    const help = await cli(['backtest', '--help']);
    expect(help.code).toBe(0);
    for (const option of [
      '--config FILE', '--leverage X', '--sizing KIND', '--size V', '--units U', '--commission F', '--commission-fixed N', '--spread F', '--slippage F',
      '--slippage-ticks N', '--tick-size N', '--stop-loss X', '--take-profit X', '--trailing-stop X', '--trade-on-close', '--no-close-at-end', '--risk-free-rate F',
      '--direction D', '--cash N', '--from T, --to T', '--timeframe TF',
    ]) {
      expect(help.stdout, option).toContain(option);
    }
  });

  it('takes each option into the run config, and a --config file with options on top', async () => {
    const { dir, datasetId } = await sampleDir();
    const all = await cli([
      'backtest', '--dataset', datasetId, '--strategy', 'sma-cross', '--param', 'fast=5', '--param', 'slow=20',
      '--cash', '20000', '--sizing', 'cash', '--size', '5000', '--units', 'fractional', '--leverage', '2', '--direction', 'long',
      '--commission', '0.001', '--commission-fixed', '1.5', '--spread', '0.0002', '--slippage-ticks', '2', '--tick-size', '0.01',
      '--stop-loss', '2%', '--take-profit', '3atr:20', '--trailing-stop', '1.5atr', '--trade-on-close', '--no-close-at-end', '--risk-free-rate', '0.03',
      '--from', '2023-02-01', '--to', '2023-03-31', '--json', '--data-dir', dir,
    ]);
    expect(all.stderr).toBe('');
    expect(all.code).toBe(0);
    expect(await recordedConfig(dir, JSON.parse(all.stdout).id)).toEqual({
      strategy: { id: 'sma-cross', params: { fast: 5, slow: 20 } },
      from: Date.UTC(2023, 1, 1),
      to: Date.UTC(2023, 2, 31, 23, 59, 59, 999),
      cash: 20_000,
      commission: { fraction: 0.001, fixed: 1.5 },
      slippage: { kind: 'ticks', ticks: 2, tickSize: 0.01 },
      spread: 0.0002,
      sizing: { kind: 'fixed-cash', amount: 5000 },
      fractionalUnits: true,
      direction: 'long-only',
      leverage: 2,
      tradeOnClose: true,
      closeAtEnd: false,
      stopLoss: { kind: 'percent', percent: 2 },
      takeProfit: { kind: 'atr', multiple: 3, period: 20 },
      trailingStop: { kind: 'atr', multiple: 1.5, period: 14 },
      riskFreeRate: 0.03,
    });

    // The file holds a whole config; options override its values (the commission part by part, parameters one by one).
    const file = join(dir, 'config.json');
    writeFileSync(
      file,
      JSON.stringify({
        strategy: { id: 'sma-cross', params: { fast: 8, slow: 30 } },
        cash: 5000,
        commission: { fraction: 0.002, fixed: 2 },
        stopLoss: { kind: 'atr', multiple: 2 },
        sizing: { kind: 'risk', riskPct: 1 },
        leverage: 3,
      }),
    );
    const fromFile = await cli(['backtest', '--dataset', datasetId, '--config', file, '--cash', '7000', '--commission-fixed', '1', '--param', 'slow=40', '--json', '--data-dir', dir]);
    expect(fromFile.stderr).toBe('');
    expect(await recordedConfig(dir, JSON.parse(fromFile.stdout).id)).toMatchObject({
      strategy: { id: 'sma-cross', params: { fast: 8, slow: 40 } },
      cash: 7000,
      commission: { fraction: 0.002, fixed: 1 },
      stopLoss: { kind: 'atr', multiple: 2, period: 14 },
      sizing: { kind: 'risk', riskPct: 1 },
      leverage: 3,
      closeAtEnd: true,
    });

    // A run's JSON export is a config file too: the same config again.
    const exportedRun = join(dir, 'run.json');
    expect((await cli(['export', JSON.parse(all.stdout).id, '--format', 'json', '--out', exportedRun, '--data-dir', dir])).code).toBe(0);
    const rerun = await cli(['backtest', '--dataset', datasetId, '--config', exportedRun, '--json', '--data-dir', dir]);
    expect(rerun.stderr).toBe('');
    expect(await recordedConfig(dir, JSON.parse(rerun.stdout).id)).toEqual(await recordedConfig(dir, JSON.parse(all.stdout).id));
  }, 60_000);

  it('refuses a bad setting naming the option, or the file and its field, before any data is read', async () => {
    const dir = tempDir();
    const refused = async (...args: string[]) => {
      const out = await cli(['backtest', '--dataset', 'none', ...args, '--data-dir', dir]);
      expect(out.code).toBe(1);
      return out.stderr;
    };
    const s = ['--strategy', 'sma-cross'];
    expect(await refused(...s, '--leverage', '0.5')).toMatch(/^barwise: VALIDATION_FAILED: --leverage 0\.5: must be at least 1\. --leverage: buying power/);
    expect(await refused(...s, '--stop-loss', '2 pct')).toMatch(/^barwise: VALIDATION_FAILED: --stop-loss must be P% \(percent from entry\), M atr or M atr:N .*got "2 pct"\n$/);
    expect(await refused(...s, '--trailing-stop', '0%')).toMatch(/^barwise: VALIDATION_FAILED: --trailing-stop 0%: must be above 0\. /);
    expect(await refused(...s, '--slippage-ticks', '2')).toBe('barwise: VALIDATION_FAILED: --slippage-ticks needs --tick-size (the price step of one tick)\n');
    expect(await refused(...s, '--sizing', 'lots', '--size', '2')).toBe('barwise: VALIDATION_FAILED: --sizing must be fraction, units, cash, risk, got "lots"\n');
    expect(await refused(...s, '--risk-free-rate', '1.5')).toMatch(/^barwise: VALIDATION_FAILED: --risk-free-rate 1\.5: must be below 1\. /);
    expect(await refused())
      .toBe('barwise: VALIDATION_FAILED: --strategy ID_OR_FILE is required (or a --config file whose strategy.id names one)\n');

    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ strategy: { id: 'sma-cross' }, leverage: 0 }));
    expect(await refused('--config', file)).toBe(`barwise: VALIDATION_FAILED: --config ${file}: leverage: must be at least 1\n`);
    // The option given fixes the file's value.
    expect(await refused('--config', file, '--leverage', 'x')).toBe('barwise: VALIDATION_FAILED: --leverage must be a number, got "x"\n');
    writeFileSync(file, JSON.stringify({ strategy: { id: 'sma-cross' }, levrage: 2 }));
    expect(await refused('--config', file)).toMatch(new RegExp(`^barwise: VALIDATION_FAILED: --config ${file}: no config field "levrage" \\(the fields: strategy, from, to, cash, `));
    writeFileSync(file, '{ "strategy": ');
    expect(await refused('--config', file)).toMatch(new RegExp(`^barwise: VALIDATION_FAILED: --config ${file}: not JSON `));
    expect(await refused('--config', join(dir, 'missing.json'))).toMatch(/: cannot read it \(ENOENT\)\n$/);
  });
});
