import { z } from 'zod';
import type { BacktestStats, ParamValues } from '../backtest';
import { JOB_STATUSES, type JobStatus } from './jobs';
import { method, returns } from './define';

/**
 * Optimizations: parameter searches (grid, random, Bayesian), walk-forward analyses and Monte
 * Carlo studies of a run, stored with every variant's statistics (docs/optimize-app.md).
 */

export const OPTIMIZATION_KINDS = ['grid', 'random', 'bayesian', 'walk-forward', 'monte-carlo'] as const;
export type OptimizationKind = (typeof OPTIMIZATION_KINDS)[number];
/** An optimization moves as its job does: queued → running → completed | failed | cancelled. */
export type OptimizationStatus = JobStatus;

/** The statistics each variant keeps (and the results table sorts and filters by). */
export const VARIANT_STAT_KEYS = [
  'sharpe',
  'sortino',
  'sqn',
  'returnPct',
  'cagrPct',
  'calmar',
  'profitFactor',
  'maxDrawdownPct',
  'winRatePct',
  'exposureTimePct',
  'equityFinal',
  'numTrades',
] as const satisfies readonly (keyof BacktestStats)[];
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
  /** What it found besides the variants: diagnostics, walk-forward windows, Monte Carlo figures. */
  readonly summary: unknown;
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
  readonly stats: VariantStats;
}

export interface VariantPage {
  readonly rows: readonly VariantRow[];
  readonly total: number;
}

const id = z.uuid();
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

export const optimizationsSpec = {
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
  results: method(variantQuerySchema, returns<VariantPage>()),
};
