import { BarwiseError } from '../../src-shared/errors';
import type { ParamValue } from '../../src-shared/backtest';

/** `k=v` → { k: v } with numbers and booleans typed (the strategy's schema validates them). */
export function parseParams(pairs: readonly string[]): Record<string, ParamValue> {
  const params: Record<string, ParamValue> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new BarwiseError('VALIDATION_FAILED', `--param must be NAME=VALUE, got "${pair}"`);
    const key = pair.slice(0, eq);
    const raw = pair.slice(eq + 1);
    params[key] = raw === 'true' ? true : raw === 'false' ? false : raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
  return params;
}

export function parseNumber(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) throw new BarwiseError('VALIDATION_FAILED', `--${name} must be a number, got "${raw}"`);
  return value;
}

const DAY_MS = 86_400_000;

/**
 * An instant as epoch ms: epoch milliseconds, or an ISO-8601 date/time (UTC unless it has an
 * offset). A date alone stands for its whole UTC day: its first millisecond as the start of a
 * window, its last as the end (`--to 2023-06-01` takes in June 1's bars, as pandas' date slicing,
 * which backtesting.py users write, does).
 */
export function parseInstant(name: string, raw: string | undefined, bound: 'start' | 'end' = 'start'): number | undefined {
  if (raw === undefined) return undefined;
  if (/^\d{9,}$/.test(raw)) return Number(raw);
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(raw);
  const iso = dateOnly ? `${raw}T00:00:00Z` : /[zZ]|[+-]\d{2}:?\d{2}$/.test(raw) ? raw : `${raw}Z`;
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) throw new BarwiseError('VALIDATION_FAILED', `--${name} must be an ISO date or epoch ms, got "${raw}"`);
  return dateOnly && bound === 'end' ? ms + DAY_MS - 1 : ms;
}
