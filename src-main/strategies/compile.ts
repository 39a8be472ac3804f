import { createHash } from 'node:crypto';
import { transform } from 'sucrase';
import type { StrategyProblem } from '../../src-shared/api/strategies';
import { BarwiseError } from '../../src-shared/errors';
import { MAX_STRATEGY_CODE_CHARS, type StrategySource } from '../../src-shared/sdk/source';

/** sha256 of a strategy's text as saved (UTF-8): what a run's provenance records. */
export function sourceHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** What a strategy file holds, named and hashed: the input to the compiler. */
export interface StrategyText {
  /** The strategy's id: the file's base name (`my-sma-cross`). */
  readonly id: string;
  /** As errors name it: `strategies/my-sma-cross.ts`, or a path given to the CLI. */
  readonly fileName: string;
  readonly text: string;
}

export type CompileOutcome =
  | { readonly ok: true; readonly source: StrategySource }
  | { readonly ok: false; readonly problem: StrategyProblem; readonly sourceHash: string };

/** 1-based line and column of a character offset. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

/**
 * TypeScript (or JavaScript, by the file's extension) to the CommonJS a worker evaluates in its
 * sandbox. sucrase only removes types and rewrites `import`/`export` to `require`/`exports`, and
 * keeps every line where it was, so a line a worker names in an error is the line in the user's
 * file; it does not type-check (the editor does that). Main never evaluates the result.
 */
export function compileStrategy({ id, fileName, text }: StrategyText): CompileOutcome {
  const hash = sourceHash(text);
  const isJs = /\.[cm]?js$/i.test(fileName);
  let code: string;
  try {
    code = transform(text, { transforms: isJs ? ['imports'] : ['typescript', 'imports'] }).code;
  } catch (error) {
    const { message, pos } = error as { message?: unknown; pos?: unknown };
    const text0 = typeof message === 'string' ? message : String(error);
    // sucrase appends "(line:column)" to its message; the position is said separately here.
    const reason = text0.replace(/\s*\(\d+:\d+\)\s*$/, '');
    const at = typeof pos === 'number' ? lineAndColumn(text, pos) : undefined;
    return { ok: false, sourceHash: hash, problem: { kind: 'compile', message: reason, ...at } };
  }
  if (code.length > MAX_STRATEGY_CODE_CHARS) {
    const message = `compiles to ${code.length.toLocaleString('en-US')} characters, more than the ${MAX_STRATEGY_CODE_CHARS.toLocaleString('en-US')} a strategy may have`;
    return { ok: false, sourceHash: hash, problem: { kind: 'compile', message } };
  }
  return { ok: true, source: { id, fileName, code, sourceHash: hash } };
}

/** `strategies/x.ts:3:10: Unexpected token` — a problem as one line that names where it is. */
export function problemText(fileName: string, problem: StrategyProblem): string {
  if (problem.line === undefined) return `${fileName}: ${problem.message}`;
  // A worker's message may already start with the place (`strategies/x.ts:14: …`).
  if (problem.message.startsWith(`${fileName}:`)) return problem.message;
  return `${fileName}:${problem.line}${problem.column === undefined ? '' : `:${problem.column}`}: ${problem.message}`;
}

/** The compiled source, or STRATEGY_COMPILE_FAILED naming the file, line and column. */
export function compileOrThrow(file: StrategyText): StrategySource {
  const outcome = compileStrategy(file);
  if (!outcome.ok) throw new BarwiseError('STRATEGY_COMPILE_FAILED', problemText(file.fileName, outcome.problem));
  return outcome.source;
}
