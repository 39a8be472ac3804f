/**
 * Prices and volumes as an export writes them in its locale: a decimal point or a decimal comma
 * (the file's, from detection), digits grouped by threes with the other mark ("1,234.5",
 * "2.450,00"), and volumes shortened with K, M or B ("45,6K", "1.23M": investing.com). One
 * reading for both parsers: the papaparse path calls these on every field, the byte-level fast
 * path on any field its byte scanner did not read whole.
 *
 * Nothing is guessed per value: a mark that is not the file's decimal separator must group whole
 * threes ("1,5" in a decimal-point file, "100.5" in a decimal-comma file, "1,23,456" are not
 * numbers), so a value is read one way or is a bad row.
 */
import { strictNumber } from './timestamps';

/** Groups of three after a first group of one to three digits (not led by 0), then the decimal part. */
const GROUPED_POINT = /^\s*[-+]?[1-9]\d{0,2}(,\d{3})+(\.\d+)?\s*$/;
const GROUPED_COMMA = /^\s*[-+]?[1-9]\d{0,2}(\.\d{3})+(,\d+)?\s*$/;

/** The text with grouping marks removed and a decimal point, or null when a mark is out of place. */
function plainText(s: string, decimalComma: boolean): string | null {
  if (!decimalComma) {
    if (!s.includes(',')) return s;
    return GROUPED_POINT.test(s) ? s.replaceAll(',', '') : null;
  }
  let t = s;
  if (t.includes('.')) {
    if (!GROUPED_COMMA.test(t)) return null;
    t = t.replaceAll('.', '');
  }
  return t.replace(',', '.');
}

/** A price: strictNumber on the plain text (NaN when it is not a number in the file's format). */
export function readPrice(s: string, decimalComma: boolean): number {
  const t = plainText(s, decimalComma);
  return t === null ? Number.NaN : strictNumber(t);
}

const SUFFIX_POWER: Readonly<Record<string, number>> = { K: 3, M: 6, B: 9 };
const PLAIN_DECIMAL = /^\s*([-+]?)(\d+)(?:\.(\d+))?\s*$/;

/**
 * A volume: a price's reading, or a plain decimal with K (10³), M (10⁶) or B (10⁹) after it,
 * scaled exactly ("1.23M" is the decimal 123e4 read once, not 1.23 × 10⁶ rounded twice).
 */
export function readVolume(s: string, decimalComma: boolean): number {
  const power = SUFFIX_POWER[s.charAt(s.length - 1)];
  if (power === undefined) return readPrice(s, decimalComma);
  const t = plainText(s.slice(0, -1), decimalComma);
  const m = t === null ? null : PLAIN_DECIMAL.exec(t);
  if (!m) return Number.NaN;
  const fraction = m[3] ?? '';
  return Number(`${m[1]}${m[2]}${fraction}e${power - fraction.length}`);
}

/** Evidence for a cell's decimal mark: 'comma' or 'point' when it reads only one way, else undefined. */
export function decimalEvidence(cell: string): 'comma' | 'point' | undefined {
  const s = cell.trim().replace(/%$|[KMB]$/, '');
  if (!/\d/.test(s)) return undefined;
  const point = plainText(s, false);
  const comma = plainText(s, true);
  const asPoint = point !== null && Number.isFinite(strictNumber(point));
  const asComma = comma !== null && Number.isFinite(strictNumber(comma));
  if (asPoint === asComma) return undefined;
  return asComma ? 'comma' : 'point';
}
