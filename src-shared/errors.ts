/**
 * Errors cross every boundary (comlink, WebSocket, CLI) as plain `{ code, message }` values:
 * `instanceof` does not survive a hop, so callers branch on the stable `code`.
 */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'UNKNOWN_METHOD',
  'INTERNAL',
  'CONNECTION_CLOSED',
  'DATABASE_TOO_NEW',
  'DATABASE_MIGRATION_FAILED',
  'DATABASE_UNREADABLE',
  'DATASET_NOT_FOUND',
  'RUN_NOT_FOUND',
  'JOB_NOT_FOUND',
  'INVALID_TRANSITION',
  'CSV_BAD_ROW',
  'CSV_UNREADABLE',
  'CSV_AMBIGUOUS',
  'IMPORT_ABORTED',
  'ALREADY_IMPORTED',
  'TOO_MANY_UPLOADS',
  'UPLOAD_TOO_LARGE',
  'NOT_ENOUGH_DISK_SPACE',
  'CANCELLED',
  'INTERRUPTED',
  'TASK_FAILED',
  'TASK_TIMEOUT',
  'WORKER_CRASHED',
  'WORKER_OUT_OF_MEMORY',
  'QUEUE_FULL',
  'POOL_CLOSED',
  'STRATEGY_NOT_FOUND',
  /** The module is not a strategy, or its declaration is wrong (a parameter, a rule, a default). */
  'STRATEGY_INVALID',
  /** A strategy's init, next or signals threw, or asked for something the SDK refuses; the message names the file and line. */
  'STRATEGY_ERROR',
  /** A strategy read a bar after the current one. */
  'LOOK_AHEAD',
  /** A strategy file does not parse as TypeScript (or JavaScript); the message names the file, line and column. */
  'STRATEGY_COMPILE_FAILED',
  /** A user strategy of that id (a file of that name) exists already, or the id is a built-in's. */
  'STRATEGY_EXISTS',
  'INVALID_CONFIG',
  /** An optimization (search, walk-forward, Monte Carlo) of that id does not exist. */
  'OPTIMIZATION_NOT_FOUND',
  /** A grid or sample larger than a search may run (MAX_VARIANTS). */
  'SEARCH_SPACE_TOO_LARGE',
  /** Too little data for the analysis asked: no walk-forward window fits, fewer than 16 variants for PBO, no trades to resample. */
  'NOT_ENOUGH_DATA',
  'RUN_READ_ONLY',
  'TEAM_NOT_CONFIGURED',
  'TEAM_AUTH_FAILED',
  'TEAM_DATABASE_NOT_FOUND',
  'TEAM_UNREACHABLE',
  'TEAM_TLS_REQUIRED',
  'TEAM_TLS_FAILED',
  'TEAM_TIMEOUT',
  'TEAM_CONNECTION_LOST',
  'TEAM_POOL_EXHAUSTED',
  'TEAM_SCHEMA_TOO_NEW',
  'TEAM_SERVER_ERROR',
  'TEAM_CONFLICT',
  'TEAM_SECRET_FILE_UNSAFE',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorValue {
  readonly code: ErrorCode;
  readonly message: string;
}

export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: ErrorValue };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string): Result<never> => ({
  ok: false,
  error: { code, message },
});

/** Thrown inside a process; converted to an ErrorValue at the boundary by `toErrorValue`. */
export class BarwiseError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'BarwiseError';
    this.code = code;
  }
  toValue(): ErrorValue {
    return { code: this.code, message: this.message };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Any thrown value → `{ code, message }`. Unknown throws become INTERNAL, keeping their message. */
export function toErrorValue(error: unknown): ErrorValue {
  if (error instanceof BarwiseError) return error.toValue();
  if (typeof error === 'object' && error !== null) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (isErrorCode(code) && typeof message === 'string') return { code, message };
    if (typeof message === 'string') return { code: 'INTERNAL', message };
  }
  return { code: 'INTERNAL', message: String(error) };
}

export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw new BarwiseError(result.error.code, result.error.message);
}
