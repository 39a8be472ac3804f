import type { BestVariant } from '../../src-shared/api/optimizations';
import type { ParamValues } from '../../src-shared/backtest';
import type { Db } from '../store/db';
import { saveVariants, storedIndices, type VariantRecord } from './repository';

/** A variant to run: its number in the search and every parameter's value. */
export interface PlannedVariant {
  readonly index: number;
  readonly params: Readonly<ParamValues>;
}

export interface SweepOptions {
  readonly db: Db;
  readonly optimizationId: string;
  /** 0 for a search; the walk-forward window otherwise. */
  readonly window: number;
  readonly maximize: boolean;
  /** Keep the optimization's best up to date (a search's; a walk-forward window's best is its own). */
  readonly trackBest: boolean;
  /** Variants per pool task: enough that a task's fixed cost (the message, sharing indicators) is small beside its work. */
  readonly chunkSize: number;
  /** Chunks queued on the pool at once: the pool stays busy, and a cancel or failure has little queued behind it. */
  readonly inFlight: number;
  readonly signal: AbortSignal;
  /** Runs one chunk on the pool. */
  runChunk(variants: readonly PlannedVariant[]): Promise<readonly VariantRecord[]>;
  /** After each chunk is stored: the best so far and how many variants the chunk added. */
  onStored?(best: BestVariant | null, added: number): void;
}

/** Splits variants into chunks of at most `size`, in order. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/**
 * Runs the variants a window does not have yet, chunk by chunk on the pool, and stores each chunk
 * as it finishes, in one transaction. Variants already stored (a resumed optimization) are not run
 * again: each is identified by its index in the search, and the search numbers its variants the
 * same every time, so the finished table equals an uninterrupted run's. A failed chunk stops new
 * ones from starting; those in flight are awaited (and stored) before the error is thrown, so
 * what was computed is kept for a retry.
 */
export async function sweep(variants: readonly PlannedVariant[], options: SweepOptions): Promise<void> {
  const stored = storedIndices(options.db, options.optimizationId, options.window);
  const pending = chunk(
    variants.filter((v) => !stored.has(v.index)),
    options.chunkSize,
  );
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (next < pending.length && failure === undefined && !options.signal.aborted) {
      const variantsOfChunk = pending[next++];
      try {
        const results = await options.runChunk(variantsOfChunk);
        if (options.signal.aborted) return;
        const best = saveVariants(options.db, options.optimizationId, options.window, results, options.maximize && options.trackBest ? 'maximize' : options.trackBest ? 'minimize' : null);
        options.onStored?.(best, results.length);
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.inFlight, pending.length)) }, worker));
  if (failure !== undefined) throw failure;
}
