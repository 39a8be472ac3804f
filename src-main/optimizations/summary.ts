import type { BestVariant, Diagnostics, OptimizationResultSummary, SearchSummary } from '../../src-shared/api/optimizations';
import { searchDiagnostics, type SearchDiagnostics } from '../../src-shared/optimize/diagnostics';
import type { VariantResult } from '../../src-shared/optimize/results';
import type { Db } from '../store/db';
import { stabilityScore } from './analysis';
import { allVariants, type StoredVariant } from './repository';
import type { SearchRunSpec } from './spec';

/** What an optimization's job hands to the transaction that completes it. */
export interface OptimizationOutcome {
  readonly best: BestVariant | null;
  readonly summary: OptimizationResultSummary;
}

/** A stored variant as the diagnostics take it (src-shared/optimize/results.ts). */
export function asVariantResult(v: StoredVariant): VariantResult {
  return {
    index: v.index,
    params: v.params,
    stats: v.stats,
    objective: v.objective,
    feasible: v.feasible,
    broken: v.broken,
    returns: v.returns,
    blocks: v.blocks,
    ...(v.error ? { error: { code: v.error.code as never, message: v.error.message } } : {}),
  };
}

/**
 * CSCV's blocks S for N variants: 16 (C(16, 8) = 12,870 splits) while N · 12,870 stays under
 * 20 million block sums, else 8 (70 splits). The diagnostics run in main when a search completes,
 * and 16 blocks over 10,000 variants would hold it for seconds; 8 blocks give a coarser estimate
 * of the same probability (docs/optimize-app.md).
 */
export function cscvBlocks(variants: number): 8 | 16 {
  return variants * SPLITS_OF_16 <= 20_000_000 ? 16 : 8;
}

/** C(16, 8). */
const SPLITS_OF_16 = 12_870;

const percent = (p: number) => `${Math.round(p * 100)}%`;

/** The diagnostics in plain words: "with 400 variants tried, a Sharpe of 1.3 has a 38% chance of being luck". */
export function diagnosticsSentence(d: SearchDiagnostics, bestSharpe: number | null): string {
  const parts: string[] = [];
  const tried = `${d.trials.toLocaleString('en-US')} variant${d.trials === 1 ? '' : 's'}`;
  if (d.deflated && Number.isFinite(d.deflated.probability) && bestSharpe !== null) {
    parts.push(`With ${tried} tried, a Sharpe of ${bestSharpe.toFixed(2)} has a ${percent(1 - d.deflated.probability)} chance of being luck (deflated Sharpe ratio ${d.deflated.probability.toFixed(2)}).`);
  } else {
    parts.push(`With ${tried} tried, the chance that the best is luck cannot be told: it needs at least two variants with a Sharpe ratio, the best among them.`);
  }
  if (d.pbo) {
    parts.push(
      `Across ${d.pbo.splits.length.toLocaleString('en-US')} cross-validation splits, the in-sample best fell in the bottom half out of sample ${percent(d.pbo.probability)} of the time (probability of backtest overfitting).`,
    );
  }
  return parts.join(' ');
}

export function diagnosticsOf(variants: readonly StoredVariant[], direction: 'maximize' | 'minimize', best: BestVariant | null): Diagnostics {
  const d = searchDiagnostics(variants.map(asVariantResult), direction, cscvBlocks(variants.length));
  const bestSharpe = best?.stats.sharpe ?? null;
  return {
    trials: d.trials,
    bestSharpePerPeriod: d.bestSharpe,
    bestSharpe,
    expectedMaxSharpe: d.deflated?.benchmark ?? null,
    deflatedSharpe: d.deflated && Number.isFinite(d.deflated.probability) ? d.deflated.probability : null,
    pbo: d.pbo?.probability ?? null,
    pboBlocks: d.pbo?.blocks ?? null,
    sentence: diagnosticsSentence(d, bestSharpe),
  };
}

/** A completed search's summary: the best's stability and the overfitting diagnostics. */
export function searchSummary(db: Db, id: string, spec: SearchRunSpec, best: BestVariant | null, plan: { gridSize: number; skipped: number } | null): SearchSummary {
  const variants = allVariants(db, id, 0);
  const usable = variants.map((v) => ({ params: v.params, objective: v.feasible && v.error === null ? v.objective : null }));
  return {
    kind: 'search',
    stability: best ? stabilityScore(usable, best.params) : null,
    diagnostics: variants.length > 0 ? diagnosticsOf(variants, spec.search.objective.direction, best) : null,
    gridSize: plan?.gridSize ?? null,
    skipped: plan?.skipped ?? null,
  };
}
