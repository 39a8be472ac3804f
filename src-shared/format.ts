import type { StatUnit } from './backtest';

/**
 * Formatting shared by the app and the reports, so a statistic reads the same on screen and in
 * the PDF report. Fixed locale (en-US): a report reads the same on any machine.
 */

const DURATION_UNITS: readonly (readonly [string, number])[] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
];

/** "3d 4h", "5h 30m", "12m 5s", "800ms": the two largest units, as a reader estimates a span. `undefined` when not a number. */
export function durationText(ms: number): string | undefined {
  if (!Number.isFinite(ms)) return undefined;
  const sign = ms < 0 ? '-' : '';
  let rest = Math.round(Math.abs(ms));
  if (rest < 1000) return `${sign}${rest}ms`;
  const parts: string[] = [];
  for (const [label, size] of DURATION_UNITS) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0 || parts.length > 0) parts.push(`${count}${label}`);
    if (parts.length === 2) break;
  }
  // Drop a trailing zero part: "3d" rather than "3d 0h".
  if (parts.length === 2 && parts[1].startsWith('0')) parts.pop();
  return sign + parts.join(' ');
}

const MISSING = '—';
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Epoch ms → '2024-03-01 14:00' in UTC (bars are stored in UTC). Midnight drops the clock. */
export function utcTimeText(ms: number): string {
  if (!Number.isFinite(ms)) return MISSING;
  const iso = new Date(ms).toISOString();
  const time = iso.slice(11, 16);
  return time === '00:00' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${time}`;
}

/**
 * A dataset as people read it: its name, then its market (symbol and timeframe) unless the name
 * is just that, as a dataset is named until renamed ("BTCUSD 1h", not "BTCUSD 1h · BTCUSD 1h").
 */
export function datasetText(name: string, symbol: string, timeframe: string): string {
  const market = `${symbol} ${timeframe}`;
  return name === market ? market : `${name} · ${market}`;
}

/** value × scale as plain decimal text without the product's binary noise: (0.0007, 100) → "0.07", not "0.06999999999999999". */
export const scaledText = (value: number, scale: number): string => String(Number((value * scale).toPrecision(12)));

/** Grouped, fixed decimals: 12,345.68; ±∞ spelled out. */
export const numberText = (value: number, digits = 2): string =>
  Number.isFinite(value)
    ? value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : value > 0 ? '∞' : value < 0 ? '−∞' : MISSING;

/** A statistic as Barwise shows it everywhere: cards, tables, the PDF report. */
export function statText(unit: StatUnit, value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return MISSING;
  switch (unit) {
    case 'time':
      return utcTimeText(value);
    case 'duration':
      return durationText(value) ?? MISSING;
    case 'percent':
      return `${numberText(value)}%`;
    case 'currency':
    case 'ratio':
      return numberText(value);
    case 'count':
      // Periods a year can be fractional (biennial bars: 0.5).
      return Number.isInteger(value) ? integer.format(value) : numberText(value);
    case 'bars':
      return numberText(value, 1);
  }
}
