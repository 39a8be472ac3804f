import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../store/db';
import { tempDir } from '../test-support/temp-dir';
import { cli as runCommand } from '../test-support/cli';
import type { Command } from './command';
import { COMMANDS } from './commands';

const cli = (argv: string[], commands: readonly Command[] = COMMANDS) => runCommand(argv, {}, commands);

describe('barwise CLI', () => {
  it('info --json prints the version, data dir, schema and SQLite versions and worker count', async () => {
    const dir = tempDir();
    const { code, stdout, stderr } = await cli(['info', '--json', '--data-dir', dir]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const info = JSON.parse(stdout);
    expect(info).toMatchObject({ dataDir: dir, schemaVersion: SCHEMA_VERSION });
    expect(info.sqliteVersion).toMatch(/^3\./);
    expect(info.workerCount).toBeGreaterThanOrEqual(1);
  });

  it("--help explains every option of every command that takes options", async () => {
    for (const command of COMMANDS.filter((c) => Object.keys(c.options ?? {}).length > 0)) {
      const help = await cli([...command.name.split(' '), '--help']);
      expect(help.code).toBe(0);
      const options = help.stdout.split('\noptions:\n')[1] ?? '';
      for (const name of Object.keys(command.options ?? {})) {
        expect(options, `${command.name} --${name}`).toMatch(new RegExp(`^  (.*, )?--${name}\\b.* {2}\\S.*$`, 'm'));
      }
    }
  });

  it('info without --json prints readable lines', async () => {
    const { code, stdout } = await cli(['info', '--data-dir', tempDir()]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^schema version\s+\d+$/m);
  });

  it('fails with exit 1 and a one-line CODE: message', async () => {
    const failing: Command = {
      name: 'boom',
      summary: 'fails',
      usage: 'barwise boom',
      run: async () => {
        throw Object.assign(new Error('No dataset with id x\nstack…'), { code: 'DATASET_NOT_FOUND' });
      },
    };
    const { code, stderr } = await cli(['boom', '--data-dir', tempDir()], [failing]);
    expect(code).toBe(1);
    expect(stderr).toBe('barwise: DATASET_NOT_FOUND: No dataset with id x\n');
  });

  it('takes the common options before the command too (git- and npm-style)', async () => {
    const dir = tempDir();
    const before = await cli(['--data-dir', dir, '--json', 'info']);
    expect(before.stderr).toBe('');
    expect(before.code).toBe(0);
    expect(JSON.parse(before.stdout)).toMatchObject({ dataDir: dir });
    const joined = await cli([`--data-dir=${dir}`, 'info', '--json']);
    expect(JSON.parse(joined.stdout)).toMatchObject({ dataDir: dir });
    // A two-word command after them, and its own options after it.
    const show = await cli(['--json', '--data-dir', dir, 'dataset', 'show', 'nope']);
    expect(show.code).toBe(1);
    expect(show.stderr).toMatch(/^barwise: DATASET_NOT_FOUND: /);
  });

  it('prints the help for --help before any command, and a usage error for options alone', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: barwise COMMAND/);
    expect((await cli(['-h'])).code).toBe(0);
    const alone = await cli(['--json']);
    expect(alone.code).toBe(2);
    expect(alone.stdout).toMatch(/^usage: barwise COMMAND/);
  });

  it('rejects unknown commands, options, missing values and stray arguments with exit 2 and one line', async () => {
    const unknown = await cli(['frobnicate', '--json']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('barwise: VALIDATION_FAILED: unknown command "frobnicate" (barwise --help lists them)\n');
    const leading = await cli(['--frob', 'info']);
    expect(leading.code).toBe(2);
    expect(leading.stderr).toBe('barwise: VALIDATION_FAILED: unknown option "--frob" (barwise --help lists them)\n');
    const usage = async (...argv: string[]) => {
      const out = await cli(argv);
      expect(out.code, argv.join(' ')).toBe(2);
      return out.stderr;
    };
    expect(await usage('info', '--frob')).toBe('barwise: VALIDATION_FAILED: unknown option --frob for barwise info (barwise info --help lists them)\n');
    expect(await usage('backtest', '--cash')).toBe('barwise: VALIDATION_FAILED: --cash needs a value\n');
    expect(await usage('runs', '--asc=yes')).toBe('barwise: VALIDATION_FAILED: --asc takes no value\n');
    expect(await usage('runs', '--tag', '-x')).toBe('barwise: VALIDATION_FAILED: --tag needs a value (write --tag=VALUE for a value that starts with -)\n');
    expect(await usage('dataset', 'show', 'abc', 'extra')).toBe('barwise: VALIDATION_FAILED: unexpected argument "extra" (usage: barwise dataset show ID [--json])\n');
  });

  it('takes a negative number as the value of an option that needs one', async () => {
    const dir = tempDir();
    const out = await cli(['backtest', '--dataset', 'none', '--strategy', 'sma-cross', '--cash', '-5', '--data-dir', dir]);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/^barwise: VALIDATION_FAILED: --cash -5: must be above 0\. /);
  });
});
