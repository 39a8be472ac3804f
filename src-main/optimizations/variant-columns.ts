import { VARIANT_STAT_KEYS, type VariantStatKey } from '../../src-shared/api/optimizations';

/**
 * The statistics a variant keeps, as columns of optimization_variants (src-shared lists them:
 * what the results table sorts and filters by, and every objective the set-up offers). The rest
 * of a variant's statistics are not stored (a 100,000-variant sweep would carry 150 MB of them);
 * "open as backtest" runs the variant again and stores the whole run.
 */
export const VARIANT_STAT_COLUMNS: Readonly<Record<VariantStatKey, string>> = {
  sharpe: 'sharpe',
  sortino: 'sortino',
  sqn: 'sqn',
  returnPct: 'return_pct',
  cagrPct: 'cagr_pct',
  calmar: 'calmar',
  profitFactor: 'profit_factor',
  maxDrawdownPct: 'max_drawdown_pct',
  winRatePct: 'win_rate_pct',
  exposureTimePct: 'exposure_time_pct',
  equityFinal: 'equity_final',
  numTrades: 'num_trades',
};

export const variantColumn = (key: VariantStatKey | 'objective'): string => (key === 'objective' ? 'objective' : VARIANT_STAT_COLUMNS[key]);

export { VARIANT_STAT_KEYS };
