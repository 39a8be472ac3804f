import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../run';
import { COMMANDS } from './index';

const FIXTURES = join(import.meta.dirname, '..', '..', 'data', 'fixtures');

describe('barwise import / datasets / dataset', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'barwise-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function cli(...args: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await runCli([...args, '--data-dir', dir], COMMANDS, {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      isTty: false,
      env: {},
    });
    return { code, stdout, stderr };
  }

  it('imports files and the sample, lists, shows, renames and removes', async () => {
    const imported = await cli('import', join(FIXTURES, 'iso-utc.csv'), '--symbol', 'TEST', '--sample', '--json');
    expect(imported.code).toBe(0);
    const outcomes = JSON.parse(imported.stdout) as Array<{ status: string; dataset: { id: string; symbol: string } }>;
    expect(outcomes.map((o) => [o.status, o.dataset.symbol])).toEqual([
      ['imported', 'BTCUSD-SYNTH'],
      ['imported', 'TEST'],
    ]);
    const list = await cli('datasets');
    expect(list.stdout).toMatch(/TEST\s+1h\s+5/);
    expect(list.stdout).toMatch(/\[synthetic\]/);
    // Imported in the same minute, the two UUIDv7 ids share their first 8 characters: the list
    // shows each as far as it differs, and each shown id finds its own dataset.
    const shown = list.stdout.trim().split('\n').slice(1).map((line) => line.split(' ')[0]);
    expect(new Set(shown).size).toBe(2);
    for (const prefix of shown) {
      const found = JSON.parse((await cli('dataset', 'show', prefix, '--json')).stdout) as { id: string };
      expect(found.id.startsWith(prefix)).toBe(true);
    }
    expect((await cli('dataset', 'show', outcomes[0].dataset.id.slice(0, 4))).stderr).toMatch(/matches 2 datasets; give more of the id/);
    const id = outcomes[1].dataset.id;
    const show = await cli('dataset', 'show', id.slice(0, 36));
    expect(show.stdout).toMatch(/content hash\s+[0-9a-f]{64}/);
    expect((await cli('dataset', 'rename', id, 'Renamed', 'set')).stdout).toMatch(/"Renamed set"/);
    expect((await cli('dataset', 'rm', id)).code).toBe(0);
    const after = JSON.parse((await cli('datasets', '--json')).stdout) as unknown[];
    expect(after).toHaveLength(1);
  });

  it('fails with a code and a line number on bad rows, and validates options', async () => {
    const bad = await cli('import', join(FIXTURES, 'bad-high.csv'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^barwise: CSV_BAD_ROW: .*line 4: high 90/);
    const skipped = await cli('import', join(FIXTURES, 'bad-high.csv'), '--on-bad-rows', 'skip');
    expect(skipped.stdout).toMatch(/1 bad row\(s\) skipped:\n\s+line 4/);
    expect((await cli('import', join(FIXTURES, 'iso-utc.csv'), '--on-bad-rows', 'maybe')).stderr).toBe('barwise: VALIDATION_FAILED: --on-bad-rows maybe: must be one of auto, skip, abort\n');
    expect((await cli('import')).stderr).toMatch(/name at least one FILE/);
    const several = await cli('import', join(FIXTURES, 'empty.csv'), join(FIXTURES, 'pipe.csv'));
    expect(several.code).toBe(1);
    expect(several.stdout).toMatch(/failed .*empty\.csv: CSV_UNREADABLE: line 1: the file is empty/);
    // The name once: it is the symbol and timeframe unless the import named it otherwise.
    expect(several.stdout).toMatch(/^imported \S+ {2}PIPE 1h$/m);
    expect(several.stderr).toMatch(/CSV_UNREADABLE: 1 of 2 files failed/);
    expect((await cli('dataset', 'show', 'nope')).stderr).toMatch(/DATASET_NOT_FOUND/);
  });
});
