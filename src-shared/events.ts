/**
 * Events main pushes to every connected front end (renderer over MessagePort or WebSocket; the
 * CLI in-process). Each feature adds its own variant; `topic` discriminates.
 */
export interface ProgressEvent {
  readonly topic: 'progress';
  /** What is progressing: a job id, or an import's id. */
  readonly id: string;
  readonly fraction: number;
  readonly message: string;
}

export interface JobChangedEvent {
  readonly topic: 'job';
  readonly id: string;
  /** queued | running | completed | failed | cancelled (see src-shared/api/jobs.ts). */
  readonly status: string;
  readonly kind?: string;
  readonly progress?: number;
  /** Set when the job failed or was cancelled. */
  readonly error?: { readonly code: string; readonly message: string } | null;
}

/**
 * User strategies changed: a file was added, edited (in the app or in another editor), renamed or
 * removed, or its look-ahead check finished. `ids` names them; the list is read again with
 * `strategies.list`.
 */
export interface StrategiesChangedEvent {
  readonly topic: 'strategies';
  readonly ids: readonly string[];
}

/**
 * An optimization stored more variants (a chunk finished) or changed status: the Optimize page
 * updates its progress, best-so-far and table from it; `optimizations.get` has the rest.
 */
export interface OptimizationChangedEvent {
  readonly topic: 'optimization';
  readonly id: string;
  readonly status: string;
  readonly variantsDone: number;
  readonly variantsTotal: number;
  /** The best objective so far (null before any variant had one). */
  readonly bestObjective: number | null;
}

export type BarwiseEvent = ProgressEvent | JobChangedEvent | StrategiesChangedEvent | OptimizationChangedEvent;
export type BarwiseEventListener = (event: BarwiseEvent) => void;
