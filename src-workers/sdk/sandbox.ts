/// <reference types="ses" />
// (the globals that src-workers/lockdown.ts installs: Compartment, harden)
import { BarwiseError } from '../../src-shared/errors';
import type { StrategySource } from '../../src-shared/sdk/source';

/** The one module a strategy may import. */
export const SDK_MODULE = 'barwise';

/**
 * Globals a strategy gets beyond what SES gives every Compartment (the frozen language
 * intrinsics: Array, Math, JSON, Map, Int32Array…; no host objects). SES leaves the float typed
 * arrays out because of a NaN bit-pattern side channel, which is no concern here and which would
 * otherwise stop a strategy from building its own series.
 */
const EXTRA_GLOBALS = ['Float32Array', 'Float64Array'] as const;

/**
 * Host names a strategy might reach for. A Compartment has none of them, and SES reads a name it
 * does not have as `undefined` (so `process.env` would fail as "Cannot read properties of
 * undefined"); reading one of these throws instead, saying why.
 */
const HOST_GLOBALS = [
  'process', 'require', 'module', 'exports', '__dirname', '__filename', 'global', 'Buffer', 'console',
  'fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'navigator', 'Worker', 'performance', 'crypto',
  'setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate',
  'queueMicrotask', 'structuredClone', 'SharedArrayBuffer', 'Atomics', 'WebAssembly',
  'FinalizationRegistry', 'WeakRef',
] as const;

const hardenedSdks = new WeakMap<object, object>();
/** Refusals thrown inside the Compartment, recognised again when they come out of it. */
const refusals = new WeakSet<object>();

/**
 * Evaluates a compiled strategy module in a fresh SES Compartment whose only import is the SDK;
 * returns its default export. Errors are BarwiseErrors: STRATEGY_INVALID for a module that is not
 * allowed (another import, `import()`, direct `eval`), STRATEGY_ERROR for an exception at its top
 * level; both messages start `fileName:line: `.
 */
export function evaluateStrategyModule(source: StrategySource, sdk: object): unknown {
  assertLockedDown();
  const { fileName, code } = source;
  if (typeof fileName !== 'string' || typeof code !== 'string') {
    throw new BarwiseError('VALIDATION_FAILED', 'a strategy source needs a fileName and code, both strings');
  }
  const barwise = hardenedSdk(sdk);
  const require = harden((specifier: unknown) => {
    if (specifier === SDK_MODULE) return barwise;
    const refusal = new TypeError(`a strategy can import only from '${SDK_MODULE}', not '${String(specifier)}'`);
    refusals.add(refusal);
    throw refusal;
  });
  const compartment = new Compartment({
    __options__: true,
    name: fileName,
    // SES reads `globals` as a plain object (its typings say Map).
    globals: Object.fromEntries(EXTRA_GLOBALS.map((name) => [name, globalThis[name]])) as unknown as Map<string, unknown>,
  });
  refuseHostGlobals(compartment.globalThis);
  // Frozen before the first evaluate: SES then binds every global as a constant instead of
  // looking it up through its scope proxy, which made `Math.max` in a per-bar loop ~40× slower.
  Object.freeze(compartment.globalThis);
  const module = { exports: {} as Record<string, unknown> };
  // The module's code starts on the wrapper's first line, so a line in a stack frame is a line
  // of the compiled code, which sucrase keeps equal to the line in the user's TypeScript.
  const wrapped = `(function (require, module, exports) {${code}\n})\n//# sourceURL=${sourceUrl(fileName)}\n`;
  let factory: (req: typeof require, mod: typeof module, exports: object) => void;
  try {
    factory = compartment.evaluate(wrapped);
  } catch (error) {
    throw refusedSource(error, fileName);
  }
  try {
    factory(require, module, module.exports);
  } catch (error) {
    throw thrownAtTopLevel(error, fileName);
  }
  return module.exports.default;
}

/** The line of the first stack frame in `fileName` (the user's file), if any. */
export function userLine(error: unknown, fileName: string): number | undefined {
  const stack = safely(() => (error as { stack?: unknown } | null)?.stack);
  if (typeof stack !== 'string') return undefined;
  // A frame reads `at fn (strategies/x.ts:14:9)` or `at strategies/x.ts:14:9`; a host file
  // whose path merely ends the same (…/src-workers/strategies/x.ts) is not the user's.
  const escaped = sourceUrl(fileName).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`[(\\s]${escaped}:(\\d+):\\d+`).exec(stack);
  return match ? Number(match[1]) : undefined;
}

function assertLockedDown(): void {
  if (typeof harden !== 'function' || typeof Compartment !== 'function' || !Object.isFrozen(Object.prototype)) {
    // A wiring bug, never the user's: every task worker imports src-workers/lockdown.ts first.
    throw new BarwiseError('INTERNAL', 'strategy code runs only in a locked-down worker (src-workers/lockdown.ts)');
  }
  // The SDK throws BarwiseErrors at strategies that break its rules; one caught there leads to
  // the class through its prototype, which must not be changeable for the runs after it.
  harden(BarwiseError);
}

/** A frozen copy of the SDK: a strategy cannot change it for the runs after it in this worker. */
function hardenedSdk(sdk: object): object {
  let hardened = hardenedSdks.get(sdk);
  if (!hardened) {
    // A copy, because a module namespace object cannot be frozen; `harden` freezes everything
    // reachable from it (functions, their prototypes, nested objects).
    hardened = harden({ ...sdk });
    hardenedSdks.set(sdk, hardened);
  }
  return hardened;
}

function refuseHostGlobals(global: Record<PropertyKey, unknown>): void {
  for (const name of HOST_GLOBALS) {
    const refuse = harden(() => {
      throw new ReferenceError(
        `${name} is not available to a strategy: it runs sandboxed, with the JavaScript language and the '${SDK_MODULE}' module only`,
      );
    });
    Object.defineProperty(global, name, { get: refuse, enumerable: false, configurable: false });
  }
}

/** `//# sourceURL` ends at a space or a newline; a file name with one still names its file. */
const sourceUrl = (fileName: string) => fileName.replace(/[\s]/g, '_');

/** SES refuses some source text before it runs: say what and where in the strategy's terms. */
function refusedSource(error: unknown, fileName: string): BarwiseError {
  const message = describe(error);
  const found = /rejected at .*?:(\d+)\. \((SES_\w+)\)/.exec(message);
  const line = found ? Number(found[1]) : userLine(error, fileName);
  const where = line === undefined ? fileName : `${fileName}:${line}`;
  const what: Record<string, string> = {
    SES_IMPORT_REJECTED: `import() is not allowed: a strategy imports only from '${SDK_MODULE}' (the text "import(" is refused even in a comment or a string)`,
    SES_EVAL_REJECTED: 'direct eval is not allowed in a strategy',
    SES_HTML_COMMENT_REJECTED: 'HTML-like comments (<!-- and -->) are not allowed in a strategy',
  };
  return new BarwiseError('STRATEGY_INVALID', `${where}: ${(found && what[found[2]]) || message}`);
}

function thrownAtTopLevel(error: unknown, fileName: string): BarwiseError {
  const line = userLine(error, fileName);
  const where = line === undefined ? fileName : `${fileName}:${line}`;
  if (typeof error === 'object' && error !== null && refusals.has(error)) {
    return new BarwiseError('STRATEGY_INVALID', `${where}: ${(error as Error).message}`);
  }
  const thrown = new BarwiseError('STRATEGY_ERROR', `${where}: ${describe(error)}`);
  const stack = safely(() => (error as { stack?: unknown } | null)?.stack);
  if (typeof stack === 'string') thrown.stack = stack;
  return thrown;
}

/** The message of anything thrown; reading a user's object may throw in turn. */
function describe(error: unknown): string {
  return (
    safely(() => {
      if (error instanceof Error) return `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}`;
      return `threw ${typeof error === 'string' ? JSON.stringify(error) : String(error)}`;
    }) ?? 'threw a value that cannot be shown'
  );
}

function safely<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
