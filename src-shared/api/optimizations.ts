import { z } from 'zod';
import { backtestConfigSchema, type ParamValue, type ParamValues, type RunStats } from '../backtest';
import { monteCarloSpecSchema, type MonteCarloResult } from '../optimize/montecarlo';
import { VARIANT_STATS } from '../optimize/results';
import { searchSpecSchema } from '../optimize/search';
import { walkForwardSpecSchema } from '../optimize/walk-forward';
import { JOB_STATUSES, type Job, type JobStatus } from './jobs';
import type { ExportedFile } from './runs';
import { method, returns } from './define';
import { MAX_STRATEGY_TEXT_CHARS } from './strategies';
import { timeframeSchema } from './timeframe';

/**
 * Optimizations: parameter searches (grid, random, Bayesian), walk-forward analyses and Monte
 * Carlo studies of a run, stored with every variant's statistics (docs/optimize-app.md).
 */

export const OPTIMIZATION_KINDS = ['grid', 'random', 'bayesian', 'walk-forward', 'monte-carlo'] as const;
export type OptimizationKind = (typeof OPTIMIZATION_KINDS)[number];
/** An optimization moves as its job does: queued → running → completed | failed | cancelled. */
export type OptimizationStatus = JobStatus;

/** The statistics each variant keeps (and the results table sorts and filters by): the worker's list. */
export const VARIANT_STAT_KEYS = VARIANT_STATS;
export type VariantStatKey = (typeof VARIANT_STAT_KEYS)[number];
export type VariantStats = { readonly [K in VariantStatKey]: number | null };

export interface OptimizationSummary {
  readonly id: string;
  readonly name: string;
  readonly notes: string;
  readonly kind: OptimizationKind;
  readonly strategyId: string;
  /** null once the dataset was deleted. */
  readonly datasetId: string | null;
  readonly datasetName: string;
  /** The run a Monte Carlo study resamples (null once it was deleted, and for searches). */
  readonly runId: string | null;
  readonly status: OptimizationStatus;
  readonly error: { readonly code: string; readonly message: string } | null;
  /** The job running it now (or that ran it last). */
  readonly jobId: string | null;
  readonly variantsTotal: number;
  readonly variantsDone: number;
  readonly best: BestVariant | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly finishedAt: number | null;
}

export interface OptimizationDetail extends OptimizationSummary {
  /** The request it was created from, as validated. */
  readonly spec: unknown;
  /** What it found besides the variants, once completed: diagnostics, walk-forward windows, Monte Carlo figures. */
  readonly summary: OptimizationResultSummary | null;
}

export interface BestVariant {
  readonly index: number;
  readonly params: ParamValues;
  readonly objective: number;
  readonly stats: VariantStats;
}

export interface VariantRow {
  /** The variant's place in the search (stable: the same search numbers its variants the same). */
  readonly index: number;
  readonly window: number;
  readonly params: ParamValues;
  readonly objective: number | null;
  /** False when it broke a constraint on statistics (trades >= 10): shown, never the best. */
  readonly feasible: boolean;
  /** The constraints it broke, as written. */
  readonly broken: readonly string[];
  /** Set when the variant's run failed (the strategy threw): the search went on without it. */
  readonly error: { readonly code: string; readonly message: string } | null;
  readonly stats: VariantStats;
}

/** The mean objective of the best variant's neighbours on the grid (docs/optimize-app.md). */
export interface Stability {
  /** Neighbours with an objective (their mean is `meanObjective`). */
  readonly neighbours: number;
  /** Neighbours that ran but have no objective (no trades, a failed run, a broken constraint). */
  readonly missing: number;
  readonly meanObjective: number | null;
}

/** The objective over two parameters, the others at the best's values: `cells[row][column]` for yValues[row], xValues[column]. */
export interface Heatmap {
  readonly x: string;
  readonly y: string;
  readonly xValues: readonly ParamValue[];
  readonly yValues: readonly ParamValue[];
  readonly cells: readonly (readonly (number | null)[])[];
  /** The other varied parameters, held at the best variant's values. */
  readonly fixed: Readonly<ParamValues>;
}

/**
 * The overfitting diagnostics of a search (docs/optimization.md): the deflated Sharpe ratio of the
 * best variant given how many were tried, and with at least 16 variants the probability of
 * backtest overfitting (CSCV). null where they cannot be computed (too few variants or returns).
 */
export interface Diagnostics {
  /** Variants with a Sharpe ratio: the trials N. */
  readonly trials: number;
  /** The best's Sharpe ratio per period (not annualized), and its annualized figure as the run reports it. */
  readonly bestSharpePerPeriod: number | null;
  readonly bestSharpe: number | null;
  /** The Sharpe ratio (per period) the best of N unskilled trials would reach: SR₀. */
  readonly expectedMaxSharpe: number | null;
  /** P(true Sharpe > 0) after deflating for N trials, 0…1. */
  readonly deflatedSharpe: number | null;
  /** Probability of backtest overfitting, 0…1 (null with fewer than 16 variants). */
  readonly pbo: number | null;
  /** Blocks CSCV used (S). */
  readonly pboBlocks: number | null;
  /** The plain-words sentence shown beside the best. */
  readonly sentence: string;
}

export interface SearchSummary {
  readonly kind: 'search';
  readonly stability: Stability | null;
  readonly diagnostics: Diagnostics | null;
  /** Combinations in the whole grid, and those left out by the strategy's rules or parameter constraints. */
  readonly gridSize: number | null;
  readonly skipped: number | null;
}

export interface WalkForwardWindowSummary {
  readonly index: number;
  readonly isFrom: number;
  readonly isTo: number;
  readonly oosFrom: number;
  readonly oosTo: number;
  readonly bestParams: ParamValues | null;
  readonly isObjective: number | null;
  readonly oosObjective: number | null;
  readonly isAnnualizedReturnPct: number | null;
  readonly oosAnnualizedReturnPct: number | null;
  readonly oosReturnPct: number | null;
  readonly oosTrades: number;
  readonly efficiency: number | null;
}

export interface WalkForwardSummary {
  readonly kind: 'walk-forward';
  readonly windows: readonly WalkForwardWindowSummary[];
  /** The out-of-sample runs joined: statistics over every bar, the curve downsampled for a chart. */
  readonly stitched: { readonly stats: RunStats; readonly time: readonly number[]; readonly equity: readonly number[]; readonly trades: number };
  /** Annualized OOS return ÷ mean annualized IS return of the chosen parameters. */
  readonly efficiency: number | null;
}

export interface MonteCarloSummary {
  readonly kind: 'monte-carlo';
  readonly result: MonteCarloResult;
  readonly runName: string;
  readonly trades: number;
}

export type OptimizationResultSummary = SearchSummary | WalkForwardSummary | MonteCarloSummary;

export interface VariantPage {
  readonly rows: readonly VariantRow[];
  readonly total: number;
}

const id = z.uuid();
const paramName = z.string().min(1).max(100);
export const MAX_VARIANTS_PAGE = 5000;
export const MAX_OPTIMIZATIONS_LISTED = 500;

export const variantSortSchema = z.enum(['objective', 'index', ...VARIANT_STAT_KEYS]);
export type VariantSort = z.infer<typeof variantSortSchema>;

/** A bound on one statistic (or a parameter, `param:NAME`): `min ≤ value ≤ max`. */
export const variantFilterSchema = z
  .object({
    field: z.union([z.enum(['objective', ...VARIANT_STAT_KEYS]), z.string().regex(/^param:[A-Za-z_][A-Za-z0-9_]{0,63}$/)]),
    min: z.number().finite().optional(),
    max: z.number().finite().optional(),
  })
  .strict();
export type VariantFilter = z.infer<typeof variantFilterSchema>;

export const variantQuerySchema = z
  .object({
    id,
    window: z.number().int().min(0).max(100_000).default(0),
    sort: variantSortSchema.default('objective'),
    order: z.enum(['asc', 'desc']).default('desc'),
    filters: z.array(variantFilterSchema).max(32).default([]),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(MAX_VARIANTS_PAGE).default(100),
  })
  .strict();
export type VariantQuery = z.input<typeof variantQuerySchema>;

const nameSchema = z.string().trim().min(1).max(200);
const sourceSchema = z
  .object({
    fileName: z.string().trim().min(1).max(500),
    text: z.string().max(MAX_STRATEGY_TEXT_CHARS),
  })
  .strict();

/** What every search and walk-forward runs on: the dataset, the run's settings, the strategy. */
const onData = {
  datasetId: id,
  /** Resample the dataset first ('1h', '4h', …); omitted = the dataset's own. */
  timeframe: timeframeSchema.optional(),
  /** The run's settings; `strategy.params` holds the values of the parameters the search does not vary. */
  config: backtestConfigSchema,
  /** A strategy file to run instead of a saved one (the CLI's `--strategy PATH.ts`), as a backtest takes it. */
  source: sourceSchema.optional(),
  name: nameSchema.optional(),
};

/**
 * A new optimization:
 * - `search`: a grid, random or Bayesian search (`search.method`) over the dataset;
 * - `walk-forward`: the search on each in-sample window, its best on the out-of-sample one after;
 * - `monte-carlo`: a stored run's trades reshuffled or bootstrapped, or its prices resampled.
 */
export const createOptimizationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('search'), ...onData, search: searchSpecSchema }).strict(),
  z.object({ kind: z.literal('walk-forward'), ...onData, search: searchSpecSchema, walkForward: walkForwardSpecSchema }).strict(),
  z.object({ kind: z.literal('monte-carlo'), runId: id, monteCarlo: monteCarloSpecSchema, name: nameSchema.optional() }).strict(),
]);
export type CreateOptimizationInput = z.input<typeof createOptimizationSchema>;
export type CreateOptimization = z.output<typeof createOptimizationSchema>;

export interface CreatedOptimization {
  readonly optimization: OptimizationDetail;
  readonly job: Job;
}

export type { MonteCarloResult };

export const optimizationsSpec = {
  /** Stores the optimization and queues its job; progress arrives as `optimization` and job events. */
  create: method(createOptimizationSchema, returns<CreatedOptimization>()),
  list: method(
    z
      .object({
        strategyId: z.string().min(1).max(100).optional(),
        datasetId: id.optional(),
        status: z.enum(JOB_STATUSES).optional(),
        kind: z.enum(OPTIMIZATION_KINDS).optional(),
        limit: z.number().int().min(1).max(MAX_OPTIMIZATIONS_LISTED).default(100),
      })
      .strict(),
    returns<readonly OptimizationSummary[]>(),
  ),
  get: method(z.object({ id }).strict(), returns<OptimizationDetail>()),
  update: method(
    z.object({ id, name: z.string().trim().min(1).max(200).optional(), notes: z.string().max(20_000).optional() }).strict(),
    returns<OptimizationDetail>(),
  ),
  /** Deletes an optimization and its variants; a running one is cancelled first. */
  delete: method(z.object({ id }).strict(), returns<{ readonly deleted: boolean }>()),
  /** A page of variants, sorted and filtered (window 0 = the search; a walk-forward's windows by number). */
  results: method(variantQuerySchema, returns<VariantPage>()),
  /** The best variant's parameters (every declared one) and objective. */
  bestParams: method(z.object({ id }).strict(), returns<{ readonly params: ParamValues; readonly objective: number; readonly index: number }>()),
  /** The objective over two parameters, the others at the best's values. */
  heatmap: method(z.object({ id, x: paramName, y: paramName }).strict(), returns<Heatmap>()),
  /** Stops a queued or running optimization; its variants stay, and `resume` carries on. */
  cancel: method(z.object({ id }).strict(), returns<OptimizationDetail>()),
  /** Runs a cancelled or failed optimization on from where it stopped (finished variants are not run again). */
  resume: method(z.object({ id }).strict(), returns<CreatedOptimization>()),
  /** Every variant as CSV. */
  exportCsv: method(z.object({ id }).strict(), returns<ExportedFile>()),
  /** Queues one variant as a normal backtest (stored in History); the job's resultRef is the run. */
  openAsBacktest: method(z.object({ id, index: z.number().int().min(0), window: z.number().int().min(0).default(0) }).strict(), returns<Job>()),
};
