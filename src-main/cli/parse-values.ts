import { EARLIEST_TIME, LATEST_TIME, type ParamValue } from '../../src-shared/backtest';
import { BarwiseError } from '../../src-shared/errors';

const refuse = (message: string) => new BarwiseError('VALIDATION_FAILED', message);

/** A parameter's name as strategies declare them; anything else (`__proto__`, `a b`) is no parameter. */
const PARAM_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** `k=v` → { k: v } with numbers and booleans typed (the strategy's schema validates them). */
export function parseParams(pairs: readonly string[]): Record<string, ParamValue> {
  const params: Record<string, ParamValue> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw refuse(`--param must be NAME=VALUE, got "${pair}"`);
    const key = pair.slice(0, eq);
    const raw = pair.slice(eq + 1);
    if (!PARAM_NAME.test(key)) throw refuse(`--param ${pair}: "${key}" is not a parameter name (letters, digits and _; barwise strategies lists them)`);
    if (Object.hasOwn(params, key)) throw refuse(`--param ${key} is given twice`);
    params[key] = raw === 'true' ? true : raw === 'false' ? false : raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
  return params;
}

/** A decimal number as people write one (`1e4`, `-0.5`, `.25`); no hex, no blanks, no Infinity. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

export function parseNumber(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!DECIMAL.test(raw) || !Number.isFinite(value)) throw refuse(`--${name} must be a number, got "${raw}"`);
  return value;
}

/** A count such as `--limit`: digits only, from `min` to `max`, the bounds said in the refusal. */
export function parseWholeNumber(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw refuse(`--${name} must be a whole number from ${min} to ${max.toLocaleString('en-US')}, got "${raw}"`);
  }
  return value;
}

const DAY_MS = 86_400_000;

/**
 * An instant as epoch ms: epoch milliseconds, or an ISO-8601 date/time (UTC unless it has an
 * offset). A date alone stands for its whole UTC day: its first millisecond as the start of a
 * window, its last as the end (`--to 2023-06-01` takes in June 1's bars, as pandas' date slicing,
 * which backtesting.py users write, does). Years 1 to 9999 only, as the config takes them.
 */
export function parseInstant(name: string, raw: string | undefined, bound: 'start' | 'end' = 'start'): number | undefined {
  if (raw === undefined) return undefined;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(raw);
  let ms: number;
  if (/^\d{9,}$/.test(raw)) {
    ms = Number(raw);
  } else {
    const iso = dateOnly ? `${raw}T00:00:00Z` : /[zZ]|[+-]\d{2}:?\d{2}$/.test(raw) ? raw : `${raw}Z`;
    ms = Date.parse(iso);
    if (!Number.isFinite(ms)) throw refuse(`--${name} must be an ISO date or epoch ms, got "${raw}"`);
    if (dateOnly && bound === 'end') ms += DAY_MS - 1;
  }
  if (ms < EARLIEST_TIME || ms > LATEST_TIME) throw refuse(`--${name} ${raw}: must be between 0001-01-01 and 9999-12-31 (UTC)`);
  return ms;
}
