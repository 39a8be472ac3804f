import type { RunStats, StatDefinition, StatKey } from '../../../src-shared/backtest';
import { STAT_DEFINITIONS } from '../../../src-shared/backtest';
import { UNIT_LABEL, formatStat } from '../../components/charts/format';
import { tone } from './headline-tone';

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
