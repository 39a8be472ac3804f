import { backtestConfigSchema, type BacktestConfig, type BacktestResult, type ExitDistance } from '../../src-shared/backtest';
import { scaledText, utcTimeText } from '../../src-shared/format';

/** Where a run's bars came from, as its name shows them. */
export interface NamedOrigin {
  readonly symbol: string;
  readonly timeframe: string;
}

/** A fraction as the percent it names: 0.0007 → "0.07%". */
const percent = (fraction: number): string => `${scaledText(fraction, 100)}%`;

const exitText = (exit: ExitDistance): string =>
  exit.kind === 'percent' ? `${exit.percent}%` : exit.kind === 'atr' ? `${exit.multiple}×ATR(${exit.period})` : 'none';

function sizingText(sizing: BacktestConfig['sizing']): string {
  switch (sizing.kind) {
    case 'equity-fraction':
      return `size ${percent(sizing.fraction)}`;
    case 'fixed-quantity':
      return `size ${sizing.quantity} units`;
    case 'fixed-cash':
      return `size ${sizing.amount} cash`;
    case 'risk':
      return `risk ${sizing.riskPct}%`;
  }
}

/** Every setting at its default (the strategy is not a setting: it is named apart). */
const DEFAULTS = backtestConfigSchema.parse({ strategy: { id: 'defaults' } });

/**
 * The settings of `config` that differ from the defaults (backtesting.py's), each as a few words:
 * "long-only, commission 0.1%, fractional units". What tells apart two runs of one strategy with
 * the same parameters on the same data.
 */
export function settingsText(config: BacktestConfig): string {
  const differs = <K extends keyof BacktestConfig>(key: K): boolean => JSON.stringify(config[key]) !== JSON.stringify(DEFAULTS[key]);
  const parts: string[] = [];
  if (config.from !== undefined || config.to !== undefined) {
    parts.push(`${config.from === undefined ? 'start' : utcTimeText(config.from)} to ${config.to === undefined ? 'end' : utcTimeText(config.to)}`);
  }
  if (differs('direction')) parts.push(config.direction);
  if (differs('cash')) parts.push(`cash ${config.cash}`);
  if (config.commission.fraction > 0) parts.push(`commission ${percent(config.commission.fraction)}`);
  if (config.commission.fixed > 0) parts.push(`commission ${config.commission.fixed} per order`);
  if (config.slippage.kind === 'fraction') parts.push(`slippage ${percent(config.slippage.fraction)}`);
  if (config.slippage.kind === 'ticks') parts.push(`slippage ${config.slippage.ticks} ticks of ${config.slippage.tickSize}`);
  if (differs('spread')) parts.push(`spread ${percent(config.spread)}`);
  if (differs('sizing')) parts.push(sizingText(config.sizing));
  if (differs('fractionalUnits')) parts.push('fractional units');
  if (differs('leverage')) parts.push(`leverage ${config.leverage}×`);
  if (differs('tradeOnClose')) parts.push('fills at close');
  if (differs('closeAtEnd')) parts.push('left open at end');
  if (differs('stopLoss')) parts.push(`stop ${exitText(config.stopLoss)}`);
  if (differs('takeProfit')) parts.push(`target ${exitText(config.takeProfit)}`);
  if (differs('trailingStop')) parts.push(`trailing ${exitText(config.trailingStop)}`);
  if (differs('riskFreeRate')) parts.push(`risk-free ${percent(config.riskFreeRate)}`);
  return parts.join(', ');
}

/** A run's name when none is given: "sma-cross (fast=10 slow=30) · BTCUSD 1h", then any settings off the defaults. */
export function defaultRunName(result: BacktestResult, origin: NamedOrigin): string {
  const params = Object.entries(result.provenance.params)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const settings = settingsText(result.config);
  return `${result.provenance.strategyId}${params ? ` (${params})` : ''} · ${origin.symbol} ${origin.timeframe}${settings ? ` · ${settings}` : ''}`;
}
