import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MAX_STRATEGY_CODE_CHARS } from '../../src-shared/sdk/source';
import { compileOrThrow, compileStrategy, problemText, sourceHash } from './compile';
import { MY_SMA_CROSS, SYNTAX_ERROR } from './test-files';

const file = (text: string, fileName = 'strategies/x.ts') => ({ id: 'x', fileName, text });

describe('compiling a strategy file', () => {
  it('turns the issue example into CommonJS that requires only barwise, named and hashed', () => {
    const outcome = compileStrategy({ id: 'my-sma-cross', fileName: 'strategies/my-sma-cross.ts', text: MY_SMA_CROSS });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const { source } = outcome;
    expect(source).toMatchObject({ id: 'my-sma-cross', fileName: 'strategies/my-sma-cross.ts' });
    expect(source.sourceHash).toBe(createHash('sha256').update(MY_SMA_CROSS).digest('hex'));
    expect([...source.code.matchAll(/require\(['"]([^'"]+)['"]\)/g)].map((m) => m[1])).toEqual(['barwise']);
    expect(source.code).toMatch(/exports\.\s*default\s*=/);
    expect(source.code).not.toMatch(/\bimport\b|: number/);
  });

  it('keeps every line where it was, so a line a worker names is the line in the file', () => {
    const lines = [
      "import { defineStrategy } from 'barwise';",
      'type Level = number;',
      'interface Pair {',
      '  a: Level;',
      '}',
      'const marker6: Level = 6;',
      'export const marker7 = (p: Pair): number => p.a + marker6;',
      'export default defineStrategy({ name: `marker8` as string });',
      'const marker9 = <T,>(x: T): T => x;',
    ];
    const outcome = compileStrategy(file(lines.join('\n')));
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const out = outcome.source.code.split('\n');
    expect(out).toHaveLength(lines.length);
    for (const n of [6, 7, 8, 9]) expect(out[n - 1]).toContain(`marker${n}`);
  });

  it('reports a syntax error as a compile problem at its line and column (1-based)', () => {
    const text = "import { defineStrategy } from 'barwise';\n\nexport default defineStrategy({\n  name: 'x' +,\n});\n";
    const outcome = compileStrategy(file(text));
    expect(outcome).toMatchObject({ ok: false, problem: { kind: 'compile', line: 4, column: 14 }, sourceHash: sourceHash(text) });
    if (outcome.ok) return;
    expect(outcome.problem.message).toBe('Unexpected token');
    expect(() => compileOrThrow(file(text))).toThrow(expect.objectContaining({ code: 'STRATEGY_COMPILE_FAILED', message: `strategies/x.ts:4:14: ${outcome.problem.message}` }));
  });

  it('places the tests\' syntax error where they expect it', () => {
    expect(compileStrategy(file(SYNTAX_ERROR))).toMatchObject({ ok: false, problem: { line: 5, column: 16 } });
  });

  it('reads a .js file as JavaScript: types are a syntax error there', () => {
    expect(compileStrategy(file("const a = require('barwise');\nmodule.exports = a;\n", 'x.js')).ok).toBe(true);
    expect(compileStrategy(file('const a: number = 1;\n', 'x.js'))).toMatchObject({ ok: false, problem: { kind: 'compile', line: 1 } });
  });

  it('refuses a file that compiles to more than a strategy may be', () => {
    const text = `export const big = '${'x'.repeat(MAX_STRATEGY_CODE_CHARS)}';\n`;
    expect(compileStrategy(file(text))).toMatchObject({ ok: false, problem: { kind: 'compile', message: expect.stringMatching(/more than the 1,000,000/) } });
  });

  it('names the place of a problem once', () => {
    expect(problemText('strategies/x.ts', { kind: 'load', message: 'not a strategy' })).toBe('strategies/x.ts: not a strategy');
    expect(problemText('strategies/x.ts', { kind: 'load', message: 'threw', line: 14 })).toBe('strategies/x.ts:14: threw');
    expect(problemText('strategies/x.ts', { kind: 'load', message: 'strategies/x.ts:14: threw', line: 14 })).toBe('strategies/x.ts:14: threw');
  });
});
