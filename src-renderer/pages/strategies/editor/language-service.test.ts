import { describe, expect, it } from 'vitest';
// oxlint-disable-next-line import/default
import moduleTypes from '../../../../src-shared/sdk/module.ts?raw';
// oxlint-disable-next-line import/default
import strategyTypes from '../../../../src-shared/sdk/strategy.ts?raw';
import { createStrategyLanguageService } from './language-service';
import { strategyPath } from './ts-environment';

/** The example, which must run unchanged: it must also check clean. */
const EXAMPLE = `import { defineStrategy, sma } from 'barwise';

export default defineStrategy({
  name: 'My SMA cross',
  params: {
    fast: { type: 'int', default: 10, min: 2, max: 500 },
    slow: { type: 'int', default: 30, min: 3, max: 1000 },
  },
  init: ({ data, params, I }) => ({
    fast: I(sma(data.close, params.fast)),
    slow: I(sma(data.close, params.slow)),
  }),
  next({ crossover, position, buy, sell }, { fast, slow }) {
    if (crossover(fast, slow)) { position.close(); buy(); }
    else if (crossover(slow, fast)) { position.close(); sell(); }
  },
});
`;

// One service for the file: TypeScript and the standard library take a second to load.
const service = createStrategyLanguageService({ strategy: strategyTypes, module: moduleTypes });
await service.initialize();

/** The file's text with `|` marking the cursor, opened in the service; returns where the cursor is. */
function open(id: string, text: string): { path: string; pos: number; code: string } {
  const pos = text.indexOf('|');
  const code = pos < 0 ? text : text.slice(0, pos) + text.slice(pos + 1);
  const path = strategyPath(id);
  service.updateFile({ path, code });
  return { path, pos, code };
}

async function completions(id: string, text: string): Promise<string[]> {
  const { path, pos } = open(id, text);
  const result = await service.getAutocompletion({ path, context: { pos, explicit: true } });
  return result?.options.map((o) => o.label) ?? [];
}

/** Lints as "line: message" (1-based lines). */
function lints(id: string, text: string): string[] {
  const { path, code } = open(id, text);
  return service.getLints({ path, diagnosticCodesToIgnore: [] }).map((d) => `${code.slice(0, d.from).split('\n').length}: ${d.message}`);
}

describe('the strategy editor’s language service', () => {
  it('finds nothing wrong with the issue’s example', () => {
    expect(lints('example', EXAMPLE)).toEqual([]);
  });

  it('completes the SDK’s exports inside the import from barwise', async () => {
    const names = await completions('imports', "import { | } from 'barwise';\n");
    for (const name of ['defineStrategy', 'sma', 'ema', 'rsi', 'atr', 'bbands', 'macd', 'stoch', 'adx', 'donchian', 'cross']) expect(names).toContain(name);
    expect(names).not.toContain('SDK_MODULE');
  });

  it('completes what the contexts hold: the data, the position, the orders', async () => {
    const init = EXAMPLE.replace('I(sma(data.close, params.fast))', 'I(sma(data.|close, params.fast))');
    expect(await completions('init', init)).toEqual(expect.arrayContaining(['open', 'high', 'low', 'close', 'volume', 'time']));
    const next = EXAMPLE.replace('{ position.close(); buy(); }', '{ position.|close(); buy(); }');
    expect(await completions('next', next)).toEqual(expect.arrayContaining(['close', 'size', 'entryPrice', 'barsHeld', 'pl']));
  });

  it('gives a completion’s signature and the SDK’s documentation of it', () => {
    const { path, pos } = open('details', "import { sm| } from 'barwise';\n");
    const details = service.completionDetails({ path, pos, name: 'sma' });
    expect(details?.signature).toMatch(/sma\(values: Float64Array, period: number\): Float64Array/);
    expect(details?.documentation).toMatch(/moving average/i);
  });

  it('marks what a strategy may not reach at its line: require, process, timers, fetch, the DOM', () => {
    const escape = EXAMPLE.replace(
      '  next({',
      [
        "  timeframes: () => { require('fs'); return []; },",
        '  description: String(process.env.HOME),',
        '  rules: [setTimeout, fetch, document].map(() => ({ kind: "less-than" as const, left: "fast", right: "slow" })),',
        '  next({',
      ].join('\n'),
    );
    const found = lints('escape', escape).filter((l) => l.includes('Cannot find name'));
    const sandbox = ": a strategy runs in a sandbox with the JavaScript language only, without Node or a browser (no require, process, console, timers, network or DOM). Import what you need from 'barwise'.";
    expect(found).toEqual([
      `13: Cannot find name 'require'${sandbox}`,
      `14: Cannot find name 'process'${sandbox}`,
      `15: Cannot find name 'setTimeout'${sandbox}`,
      `15: Cannot find name 'fetch'${sandbox}`,
      `15: Cannot find name 'document'${sandbox}`,
    ]);
    // A name of the user's own that is not declared keeps TypeScript's message.
    expect(lints('undeclared', `${EXAMPLE}export const y = notDeclared;\n`)).toEqual(["18: Cannot find name 'notDeclared'."]);
  });

  it('marks a misuse of the SDK at its line', () => {
    const wrong = EXAMPLE.replace('position.close(); buy(); }', "position.close(); buy({ size: 'all' }); }");
    expect(lints('wrong', wrong)).toEqual([expect.stringMatching(/^14: .*'string' is not assignable/)]);
    const typo = EXAMPLE.replace('params.slow)', 'params.slwo)');
    expect(lints('typo', typo)).toEqual([expect.stringMatching(/^11: Property 'slwo' does not exist/)]);
    // A chained message is shown whole, not only its first line.
    const declared = lints('declared', EXAMPLE.replace("fast: { type: 'int'", "fast: { type: 'integer'"));
    expect(declared[0]).toMatch(/^6: Type '"integer"' is not assignable to type '.*"int".*'\.$/);
    expect(declared.some((l) => /^9: .*\n {2}Type /.test(l))).toBe(true);
  });

  it('follows the text as it changes', () => {
    expect(lints('edited', `${EXAMPLE}const x: number = 'a';\n`)).toHaveLength(1);
    expect(lints('edited', EXAMPLE)).toEqual([]);
  });
});
