import { z } from 'zod';
import type { StrategyInfo } from '../backtest';
import { method, returns } from './define';

/**
 * The `strategies` feature: built-in strategies (read-only) and the user's own, which live as
 * TypeScript files in the data directory's `strategies/` folder (docs/strategies.md). Main
 * compiles a user file, has a sandboxed worker describe it (name, parameters) and run the
 * look-ahead check on it, and watches the folder, so an edit in another editor shows up here.
 */

/** A user strategy's id is its file name without `.ts`: what `--strategy` and a run's config name. */
export const strategyIdSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes, starting with a letter or digit');

/** Something wrong with a strategy, where it is known to be. */
export interface StrategyProblem {
  /** compile: the TypeScript does not parse; load: the module does not define a strategy; look-ahead: a decision reads a later bar. */
  readonly kind: 'compile' | 'load' | 'look-ahead';
  readonly message: string;
  /** 1-based line and column in the strategy's file, when known. */
  readonly line?: number;
  readonly column?: number;
}

export interface LookAheadResult {
  readonly passed: boolean;
  /** Epoch ms of the check; it runs when a file is saved (or found changed). */
  readonly checkedAt: number;
  readonly findings: readonly StrategyProblem[];
}

/**
 * A strategy as the Strategies page and the backtest form list it. For a user file that does not
 * compile or load, `name` is its id, `params` are empty and `problems` say why; `runnable` is
 * false until it is fixed.
 */
export interface StrategyEntry extends StrategyInfo {
  readonly origin: 'builtin' | 'user';
  /** `strategies/<id>.ts` (user), or the built-in's source file name. */
  readonly fileName: string;
  /** sha256 of the source text: recorded in each run's provenance. */
  readonly sourceHash: string;
  readonly runnable: boolean;
  readonly problems: readonly StrategyProblem[];
  /** null until checked (built-ins are checked by the test suite, not at run time). */
  readonly lookAhead: LookAheadResult | null;
  /** A look-ahead check of this source is under way; a `strategies` event follows when it ends. */
  readonly checking?: boolean;
  readonly updatedAt: number;
}

export interface StrategyFile {
  readonly entry: StrategyEntry;
  /** The TypeScript text (a built-in's too: read-only, "Duplicate to edit"). */
  readonly code: string;
}

export interface StrategyTemplate {
  readonly id: string;
  readonly name: string;
  readonly description: string;
}

const id = strategyIdSchema;

/** The most text a strategy file may hold (a strategy is tens of lines; this is a runaway file). */
export const MAX_STRATEGY_TEXT_CHARS = 1_000_000;

export const strategiesSpec = {
  /** Built-ins first, then the user's files, by name. */
  list: method(z.object({}).strict(), returns<readonly StrategyEntry[]>()),
  get: method(z.object({ id: z.string().min(1) }).strict(), returns<StrategyFile>()),
  templates: method(z.object({}).strict(), returns<readonly StrategyTemplate[]>()),
  /** A new user file from a template, or a copy of any strategy (`from`: "Duplicate to edit"). */
  create: method(
    z
      .object({ id, template: z.string().min(1).optional(), from: z.string().min(1).optional() })
      .strict()
      .refine((v) => !(v.template && v.from), { message: 'give a template or a strategy to copy, not both' }),
    returns<StrategyFile>(),
  ),
  /** Writes the file, then compiles, describes and checks it; problems come back in the entry, not as an error. */
  save: method(z.object({ id, code: z.string().max(MAX_STRATEGY_TEXT_CHARS) }).strict(), returns<StrategyFile>()),
  rename: method(z.object({ id, to: id }).strict(), returns<StrategyEntry>()),
  /** Runs keep their results and record the source hash they ran. */
  delete: method(z.object({ id }).strict(), returns<{ readonly removed: true }>()),
  /** Compiles, describes and runs the look-ahead check again. */
  check: method(z.object({ id: z.string().min(1) }).strict(), returns<StrategyEntry>()),
};
