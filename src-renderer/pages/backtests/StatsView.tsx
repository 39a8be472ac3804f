import type { RunStats, StatDefinition, StatKey } from '../../../src-shared/backtest';
import { STAT_DEFINITIONS } from '../../../src-shared/backtest';
import { UNIT_LABEL, formatStat } from '../../components/charts/format';

export const HEADLINE_KEYS: readonly StatKey[] = [
  'returnPct',
  'cagrPct',
  'sharpe',
  'maxDrawdownPct',
  'winRatePct',
  'moneyProfitFactor',
  'sqn',
  'numTrades',
];

export const STAT_BY_KEY = new Map<StatKey, StatDefinition>(STAT_DEFINITIONS.map((d) => [d.key, d]));

/** Whether a bigger value is better (for colour and for "best" in compare); undefined = neither. */
export const BETTER: Partial<Record<StatKey, 'higher' | 'lower'>> = {
  exposureTimePct: undefined,
  equityFinal: 'higher',
  equityPeak: 'higher',
  commissionsPaid: 'lower',
  returnPct: 'higher',
  buyHoldReturnPct: undefined,
  annualizedReturnPct: 'higher',
  annualizedVolatilityPct: 'lower',
  cagrPct: 'higher',
  sharpe: 'higher',
  sortino: 'higher',
  calmar: 'higher',
  maxDrawdownPct: 'lower',
  avgDrawdownPct: 'lower',
  maxDrawdownDurationMs: 'lower',
  avgDrawdownDurationMs: 'lower',
  maxRunUpPct: 'higher',
  winRatePct: 'higher',
  bestTradePct: 'higher',
  worstTradePct: 'higher',
  avgTradePct: 'higher',
  avgWinningTradePnl: 'higher',
  avgLosingTradePnl: 'higher',
  winLossRatio: 'higher',
  largestWinPnl: 'higher',
  largestLossPnl: 'higher',
  grossProfit: 'higher',
  grossLoss: 'higher',
  profitFactor: 'higher',
  moneyProfitFactor: 'higher',
  expectancyPct: 'higher',
  sqn: 'higher',
  kellyCriterion: 'higher',
  longWinRatePct: 'higher',
  shortWinRatePct: 'higher',
  maxConsecutiveWins: 'higher',
  maxConsecutiveLosses: 'lower',
};

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

/** The eight numbers a trader reads first. */
export function HeadlineCards({ stats }: { stats: RunStats }) {
  return (
    <section className="headline-cards" aria-label="Headline statistics">
      {HEADLINE_KEYS.map((key) => {
        const def = STAT_BY_KEY.get(key)!;
        const value = stats[key];
        return (
          <div className="stat-card" key={key} title={def.definition}>
            <div className="stat-card-label">{def.label}</div>
            <div className={`stat-card-value ${tone(key, value, stats)}`} data-testid={`headline-${key}`}>
              {formatStat(def, value)}
            </div>
          </div>
        );
      })}
    </section>
  );
}

/** Every statistic with its unit; the label's tooltip (title + visually hidden text) gives the definition. */
export function StatsTable({ stats }: { stats: RunStats }) {
  return (
    <div className="chart-panel">
      <h3 id="stats-title">All statistics</h3>
      <table className="stats-table" aria-labelledby="stats-title" data-testid="stats-table">
        <thead>
          <tr>
            <th scope="col">Statistic</th>
            <th scope="col" className="num">
              Value
            </th>
            <th scope="col">Unit</th>
          </tr>
        </thead>
        <tbody>
          {STAT_DEFINITIONS.map((def) => (
            <tr key={def.key}>
              <th scope="row" title={def.definition}>
                <span className="stat-label" tabIndex={0} aria-describedby={`stat-def-${def.key}`}>
                  {def.label}
                </span>
                <span role="tooltip" className="stat-tooltip" id={`stat-def-${def.key}`}>
                  {def.definition}
                </span>
              </th>
              <td className="num" data-testid={`stat-${def.key}`}>
                {formatStat(def, stats[def.key])}
              </td>
              <td className="muted">{UNIT_LABEL[def.unit]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
