import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));

describe('the compute worker entry', () => {
  it('starts the lockdown before any of its own code loads: lockdown is its only static import', () => {
    // A static import is evaluated before the entry's body; in the build, shared chunks are
    // imported (and evaluated) first. Anything loaded by `await import()` comes after lockdown.
    const source = readFileSync(join(here, '..', '..', 'src-workers', 'worker.ts'), 'utf8');
    const staticImports = [...source.matchAll(/^\s*import\s[^(]*?['"]([^'"]+)['"]/gm)].map((m) => m[1]);
    expect(staticImports).toEqual(['./lockdown']);
    expect(source).toMatch(/^await import\('\.\/start-worker'\);$/m);
  });
});
