import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { strategyIdSchema } from '../../src-shared/api/strategies';
import { builtinIds } from './builtins';
import { builtinSourceText, listTemplates, templateText, TEMPLATES_DIR } from './bundled';

const root = join(import.meta.dirname, '..', '..');

describe('the strategy files that ship with Barwise', () => {
  it('has a source file for every built-in strategy, a strategy file that imports only from barwise', () => {
    for (const id of builtinIds()) {
      const text = builtinSourceText(id);
      expect([...text.matchAll(/\bfrom\s+'([^']+)'|\brequire\(\s*'([^']+)'|\bimport\(\s*'([^']+)'/g)].map((m) => m[1] ?? m[2] ?? m[3]), id).toEqual(['barwise']);
      expect(text, id).toMatch(/^export default defineStrategy\(/m);
    }
    expect(() => builtinSourceText('no-such-strategy')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('lists at least a blank, a crossover and an RSI with SL/TP template, each a file', () => {
    const templates = listTemplates();
    expect(templates.map((t) => t.id)).toEqual(expect.arrayContaining(['blank', 'crossover', 'rsi-sl-tp']));
    const files = readdirSync(join(root, TEMPLATES_DIR)).filter((f) => f.endsWith('.ts'));
    expect(files.sort()).toEqual(templates.map((t) => `${t.id}.ts`).sort());
    for (const t of templates) {
      expect(strategyIdSchema.safeParse(t.id).success, t.id).toBe(true);
      expect(templateText(t.id)).toMatch(/from 'barwise'/);
    }
    expect(() => templateText('nope')).toThrow(expect.objectContaining({ code: 'STRATEGY_NOT_FOUND', message: expect.stringMatching(/there are: blank/) }));
  });
});
