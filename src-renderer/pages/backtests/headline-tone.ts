import type { RunStats, StatKey } from '../../../src-shared/backtest';

/**
 * A headline's colour by what the figure means: above or below its break-even (0, or 1 for a
 * profit factor). Never green on a run that lost money: a return-based figure can look good while
 * the account shrank (backtesting.py's profit factor on returns, a Sharpe ratio of open trades).
 */
export function tone(key: StatKey, value: number | null, stats: Pick<RunStats, 'returnPct'>): '' | 'positive' | 'negative' {
  if (value === null || key === 'numTrades' || key === 'winRatePct') return '';
  let meaning: '' | 'positive' | 'negative' = '';
  if (key === 'maxDrawdownPct') meaning = value > 0 ? 'negative' : '';
  else if (key === 'profitFactor' || key === 'moneyProfitFactor') meaning = value > 1 ? 'positive' : value < 1 ? 'negative' : '';
  else if (key === 'returnPct' || key === 'cagrPct' || key === 'sharpe' || key === 'sqn') meaning = value > 0 ? 'positive' : value < 0 ? 'negative' : '';
  return meaning === 'positive' && stats.returnPct <= 0 ? '' : meaning;
}
