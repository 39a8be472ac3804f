import { z } from 'zod';

/**
 * A user strategy as main sends it to a worker: compiled, named and hashed. Main compiles the
 * TypeScript file with sucrase (`transforms: ['typescript', 'imports']`), which keeps every line
 * where it was, so a line named in an error is a line of the user's file. The worker evaluates
 * `code` only inside the sandbox (src-workers/sdk/sandbox.ts), whose only import is the SDK.
 */
export interface StrategySource {
  /** The strategy's id: the file's base name for a user strategy (`my-sma-cross`). */
  readonly id: string;
  /** Shown in errors and stack traces: `strategies/my-sma-cross.ts`. */
  readonly fileName: string;
  /** JavaScript from the TypeScript file: CommonJS (`require('barwise')`, `exports.default`), lines kept where they were. */
  readonly code: string;
  /** sha256 of the TypeScript text as saved: recorded in a run's provenance. */
  readonly sourceHash: string;
}

/** The most code a strategy file may compile to (a strategy is tens of lines; this is a runaway file). */
export const MAX_STRATEGY_CODE_CHARS = 1_000_000;

/** Checked where a source enters a worker task. */
export const strategySourceSchema = z.object({
  id: z.string().min(1).max(100),
  fileName: z.string().min(1).max(500),
  code: z.string().max(MAX_STRATEGY_CODE_CHARS),
  sourceHash: z.string().min(1).max(200),
});
