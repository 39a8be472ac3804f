import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/temp-dir';
import { StrategyFolder } from './folder';

function folder(): StrategyFolder {
  const f = new StrategyFolder(tempDir('barwise-folder-'));
  f.ensure();
  return f;
}

describe('the strategies folder', () => {
  it('lists the .ts files whose name is an id, and nothing else', () => {
    const f = folder();
    writeFileSync(join(f.dir, 'my-sma-cross.ts'), 'a');
    writeFileSync(join(f.dir, 'b2.ts'), 'b');
    writeFileSync(join(f.dir, 'My Strategy.ts'), 'c');
    writeFileSync(join(f.dir, 'notes.md'), 'd');
    writeFileSync(join(f.dir, '.x.abc.tmp'), 'e');
    writeFileSync(join(f.dir, '-dash.ts'), 'f');
    mkdirSync(join(f.dir, 'folder.ts'));
    symlinkSync(join(f.dir, 'nowhere.ts'), join(f.dir, 'dangling.ts'));
    expect(f.list().map((x) => [x.id, x.fileName])).toEqual([
      ['b2', 'strategies/b2.ts'],
      ['my-sma-cross', 'strategies/my-sma-cross.ts'],
    ]);
  });

  it('has no files before the folder exists', () => {
    expect(new StrategyFolder(join(tempDir(), 'missing')).list()).toEqual([]);
  });

  it('never turns an id into a path outside the folder', () => {
    const f = folder();
    for (const id of ['../escape', '/etc/passwd', 'a/b', 'UPPER', '', 'a.ts']) {
      expect(() => f.pathOf(id), id).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    }
  });

  it('writes a file whole through a temporary one, and reads it without a byte-order mark', () => {
    const f = folder();
    f.write('x', 'first');
    f.write('x', 'second');
    expect(f.read('x')).toBe('second');
    expect(readdirSync(f.dir)).toEqual(['x.ts']);
    writeFileSync(join(f.dir, 'bom.ts'), '\uFEFFexport default 1;\n');
    expect(f.read('bom')).toBe('export default 1;\n');
  });

  it('creates, renames and removes without ever replacing another file', () => {
    const f = folder();
    f.create('a', 'A');
    expect(() => f.create('a', 'again')).toThrow(expect.objectContaining({ code: 'STRATEGY_EXISTS' }));
    f.create('b', 'B');
    expect(() => f.rename('a', 'b')).toThrow(expect.objectContaining({ code: 'STRATEGY_EXISTS' }));
    expect(readFileSync(join(f.dir, 'b.ts'), 'utf8')).toBe('B');
    f.rename('a', 'c');
    expect(f.list().map((x) => x.id)).toEqual(['b', 'c']);
    expect(f.read('c')).toBe('A');
    expect(() => f.rename('a', 'd')).toThrow(expect.objectContaining({ code: 'STRATEGY_NOT_FOUND' }));
    f.remove('c');
    expect(() => f.remove('c')).toThrow(expect.objectContaining({ code: 'STRATEGY_NOT_FOUND' }));
    expect(f.list().map((x) => x.id)).toEqual(['b']);
  });
});
