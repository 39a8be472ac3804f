import type { ParseArgsConfig } from 'node:util';
import { BarwiseError, type ErrorCode } from '../../src-shared/errors';
import type { Barwise } from '../barwise';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface CommandContext {
  /** Opened lazily: `--help` and usage errors never touch the data dir. */
  barwise(): Barwise;
  readonly values: Record<string, string | boolean | string[] | undefined>;
  readonly positionals: readonly string[];
  readonly json: boolean;
  /** The environment the command runs in (BARWISE_PG_URL and friends). */
  readonly env: NodeJS.ProcessEnv;
  /** Human output (suppressed under --json). */
  print(line: string): void;
  /** Progress on a TTY (stderr), never under --json. */
  progress(fraction: number, message: string): void;
}

export interface Command {
  /** One or two words: `info`, `dataset show`. */
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  /** How many arguments besides options it takes (default none): a stray word is refused, not ignored. */
  readonly positionals?: number;
  readonly options?: OptionSpec;
  /** What the options mean, as `--help` lists them: [the option as written, what it does]. */
  readonly optionHelp?: readonly (readonly [string, string])[];
  /** The value printed as JSON under --json; human output goes through ctx.print. */
  run(ctx: CommandContext): Promise<unknown>;
}

/** Rows of [term, text] as an indented two-column list, the terms padded to the longest: help and statistics alike. */
export function twoColumns(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(0, ...rows.map(([term]) => term.length));
  return rows.map(([term, text]) => `  ${term.padEnd(width)}  ${text}`);
}

/** Options every command takes. */
export const COMMON_OPTIONS: OptionSpec = {
  json: { type: 'boolean', default: false },
  'data-dir': { type: 'string' },
  threads: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
};

/**
 * A command that fails with something to show (a check's findings): the command prints them as it
 * goes, `report` is printed under --json, and then the one-line error, with a non-zero exit.
 */
export class ReportedFailure extends BarwiseError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly report: unknown,
  ) {
    super(code, message);
  }
}
