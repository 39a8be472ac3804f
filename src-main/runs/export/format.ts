import type { StatUnit } from '../../../src-shared/backtest';
import { durationText, statText } from '../../../src-shared/format';

/** Number and text formatting for the PDF report: fixed locale (en-US) so a report reads the same on any machine. */

const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const price = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 7, useGrouping: false });

export const NOT_AVAILABLE = 'n/a';

export function formatPercent(value: number | null, digits = 2): string {
  return value === null || !Number.isFinite(value) ? NOT_AVAILABLE : `${value.toFixed(digits)}%`;
}

export function formatMoney(value: number | null): string {
  return value === null || !Number.isFinite(value) ? NOT_AVAILABLE : money.format(value);
}

export function formatRatio(value: number | null): string {
  return value === null || !Number.isFinite(value) ? NOT_AVAILABLE : value.toFixed(2);
}

export function formatCount(value: number | null): string {
  return value === null || !Number.isFinite(value) ? NOT_AVAILABLE : integer.format(value);
}

/** Prices and sizes: up to 7 significant digits, never in exponent notation. */
export function formatPrice(value: number): string {
  return Number.isFinite(value) ? price.format(value) : NOT_AVAILABLE;
}

export function formatDuration(ms: number | null): string {
  return (ms === null ? undefined : durationText(ms)) ?? NOT_AVAILABLE;
}

/** ISO-8601 UTC to the minute ("2024-03-01T14:00Z"), or to the day with `dateOnly`. */
export function formatTime(ms: number | null, dateOnly = false): string {
  if (ms === null || !Number.isFinite(ms)) return NOT_AVAILABLE;
  const iso = new Date(ms).toISOString();
  return dateOnly ? iso.slice(0, 10) : `${iso.slice(0, 16)}Z`;
}

/** The same text as the app's stats table (src-shared/format.ts). */
export const formatStat = (value: number | null, unit: StatUnit): string => statText(unit, value);

/**
 * The standard PDF fonts (Helvetica) encode only WinAnsi (Latin-1 plus a few typographic marks);
 * pdf-lib throws on anything else. Common symbols get an ASCII spelling, accented letters lose
 * their accent, and whatever is left becomes '?'. Line breaks become spaces (one call, one line).
 */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRAS.has(char)) out += char;
    else if (char in ASCII_SPELLING) out += ASCII_SPELLING[char];
    else if (/\s/.test(char)) out += ' ';
    else {
      const bare = char.normalize('NFKD').replace(/\p{M}/gu, '');
      out += /^[\x20-\x7e]+$/.test(bare) ? bare : '?';
    }
  }
  return out;
}

/** Characters WinAnsi places at 0x80-0x9F. */
const WIN_ANSI_EXTRAS: ReadonlySet<string> = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

const ASCII_SPELLING: Readonly<Record<string, string>> = {
  '≤': '<=',
  '≥': '>=',
  '→': '->',
  '←': '<-',
  '↔': '<->',
  '−': '-',
  '√': 'sqrt',
  '≈': '~',
  '≠': '!=',
  '∞': 'inf',
  '∑': 'sum',
  'Σ': 'sum',
  'σ': 'sigma',
  'μ': 'mu',
  'Δ': 'delta',
  '✓': 'ok',
  // Letters NFKD does not split into base + accent.
  'Ł': 'L',
  'ł': 'l',
  'Đ': 'D',
  'đ': 'd',
  'ı': 'i',
};
