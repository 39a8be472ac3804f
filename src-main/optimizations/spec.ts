import type { CreateOptimization } from '../../src-shared/api/optimizations';
import type { BacktestConfig, ParamSpec, StrategyInfo } from '../../src-shared/backtest';
import { BarwiseError } from '../../src-shared/errors';
import type { MonteCarloSpec } from '../../src-shared/optimize/montecarlo';
import { MAX_VARIANTS, rangeValues, type SearchSpec } from '../../src-shared/optimize/search';
import type { WalkForwardSpec } from '../../src-shared/optimize/walk-forward';
import type { ParamRule } from '../../src-shared/param-rules';

/**
 * What an optimization's row keeps as `spec`: the request as validated, and what the job needs to
 * run it again exactly after a restart: the strategy's declaration (parameters and rules) and, for
 * a user strategy, the text it was created with (an edit of the file later does not change a
 * search under way or its resume).
 */
export interface SearchRunSpec {
  readonly kind: 'search' | 'walk-forward';
  readonly datasetId: string;
  readonly timeframe?: string;
  readonly config: BacktestConfig;
  readonly source?: { readonly fileName: string; readonly text: string };
  readonly search: SearchSpec;
  readonly walkForward?: WalkForwardSpec;
  readonly strategy: {
    readonly params: readonly ParamSpec[];
    readonly rules: readonly ParamRule[];
    /** Higher timeframes it reads with its defaults. */
    readonly higherTimeframes: readonly string[];
  };
}

export interface MonteCarloRunSpec {
  readonly kind: 'monte-carlo';
  readonly runId: string;
  readonly monteCarlo: MonteCarloSpec;
}

export type StoredSpec = SearchRunSpec | MonteCarloRunSpec;

/** The stored kind: a search's method, or the analysis. */
export function storedKind(request: CreateOptimization): 'grid' | 'random' | 'bayesian' | 'walk-forward' | 'monte-carlo' {
  if (request.kind === 'search') return request.search.method.method;
  return request.kind;
}

/**
 * Checks a search space against the strategy's declaration before anything is stored: every
 * varied parameter is declared, each range's values suit it (type, min, max, options), and the
 * grid is not larger than a search may run. Returns the grid's size (before rules and constraints).
 */
export function checkSpace(search: SearchSpec, info: Pick<StrategyInfo, 'id' | 'params'>): number {
  let size = 1;
  for (const [name, range] of Object.entries(search.space)) {
    const spec = info.params.find((p) => p.name === name);
    if (!spec) {
      throw new BarwiseError('INVALID_CONFIG', `search space: ${info.id} has no parameter "${name}" (its parameters: ${info.params.map((p) => p.name).join(', ') || 'none'})`);
    }
    try {
      size *= rangeValues(range, spec).length;
    } catch (error) {
      throw new BarwiseError('INVALID_CONFIG', (error as Error).message);
    }
  }
  const asked = search.method.method === 'grid' ? size : Math.min(size, search.method.samples);
  if (asked > MAX_VARIANTS) {
    throw new BarwiseError('SEARCH_SPACE_TOO_LARGE', `the grid holds ${size.toLocaleString('en-US')} combinations, more than a search may run (${MAX_VARIANTS.toLocaleString('en-US')}); narrow a range or use --random N`);
  }
  return size;
}
