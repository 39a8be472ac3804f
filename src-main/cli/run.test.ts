import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../store/db';
import { tempDir } from '../test-support/temp-dir';
import type { Command } from './command';
import { COMMANDS } from './commands';
import { runCli } from './run';

async function cli(argv: string[], commands: readonly Command[] = COMMANDS) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, commands, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    isTty: false,
    env: {},
  });
  return { code, stdout, stderr };
}

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

  it('rejects unknown commands and options with exit 2', async () => {
    expect((await cli(['frobnicate'])).code).toBe(2);
    const bad = await cli(['info', '--frob']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/usage: barwise info/);
  });
});
