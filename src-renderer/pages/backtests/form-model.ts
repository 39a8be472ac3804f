import type { z } from 'zod';
import type { BacktestRequest } from '../../../src-shared/api/backtests';
import type { DatasetSummary } from '../../../src-shared/api/datasets';
import {
  backtestConfigSchema,
  DIRECTIONS,
  type Direction,
  type ParamSpec,
  type ParamValues,
  type StrategyInfo,
} from '../../../src-shared/backtest';
import { issueText } from '../../../src-shared/issue-text';
import { crossParamErrors } from './param-rules';

export type SizingKind = 'equity-fraction' | 'fixed-quantity' | 'fixed-cash' | 'risk';
export type SlippageKind = 'none' | 'fraction' | 'ticks';

/** The form as typed: strings for numbers, so a half-typed value is kept and explained, not lost. */
export interface FormState {
  readonly datasetId: string;
  /** '' = the dataset's own timeframe. */
  readonly timeframe: string;
  readonly strategyId: string;
  readonly params: Readonly<Record<string, string | boolean>>;
  readonly from: string;
  readonly to: string;
  readonly cash: string;
  readonly commissionPct: string;
  readonly commissionFixed: string;
  readonly slippageKind: SlippageKind;
  readonly slippagePct: string;
  readonly slippageTicks: string;
  readonly tickSize: string;
  readonly spreadPct: string;
  readonly sizingKind: SizingKind;
  readonly sizingValue: string;
  readonly direction: Direction;
  readonly fractionalUnits: boolean;
  /** Percent from entry; '' = none. */
  readonly stopLossPct: string;
  readonly takeProfitPct: string;
}

export type FieldErrors = Record<string, string>;

export const SIZING_LABELS: Readonly<Record<SizingKind, { label: string; value: string; unit: string; def: string }>> = {
  'equity-fraction': { label: 'Share of buying power', value: 'Share', unit: '%', def: '99.99' },
  'fixed-quantity': { label: 'Fixed quantity', value: 'Units', unit: 'units', def: '1' },
  'fixed-cash': { label: 'Fixed cash per trade', value: 'Amount', unit: 'cash', def: '1000' },
  risk: { label: 'Risk per trade (needs a stop)', value: 'Risk', unit: '% of equity', def: '1' },
};

export const DIRECTION_LABELS: Readonly<Record<Direction, string>> = {
  'long-only': 'Long only',
  'short-only': 'Short only',
  both: 'Long and short',
};
export { DIRECTIONS };

export function defaultParams(strategy: StrategyInfo | undefined): Record<string, string | boolean> {
  const params: Record<string, string | boolean> = {};
  for (const spec of strategy?.params ?? []) params[spec.name] = typeof spec.default === 'boolean' ? spec.default : String(spec.default);
  return params;
}

export function defaultForm(datasetId: string, strategy: StrategyInfo | undefined): FormState {
  return {
    datasetId,
    timeframe: '',
    strategyId: strategy?.id ?? '',
    params: defaultParams(strategy),
    from: '',
    to: '',
    cash: '10000',
    commissionPct: '0',
    commissionFixed: '0',
    slippageKind: 'none',
    slippagePct: '0.05',
    slippageTicks: '1',
    tickSize: '0.01',
    spreadPct: '0',
    sizingKind: 'equity-fraction',
    sizingValue: '99.99',
    direction: 'both',
    // The engine's (and backtesting.py's) default; the hint beside the box says when to switch.
    fractionalUnits: false,
    stopLossPct: '',
    takeProfitPct: '',
  };
}

// ---------- remembering the last settings per strategy ----------

const LAST_KEY = 'barwise.backtest.last';
const strategyKey = (id: string) => `barwise.backtest.strategy.${id}`;

type Remembered = Omit<FormState, 'datasetId' | 'strategyId'>;

export function remember(form: FormState): void {
  const { datasetId, strategyId, ...rest } = form;
  localStorage.setItem(LAST_KEY, JSON.stringify({ datasetId, strategyId }));
  localStorage.setItem(strategyKey(strategyId), JSON.stringify(rest));
}

export function lastChoice(): { datasetId?: string; strategyId?: string } {
  try {
    return JSON.parse(localStorage.getItem(LAST_KEY) ?? '{}') as { datasetId?: string; strategyId?: string };
  } catch {
    return {};
  }
}

/** The settings last used with this strategy (unknown params dropped, new ones defaulted). */
export function recall(base: FormState, strategy: StrategyInfo): FormState {
  const fresh = { ...base, strategyId: strategy.id, params: defaultParams(strategy) };
  let saved: Partial<Remembered> | undefined;
  try {
    saved = JSON.parse(localStorage.getItem(strategyKey(strategy.id)) ?? 'null') as Partial<Remembered> | undefined;
  } catch {
    saved = undefined;
  }
  if (!saved || typeof saved !== 'object') return fresh;
  const params = { ...fresh.params };
  for (const spec of strategy.params) {
    const value = saved.params?.[spec.name];
    if (value !== undefined && typeof value === typeof params[spec.name]) params[spec.name] = value;
  }
  return { ...fresh, ...saved, datasetId: base.datasetId, strategyId: strategy.id, params };
}

// ---------- validation and the request ----------

const DAY_MS = 86_400_000;

function parseNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * Percent text → the fraction it names, rounded once from the decimal: "99.99" → 0.9999, the
 * same number as 0.9999 typed in a config or the CLI. Scaling the parsed percent rounds twice
 * (99.99 / 100 is 0.9998999999999999, 0.07 × 0.01 is 0.0007000000000000001), and a sizing
 * fraction a hair under backtesting.py's 0.9999 can buy one unit fewer. Shifting the decimal
 * exponent lets the parse itself do the one rounding.
 */
function percentFraction(text: string): number | undefined {
  if (parseNumber(text) === undefined) return undefined;
  const [mantissa, exponent = '0'] = text.trim().split(/e/i);
  return Number(`${mantissa}e${Number(exponent) - 2}`);
}

function checkParam(spec: ParamSpec, raw: string | boolean | undefined): { value?: string | number | boolean; error?: string } {
  if (spec.type === 'boolean') return { value: Boolean(raw) };
  if (spec.type === 'enum') {
    return typeof raw === 'string' && spec.options?.includes(raw)
      ? { value: raw }
      : { error: `${spec.label} must be one of ${spec.options?.join(', ')}` };
  }
  const value = parseNumber(String(raw ?? ''));
  if (value === undefined) return { error: `${spec.label} needs a number` };
  if (spec.type === 'int' && !Number.isInteger(value)) return { error: `${spec.label} must be a whole number` };
  if (spec.min !== undefined && value < spec.min) return { error: `${spec.label} must be at least ${spec.min}` };
  if (spec.max !== undefined && value > spec.max) return { error: `${spec.label} must be at most ${spec.max}` };
  return { value };
}

/** 'yyyy-mm-dd' → epoch ms at 00:00 UTC (or the day's last ms for an inclusive end). */
function dateToMs(text: string, endOfDay: boolean): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const start = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return endOfDay ? start + DAY_MS - 1 : start;
}

export const msToDateInput = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** zod paths of backtestConfigSchema → the form field that holds that value. */
const PATH_TO_FIELD: Readonly<Record<string, string>> = {
  cash: 'cash',
  'commission.fraction': 'commissionPct',
  'commission.fixed': 'commissionFixed',
  'slippage.fraction': 'slippagePct',
  'slippage.ticks': 'slippageTicks',
  'slippage.tickSize': 'tickSize',
  spread: 'spreadPct',
  'sizing.fraction': 'sizingValue',
  'sizing.quantity': 'sizingValue',
  'sizing.amount': 'sizingValue',
  'sizing.riskPct': 'sizingValue',
  from: 'from',
  to: 'to',
  'stopLoss.percent': 'stopLossPct',
  'takeProfit.percent': 'takeProfitPct',
};

const FIELD_LABEL: Readonly<Record<string, string>> = {
  cash: 'Initial cash',
  commissionPct: 'Commission',
  commissionFixed: 'Fixed commission',
  slippagePct: 'Slippage',
  slippageTicks: 'Slippage ticks',
  tickSize: 'Tick size',
  spreadPct: 'Spread',
  sizingValue: 'Size',
  from: 'From',
  to: 'To',
  stopLossPct: 'Stop loss',
  takeProfitPct: 'Take profit',
};

/**
 * Checks the form and builds the API request. Field-level messages come first (typed text, the
 * strategy's parameter specs and cross rules); backtestConfigSchema is then the final gate, its
 * issues mapped back to the field that holds the value.
 */
export function buildRequest(
  form: FormState,
  strategy: StrategyInfo | undefined,
  dataset: DatasetSummary | undefined,
): { request?: BacktestRequest; errors: FieldErrors } {
  const errors: FieldErrors = {};
  if (!dataset) errors.datasetId = 'Choose a dataset';
  if (!strategy) errors.strategyId = 'Choose a strategy';

  const params: ParamValues = {};
  for (const spec of strategy?.params ?? []) {
    const { value, error } = checkParam(spec, form.params[spec.name]);
    if (error) errors[`param.${spec.name}`] = error;
    else if (value !== undefined) params[spec.name] = value;
  }
  if (strategy) {
    for (const [name, message] of Object.entries(crossParamErrors(strategy, params))) {
      errors[`param.${name}`] ??= message;
    }
  }

  /** The field's number; `percent`: typed in percent, returned as the fraction (see percentFraction). */
  const num = (field: keyof FormState, percent = false): number | undefined => {
    const text = String(form[field]);
    const value = percent ? percentFraction(text) : parseNumber(text);
    if (value === undefined) errors[field] = `${FIELD_LABEL[field] ?? field} needs a number`;
    return value;
  };
  const cash = num('cash');
  const commissionFraction = num('commissionPct', true);
  const commissionFixed = num('commissionFixed');
  const spread = num('spreadPct', true);
  const slippage =
    form.slippageKind === 'none'
      ? { kind: 'none' as const }
      : form.slippageKind === 'fraction'
        ? { kind: 'fraction' as const, fraction: num('slippagePct', true) ?? 0 }
        : { kind: 'ticks' as const, ticks: num('slippageTicks') ?? 0, tickSize: num('tickSize') ?? 1 };
  const size = num('sizingValue', form.sizingKind === 'equity-fraction');
  const sizing =
    form.sizingKind === 'equity-fraction'
      ? { kind: 'equity-fraction' as const, fraction: size ?? 0 }
      : form.sizingKind === 'fixed-quantity'
        ? { kind: 'fixed-quantity' as const, quantity: size ?? 0 }
        : form.sizingKind === 'fixed-cash'
          ? { kind: 'fixed-cash' as const, amount: size ?? 0 }
          : { kind: 'risk' as const, riskPct: size ?? 0 };

  const exitDistance = (field: 'stopLossPct' | 'takeProfitPct') => {
    if (form[field].trim() === '') return { kind: 'none' as const };
    const percent = num(field);
    if (percent !== undefined && percent <= 0) errors[field] = `${FIELD_LABEL[field]} must be above 0% (leave it empty for none)`;
    return { kind: 'percent' as const, percent: percent ?? 1 };
  };
  const stopLoss = exitDistance('stopLossPct');
  const takeProfit = exitDistance('takeProfitPct');

  const from = form.from ? dateToMs(form.from, false) : undefined;
  const to = form.to ? dateToMs(form.to, true) : undefined;
  if (form.from && from === undefined) errors.from = 'From needs a date';
  if (form.to && to === undefined) errors.to = 'To needs a date';
  if (from !== undefined && to !== undefined && from > to) errors.to = `To (${form.to}) must not be before From (${form.from})`;
  if (dataset && from !== undefined && from > dataset.lastTime) errors.from = `From is after the dataset's last bar (${msToDateInput(dataset.lastTime)})`;
  if (dataset && to !== undefined && to < dataset.firstTime) errors.to = `To is before the dataset's first bar (${msToDateInput(dataset.firstTime)})`;

  const config = {
    strategy: { id: form.strategyId, params },
    from,
    to,
    cash,
    commission: { fraction: commissionFraction ?? 0, fixed: commissionFixed ?? 0 },
    slippage,
    spread: spread ?? 0,
    sizing,
    direction: form.direction,
    fractionalUnits: form.fractionalUnits,
    stopLoss,
    takeProfit,
  };
  const parsed = backtestConfigSchema.safeParse(config);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.join('.');
      const field = PATH_TO_FIELD[path] ?? 'form';
      if (errors[field]) continue;
      errors[field] = `${FIELD_LABEL[field] ?? 'Settings'}: ${describeIssue(issue, path)}`;
    }
  }
  if (Object.keys(errors).length > 0 || !dataset) return { errors };
  return {
    errors,
    request: {
      datasetId: dataset.id,
      timeframe: form.timeframe && form.timeframe !== dataset.timeframe ? form.timeframe : undefined,
      config,
    },
  };
}

/** Config paths the form shows in percent: fractions (× 100) and values already in percent. */
const PERCENT_SCALE: Readonly<Record<string, number>> = {
  'commission.fraction': 100,
  'slippage.fraction': 100,
  spread: 100,
  'sizing.fraction': 100,
  'sizing.riskPct': 1,
  'stopLoss.percent': 1,
  'takeProfit.percent': 1,
};

/** zod says 'Too big: expected number to be <1'; the form shows percent fields in percent. */
function describeIssue(issue: z.core.$ZodIssue, path: string): string {
  const scale = PERCENT_SCALE[path];
  return scale === undefined ? issueText(issue) : issueText(issue, scale, '%');
}
