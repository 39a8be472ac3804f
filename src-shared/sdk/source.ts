export interface StrategySource {
  /** The strategy's id: the file's base name for a user strategy (`my-sma-cross`). */
  readonly id: string;
  /** Shown in errors: `strategies/my-sma-cross.ts`. */
  readonly fileName: string;
  /** JavaScript from the TypeScript file: CommonJS (`require('barwise')`, `exports.default`), lines kept where they were. */
  readonly code: string;
  /** sha256 of the TypeScript text as saved: recorded in a run's provenance. */
  readonly sourceHash: string;
}
