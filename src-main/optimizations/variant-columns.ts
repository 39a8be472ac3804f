import { VARIANT_STAT_KEYS, type VariantStatKey } from '../../src-shared/api/optimizations';

/**
 * The statistics a variant keeps, as columns of optimization_variants (src-shared lists them:
 * what the results table sorts and filters by, and every objective the set-up offers). The rest
 * of a variant's statistics are not stored (a 100,000-variant sweep would carry 150 MB of them);
 * "open as backtest" runs the variant again and stores the whole run.
 */
export const VARIANT_STAT_COLUMNS: Readonly<Record<VariantStatKey, string>> = {
  returnPct: 'return_pct',
  annualizedReturnPct: 'annualized_return_pct',
  cagrPct: 'cagr_pct',
  sharpe: 'sharpe',
  sortino: 'sortino',
  calmar: 'calmar',
  sqn: 'sqn',
  profitFactor: 'profit_factor',
  maxDrawdownPct: 'max_drawdown_pct',
  numTrades: 'num_trades',
  winRatePct: 'win_rate_pct',
  avgTradePct: 'avg_trade_pct',
  expectancyPct: 'expectancy_pct',
  exposureTimePct: 'exposure_time_pct',
  equityFinal: 'equity_final',
  annualizedVolatilityPct: 'annualized_volatility_pct',
};

export const variantColumn = (key: VariantStatKey | 'objective'): string => (key === 'objective' ? 'objective' : VARIANT_STAT_COLUMNS[key]);

export { VARIANT_STAT_KEYS };
