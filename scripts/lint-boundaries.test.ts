import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * The import rules between processes are lint rules (.oxlintrc.json). These probes prove each rule
 * fires: a file that breaks it is written where it would live, linted, and removed.
 */
const root = join(import.meta.dirname, '..');
const probes: string[] = [];
afterEach(() => {
  for (const file of probes.splice(0)) rmSync(file, { force: true });
});

function lint(relativePath: string, source: string): string {
  const file = join(root, relativePath);
  probes.push(file);
  writeFileSync(file, source);
  const run = spawnSync(process.execPath, [join(root, 'node_modules', 'oxlint', 'bin', 'oxlint'), '-c', '.oxlintrc.json', relativePath], {
    cwd: root,
    encoding: 'utf8',
  });
  return `${run.stdout}${run.stderr}`;
}

const cases: ReadonlyArray<readonly [string, string, RegExp]> = [
  ['src-workers/lint-probe-fs.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n", /pure compute/],
  ['src-workers/lint-probe-sqlite.ts', "import Database from 'better-sqlite3';\nexport const d = Database;\n", /pure compute/],
  ['src-workers/lint-probe-main.ts', "import { createBarwise } from '../src-main/barwise';\nexport const c = createBarwise;\n", /imports only src-shared/],
  ['src-shared/lint-probe-electron.ts', "import { app } from 'electron';\nexport const a = app;\n", /pure contract/],
  ['src-shared/lint-probe-main.ts', "import { createBarwise } from '../src-main/barwise';\nexport const c = createBarwise;\n", /imports no other src-/],
  ['src-renderer/lint-probe-main.ts', "import { createBarwise } from '../src-main/barwise';\nexport const c = createBarwise;\n", /only through the API/],
  ['src-main/lint-probe-electron.ts', "import { app } from 'electron';\nexport const a = app;\n", /Only src-main\/electron\//],
];

describe('process boundaries are enforced by lint', () => {
  it.each(cases)('%s is refused', (path, source, message) => {
    expect(lint(path, source)).toMatch(message);
  });

  it('src-main/electron/ may import electron', () => {
    expect(lint('src-main/electron/lint-probe-ok.ts', "import { app } from 'electron';\nexport const a = app;\n")).toMatch(/Found 0 warnings and 0 errors/);
  });
});
