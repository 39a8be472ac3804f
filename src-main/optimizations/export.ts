import { VARIANT_STAT_KEYS, type VariantRow } from '../../src-shared/api/optimizations';
import { quote } from '../runs/export/csv';

const CRLF = '\r\n';

const cell = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return quote(String(value));
};

/**
 * Every variant as CSV (RFC 4180, CRLF): its index, each parameter (the union of names, sorted),
 * the objective, whether it counted (feasible, broken constraints, error), then the statistics
 * the table shows. Numbers at full precision; an undefined statistic is an empty cell.
 */
export function variantsCsv(variants: readonly VariantRow[]): string {
  const params = [...new Set(variants.flatMap((v) => Object.keys(v.params)))].sort();
  const header = ['index', ...params, 'objective', 'feasible', 'broken', 'error', ...VARIANT_STAT_KEYS];
  const lines = [header.map(quote).join(',')];
  for (const v of variants) {
    lines.push(
      [
        cell(v.index),
        ...params.map((p) => cell(v.params[p])),
        cell(v.objective),
        v.feasible ? 'true' : 'false',
        cell(v.broken.join('; ')),
        cell(v.error ? `${v.error.code}: ${v.error.message}` : ''),
        ...VARIANT_STAT_KEYS.map((k) => cell(v.stats[k])),
      ].join(','),
    );
  }
  return lines.join(CRLF) + CRLF;
}
