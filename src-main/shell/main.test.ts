import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/temp-dir';

const entry = fileURLToPath(new URL('./main.ts', import.meta.url));

/** `barwise-shell` as a user starts it, with what it printed on stderr and its exit code. */
function serve(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', entry, ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: run.status, stderr: run.stderr.trim() };
}

describe('the browser shell refuses what it cannot start with in one line, not a stack trace', () => {
  it.each([
    { name: 'an empty BARWISE_DATA_DIR', args: [], env: { BARWISE_DATA_DIR: '' }, says: /^barwise serve: VALIDATION_FAILED: BARWISE_DATA_DIR is set but empty/ },
    { name: 'an unknown option', args: ['--frob'], env: {}, says: /^barwise serve: Unknown option '--frob'/ },
  ])('$name', ({ args, env, says }) => {
    const { status, stderr } = serve(args, env);
    expect(status).toBe(2);
    expect(stderr).toMatch(says);
    expect(stderr.split('\n')).toHaveLength(1);
  });

  it('a data dir that is a file', () => {
    const file = join(tempDir(), 'not-a-dir');
    writeFileSync(file, 'x');
    const { status, stderr } = serve(['--data-dir', file]);
    expect(status).toBe(2);
    expect(stderr).toBe(`barwise serve: VALIDATION_FAILED: data directory ${file}: is not a directory`);
  });
});
