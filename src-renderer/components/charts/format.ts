import type { StatDefinition, StatUnit } from '../../../src-shared/backtest';
import { durationText } from '../../../src-shared/format';


const number2 = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 90061000 → '1d 1h'; the two largest units, so a table column stays short. */
export const formatDuration = (ms: number): string => durationText(ms) ?? '—';

/** Epoch ms → '2024-03-01 14:00' in UTC (bars are stored in UTC). Midnight drops the clock. */
export function formatTime(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  const iso = new Date(ms).toISOString();
  const time = iso.slice(11, 16);
  return time === '00:00' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${time}`;
}

export function formatDate(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : '—';
}

export const formatNumber = (value: number, digits = 2): string =>
  Number.isFinite(value)
    ? value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : value > 0 ? '∞' : value < 0 ? '−∞' : '—';

export const formatPercent = (value: number): string => `${formatNumber(value)}%`;

/** A statistic as the UI shows it everywhere (cards, tables, e2e compare against these strings). */
export function formatStatValue(unit: StatUnit, value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  switch (unit) {
    case 'time':
      return formatTime(value);
    case 'duration':
      return formatDuration(value);
    case 'percent':
      return formatPercent(value);
    case 'currency':
      return Number.isFinite(value) ? number2.format(value) : formatNumber(value);
    case 'ratio':
      return formatNumber(value);
    case 'count':
      return integer.format(value);
    case 'bars':
      return formatNumber(value, 1);
  }
}

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
