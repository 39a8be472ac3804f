import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StrategySource } from '../../src-shared/sdk/source';
import { compileStrategy } from './fixtures/compile-strategy';
import { sandboxEntry } from './fixtures/entry';
import type { StrategyCall } from './fixtures/sandbox-worker';
import { WorkerPool, type TaskError } from './pool';

// The sandbox (src-workers/sdk/sandbox.ts) in real locked-down worker threads: lockdown changes
// the whole realm, so none of this runs in the test process. Strategy files are TypeScript
// compiled as main compiles them (sucrase: typescript + imports, lines kept).

/** A strategy module whose top level runs `body` after its imports (line 3 onwards). */
const moduleWith = (body: string) => `import { defineStrategy } from 'barwise';
// the probe starts on line 3
${body}
export default defineStrategy({ name: 'probe' });
`;

let pool: WorkerPool;
beforeAll(async () => {
  // One thread: every strategy here runs in the same worker, after the ones before it.
  pool = new WorkerPool({ threads: 1, entry: sandboxEntry(), cancelGraceMs: 300, recycleAfterTasks: 1_000 });
  await pool.warm();
});
afterAll(() => pool.destroy());

const run = (call: StrategyCall) => pool.run<unknown>('strategy.run', call, { userCode: true });
const failure = (call: StrategyCall) =>
  run(call).then(
    (value) => ({ code: 'ok', message: JSON.stringify(value), stack: undefined }),
    (error: TaskError) => ({ code: error.code, message: error.message, stack: error.taskStack }),
  );

describe('strategy sandbox: what a strategy cannot reach', () => {
  const escapes: [string, string, string, RegExp][] = [
    ['a file, by import', "import { readFileSync } from 'fs';\nreadFileSync('/etc/passwd');", 'STRATEGY_INVALID', /^strategies\/probe\.ts:3: a strategy can import only from 'barwise', not 'fs'$/],
    ['a file, by node: import', "import * as fs from 'node:fs';\nfs.readFileSync('/etc/passwd');", 'STRATEGY_INVALID', /^strategies\/probe\.ts:3: .*not 'node:fs'$/],
    ['a file, by require', "declare const require: (id: string) => { readFileSync(p: string): string };\nrequire('fs').readFileSync('/etc/passwd');", 'STRATEGY_INVALID', /^strategies\/probe\.ts:4: .*not 'fs'$/],
    ['a socket, by import', "import { connect } from 'net';\nconnect(80, '127.0.0.1');", 'STRATEGY_INVALID', /^strategies\/probe\.ts:3: .*not 'net'$/],
    ['a socket, by fetch', "void fetch('http://127.0.0.1:9/');", 'STRATEGY_ERROR', /^strategies\/probe\.ts:3: ReferenceError: fetch is not available to a strategy: it runs sandboxed, with the JavaScript language and the 'barwise' module only$/],
    ['process', 'const env = process.env;', 'STRATEGY_ERROR', /^strategies\/probe\.ts:3: ReferenceError: process is not available to a strategy: it runs sandboxed, with the JavaScript language and the 'barwise' module only$/],
    ['process, via globalThis', 'const env = (globalThis as any).process.env;', 'STRATEGY_ERROR', /:3: ReferenceError: process is not available/],
    ['process, via typeof', "if (typeof process === 'object') throw new Error('found process');", 'STRATEGY_ERROR', /:3: ReferenceError: process is not available/],
    ['process, via the Function constructor', "(globalThis as any).constructor.constructor('return process')();", 'STRATEGY_ERROR', /:3: TypeError: Function\.prototype\.constructor is not a valid constructor\.?$/],
    ['the global object, via Function', "const g = Function('return this')(); if (g === undefined) throw new Error('Function gave no global');", 'STRATEGY_ERROR', /:3: Function gave no global$/],
    ['process, via a new Function', "new Function('return process')();", 'STRATEGY_ERROR', /ReferenceError: process is not available/],
    ['process, via indirect eval', "(0, eval)('process.env');", 'STRATEGY_ERROR', /ReferenceError: process is not available/],
    ['the module scope, via direct eval', "const x = 1;\neval('x + process.pid');", 'STRATEGY_INVALID', /^strategies\/probe\.ts:4: direct eval is not allowed in a strategy$/],
    ['timers', 'setTimeout(() => undefined, 0);', 'STRATEGY_ERROR', /:3: ReferenceError: setTimeout is not available/],
    ['other timers', 'setImmediate(() => undefined);', 'STRATEGY_ERROR', /:3: ReferenceError: setImmediate is not available/],
    ['promise jobs, by queueMicrotask', 'queueMicrotask(() => undefined);', 'STRATEGY_ERROR', /:3: ReferenceError: queueMicrotask is not available/],
    ['SharedArrayBuffer', 'new SharedArrayBuffer(8);', 'STRATEGY_ERROR', /:3: ReferenceError: SharedArrayBuffer is not available/],
    ['Atomics.wait', 'Atomics.wait(new Int32Array(4), 0, 0, 1000);', 'STRATEGY_ERROR', /:3: ReferenceError: Atomics is not available/],
    ['WebAssembly', 'WebAssembly.compile(new Uint8Array(8));', 'STRATEGY_ERROR', /:3: ReferenceError: WebAssembly is not available/],
    ['the console', "console.log('x');", 'STRATEGY_ERROR', /:3: ReferenceError: console is not available/],
    ['Buffer', "Buffer.from('x');", 'STRATEGY_ERROR', /:3: ReferenceError: Buffer is not available/],
    ['finalizers', 'new FinalizationRegistry(() => undefined);', 'STRATEGY_ERROR', /:3: ReferenceError: FinalizationRegistry is not available/],
    ['the clock', 'Date.now();', 'STRATEGY_ERROR', /:3: TypeError: secure mode Calling %SharedDate%\.now\(\) throws$/],
    ['randomness', 'Math.random();', 'STRATEGY_ERROR', /:3: TypeError: secure mode %SharedMath%\.random\(\) throws$/],
    ['Object.prototype', '(Object.prototype as any).polluted = true;', 'STRATEGY_ERROR', /:3: TypeError: Cannot add property polluted, object is not extensible$/],
    ['Object.prototype, via __proto__', "({} as any).__proto__.polluted = true;", 'STRATEGY_ERROR', /:3: TypeError: Cannot add property polluted, object is not extensible$/],
    ['Array.prototype', 'Array.prototype.push = () => 0;', 'STRATEGY_ERROR', /:3: TypeError: Cannot assign to read only property 'push'/],
    ['an SDK function', "import barwise from 'barwise';\n(barwise as any).sma = () => new Float64Array(0);", 'STRATEGY_ERROR', /:4: TypeError: Cannot assign to read only property 'sma' of object/],
    ['an SDK function object', "import { sma } from 'barwise';\n(sma as any).cache = new Map();", 'STRATEGY_ERROR', /:4: TypeError: Cannot add property cache, object is not extensible$/],
    ['an object inside the SDK', "import { limits } from 'barwise';\n(limits as any).maxBars = 1;", 'STRATEGY_ERROR', /:4: TypeError: Cannot assign to read only property 'maxBars' of object/],
    ['the class of an error the SDK throws', "import { refuse } from 'barwise';\ntry { refuse(); } catch (e: any) { Object.getPrototypeOf(e).toValue = () => ({ code: 'OK', message: '' }); }", 'STRATEGY_ERROR', /:4: TypeError: Cannot assign to read only property 'toValue' of object/],
    ['the worker, by a throw that is not an Error', 'throw 42;', 'STRATEGY_ERROR', /^strategies\/probe\.ts: threw 42$/],
  ];

  it('refuses import() in the source itself, as in a file compiled with preserveDynamicImport', async () => {
    const source = { ...compileStrategy(moduleWith('')), code: "'use strict';\nconst x = 1;\nimport('fs').then(() => x);\n" };
    expect(await failure({ source })).toMatchObject({
      code: 'STRATEGY_INVALID',
      message: expect.stringMatching(/^strategies\/probe\.ts:3: import\(\) is not allowed: a strategy imports only from 'barwise'/),
    });
  });

  it.each(escapes)('cannot reach %s', async (_name, body, code, message) => {
    const outcome = await failure({ source: compileStrategy(moduleWith(body)) });
    expect(outcome.code).toBe(code);
    expect(outcome.message).toMatch(message);
  });

  it('leaves the SDK and the realm as they were after every attempt', async () => {
    expect(await pool.run('sdk.state', {})).toEqual({
      sma: 'sma',
      maxBars: 1_000_000,
      keys: ['defineStrategy', 'limits', 'refuse', 'sma'],
      error: { code: 'STRATEGY_ERROR', message: 'still an error' },
    });
    // Frozen after the warm-up (its element stores keep V8's fast path), before any task.
    expect(await pool.run('realm.state', {})).toEqual({ frozenDuringWarmUp: false, lockedDown: true, polluted: 0, sharedArrayBufferFrozen: true });
  });

  it('gives a strategy the SDK, the language and Float64Array, and nothing else', async () => {
    const source = compileStrategy(`import { defineStrategy, sma } from 'barwise';

export default defineStrategy({
  name: 'uses the SDK',
  run: (close: number[]) => {
    const own = new Float64Array(close.length).map((_, i) => close[i] * 2);
    return { sma: Array.from(sma(close, 2)), own: Array.from(own), max: Math.max(...close) };
  },
  globals: () => {
    const readable: string[] = [];
    const refused: string[] = [];
    for (const name of Object.getOwnPropertyNames(globalThis)) {
      try {
        void (globalThis as any)[name];
        readable.push(name);
      } catch {
        refused.push(name);
      }
    }
    return { readable, refused };
  },
});
`);
    expect(await run({ source, call: 'run', args: [[1, 2, 3]] })).toEqual({ sma: [Number.NaN, 1.5, 2.5], own: [2, 4, 6], max: 3 });
    const { readable, refused } = (await run({ source, call: 'globals' })) as { readable: string[]; refused: string[] };
    for (const name of ['Float64Array', 'Float32Array', 'Math', 'Array', 'Map', 'JSON', 'Promise']) expect(readable).toContain(name);
    for (const name of ['process', 'require', 'fetch', 'setTimeout', 'SharedArrayBuffer', 'Atomics', 'WebAssembly', 'console', 'Buffer', 'FinalizationRegistry', 'WeakRef']) {
      expect(refused).toContain(name);
    }
    // Besides constructors and namespaces (Array, Math…): the language's functions and values.
    expect(readable.filter((name) => !/^[A-Z]/.test(name)).sort()).toEqual([
      'decodeURI', 'decodeURIComponent', 'encodeURI', 'encodeURIComponent', 'escape', 'eval', 'globalThis', 'harden',
      'isFinite', 'isNaN', 'lockdown', 'parseFloat', 'parseInt', 'undefined', 'unescape',
    ]);
  });

  it("cannot read another run's data: nothing a run leaves behind is visible to the next", async () => {
    const secret = `secret-${Date.now()}`;
    const writer = compileStrategy(`import barwise, { defineStrategy, sma } from 'barwise';

let kept = '';
const tries: string[] = [];
const attempt = (where: string, write: () => void) => {
  try { write(); tries.push(where + ': kept'); } catch { tries.push(where + ': refused'); }
};
export default defineStrategy({
  name: 'writer',
  run: (data: { secret: string }) => {
    kept = data.secret;
    attempt('global', () => { (globalThis as any).stash = data.secret; });
    attempt('sdk', () => { (barwise as any).stash = data.secret; });
    attempt('sdk function', () => { (sma as any).stash = data.secret; });
    attempt('Object.prototype', () => { (Object.prototype as any).stash = data.secret; });
    attempt('Function.prototype', () => { (Function.prototype as any).stash = data.secret; });
    attempt('Math', () => { (Math as any).stash = data.secret; });
    return tries;
  },
});
`);
    expect(await run({ source: writer, call: 'run', args: [{ secret }] })).toEqual([
      'global: refused',
      'sdk: refused',
      'sdk function: refused',
      'Object.prototype: refused',
      'Function.prototype: refused',
      'Math: refused',
    ]);
    const reader = compileStrategy(`import barwise, { defineStrategy, sma } from 'barwise';

let kept: string | undefined;
export default defineStrategy({
  name: 'reader',
  run: () => [kept, (globalThis as any).stash, (barwise as any).stash, (sma as any).stash, ({} as any).stash, (Math as any).stash],
});
`);
    expect(await run({ source: reader, call: 'run' })).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it("names the user's file and line in a stack: sucrase keeps the TypeScript's lines", async () => {
    const ts = `import { defineStrategy, sma } from 'barwise';

interface Levels {
  readonly fast: number;
  readonly slow: number;
}
type Series = Float64Array;

export default defineStrategy({
  name: 'lines',
  init(close: number[]): Levels {
    const series: Series = sma(close, 2);
    const levels: Levels = { fast: series[1], slow: Number.NaN };
    if (Number.isNaN(levels.slow)) throw new RangeError('slow is NaN on line 14');
    return levels;
  },
});
`;
    const thrown = await failure({ source: compileStrategy(ts, 'strategies/lines.ts'), call: 'init', args: [[1, 2, 3]] });
    expect(thrown.message).toBe('slow is NaN on line 14');
    expect(thrown.stack).toMatch(/RangeError: slow is NaN on line 14\n\s+at Object\.init \(strategies\/lines\.ts:14:\d+\)/);

    const topLevel = ts.replace("export default", "const broken: Levels | undefined = undefined;\nif (!broken) throw new Error('thrown on line 10');\nexport default");
    const atTop = await failure({ source: compileStrategy(topLevel, 'strategies/lines.ts') });
    expect(atTop).toMatchObject({ code: 'STRATEGY_ERROR', message: 'strategies/lines.ts:10: thrown on line 10' });
    expect(atTop.stack).toMatch(/strategies\/lines\.ts:10:\d+/);
  });

  it('refuses a source that is not one', async () => {
    const source = { ...compileStrategy(moduleWith('')), code: 42 } as unknown as StrategySource;
    expect(await failure({ source })).toMatchObject({ code: 'VALIDATION_FAILED', message: 'a strategy source needs a fileName and code, both strings' });
  });

  it('evaluates each run in a fresh Compartment: a default export per module, none without one', async () => {
    expect(await run({ source: compileStrategy("import { defineStrategy } from 'barwise';\nexport default defineStrategy({ name: 'a' });") })).toBe('evaluated');
    expect(await run({ source: compileStrategy("import { sma } from 'barwise';\nexport const x = sma;") })).toBe('no default export');
  });
});
