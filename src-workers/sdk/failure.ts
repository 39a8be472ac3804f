import { BarwiseError } from '../../src-shared/errors';
import { lineIn, stackOf, where } from './user-frame';

/**
 * What a strategy's own code threw, as a STRATEGY_ERROR naming the line of its file where it
 * happened (the innermost frame in that file). A BarwiseError (a refusal of the SDK, already
 * naming its line; a cancellation) passes through as it is.
 */
export function failure(error: unknown, phase: string, file: string, bar?: number): BarwiseError {
  if (error instanceof BarwiseError) return error;
  const line = lineIn(stackOf(error), file);
  const at = bar === undefined ? '' : ` at bar ${bar}`;
  return new BarwiseError('STRATEGY_ERROR', `${where(file, line)}${phase} threw${at}: ${describe(error)}`);
}

/** "TypeError: x is not a function", for an Error of this realm or of the sandbox's. */
function describe(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const { name, message } = error as { name?: unknown; message?: unknown };
    if (typeof message === 'string') return typeof name === 'string' && name !== '' ? `${name}: ${message}` : message;
  }
  try {
    return String(error);
  } catch {
    return 'a value that cannot be shown as text';
  }
}
