import type { StatDefinition, StatUnit } from '../../../src-shared/backtest';
import { durationText, numberText, statText, utcTimeText } from '../../../src-shared/format';

/** 90061000 → '1d 1h'; the two largest units, so a table column stays short. */
export const formatDuration = (ms: number): string => durationText(ms) ?? '—';

export const formatTime = utcTimeText;

export function formatDate(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : '—';
}

export const formatNumber = numberText;

export const formatPercent = (value: number): string => `${formatNumber(value)}%`;

/** A statistic as the UI shows it everywhere (cards, tables, e2e compare against these strings). */
export const formatStatValue = statText;

export const formatStat = (def: StatDefinition, value: number | null | undefined): string => formatStatValue(def.unit, value);

/** What the unit column of a stats table says. */
export const UNIT_LABEL: Readonly<Record<StatUnit, string>> = {
  time: 'UTC',
  duration: 'd h m',
  percent: '%',
  currency: 'cash',
  ratio: 'ratio',
  count: 'count',
  bars: 'bars',
};

/** Compact axis numbers: 12,345 → '12.3k'. */
export function compactNumber(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${(value / 1e9).toFixed(1)}B`;
  if (abs >= 1e6) return `${(value / 1e6).toFixed(1)}M`;
  if (abs >= 1e4) return `${(value / 1e3).toFixed(1)}k`;
  if (abs >= 100) return value.toFixed(0);
  return Number(value.toPrecision(4)).toString();
}
