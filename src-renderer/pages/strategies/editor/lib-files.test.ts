import { describe, expect, it } from 'vitest';
import { LIB_FILES, STRATEGY_LIB } from './lib-files';

const references = (text: string): string[] => [...text.matchAll(/<reference lib="([^"]+)"/g)].map((m) => `/lib.${m[1]}.d.ts`);

describe('the standard library a strategy is checked against', () => {
  it('is lib.es2023.d.ts with every file it references, and nothing more', () => {
    const reached = new Set<string>();
    const queue = [`/${STRATEGY_LIB}`];
    while (queue.length > 0) {
      const path = queue.pop()!;
      if (reached.has(path)) continue;
      const text = LIB_FILES.get(path);
      expect(text, `${path} is referenced but not bundled`).toBeTypeOf('string');
      reached.add(path);
      queue.push(...references(text!));
    }
    expect([...LIB_FILES.keys()].sort()).toEqual([...reached].sort());
  });

  it('has no DOM and no Node in it', () => {
    for (const [path, text] of LIB_FILES) {
      expect(path).not.toMatch(/dom|webworker|scripthost|node/);
      expect(text, path).not.toMatch(/declare var (window|document|process|require)\b/);
    }
  });
});
