import type { z } from 'zod';
import type { BacktestRequest } from '../../../src-shared/api/backtests';
import type { RunDetail } from '../../../src-shared/api/runs';
import type { DatasetSummary } from '../../../src-shared/api/datasets';
import {
  backtestConfigSchema,
  DIRECTIONS,
  type BacktestConfig,
  type Direction,
  type ExitDistance,
  type ParamSpec,
  type ParamValues,
  type StrategyInfo,
} from '../../../src-shared/backtest';
import { issueText } from '../../../src-shared/issue-text';
import { crossParamErrors } from './param-rules';

export type SizingKind = 'equity-fraction' | 'fixed-quantity' | 'fixed-cash' | 'risk';
export type SlippageKind = 'none' | 'fraction' | 'ticks';
export type ExitKind = ExitDistance['kind'];
/** The three exits the run applies to every trade (a strategy's order may give its own). */
export const EXITS = ['stopLoss', 'takeProfit', 'trailingStop'] as const;
export type Exit = (typeof EXITS)[number];

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
  /** Buying power = equity × leverage (1 = none). */
  readonly leverage: string;
  /** Annual, in percent (Sharpe and Sortino). */
  readonly riskFreeRatePct: string;
  readonly tradeOnClose: boolean;
  readonly closeAtEnd: boolean;
  /** Each exit: none, a percent from entry, or a multiple of ATR(period). */
  readonly stopLossKind: ExitKind;
  readonly stopLossPct: string;
  readonly stopLossAtr: string;
  readonly stopLossAtrPeriod: string;
  readonly takeProfitKind: ExitKind;
  readonly takeProfitPct: string;
  readonly takeProfitAtr: string;
  readonly takeProfitAtrPeriod: string;
  readonly trailingStopKind: ExitKind;
  readonly trailingStopPct: string;
  readonly trailingStopAtr: string;
  readonly trailingStopAtrPeriod: string;
}

export const EXIT_LABELS: Readonly<Record<Exit, string>> = {
  stopLoss: 'Stop loss',
  takeProfit: 'Take profit',
  trailingStop: 'Trailing stop',
};

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
    leverage: '1',
    riskFreeRatePct: '0',
    tradeOnClose: false,
    closeAtEnd: true,
    stopLossKind: 'none',
    stopLossPct: '2',
    stopLossAtr: '2',
    stopLossAtrPeriod: '14',
    takeProfitKind: 'none',
    takeProfitPct: '4',
    takeProfitAtr: '3',
    takeProfitAtrPeriod: '14',
    trailingStopKind: 'none',
    trailingStopPct: '2',
    trailingStopAtr: '2',
    trailingStopAtrPeriod: '14',
  };
}

/**
 * A fraction → the percent text the form shows, shifting the decimal exponent so that the text
 * turns back into the very same fraction (percentFraction): 0.0007 → "0.07", not 0.06999….
 */
export function fractionPercentText(fraction: number): string {
  const [mantissa, exponent = '0'] = String(fraction).split(/e/i);
  return String(Number(`${mantissa}e${Number(exponent) + 2}`));
}

function exitFields(exit: Exit, distance: ExitDistance): Partial<FormState> {
  if (distance.kind === 'percent') return { [`${exit}Kind`]: 'percent', [`${exit}Pct`]: String(distance.percent) };
  if (distance.kind === 'atr') return { [`${exit}Kind`]: 'atr', [`${exit}Atr`]: String(distance.multiple), [`${exit}AtrPeriod`]: String(distance.period) };
  return { [`${exit}Kind`]: 'none' };
}

/**
 * The form that gives back this config (Edit & rerun, "New backtest" from a run, a preset):
 * every setting, in the form's units. `datasetId`/`timeframe` are the run's ('' timeframe = the
 * dataset's own). Dates are whole days in the form: a window bound at another time of day is
 * shown as its day.
 */
export function formFromConfig(config: BacktestConfig, datasetId: string, timeframe: string, strategy: StrategyInfo | undefined): FormState {
  const base = defaultForm(datasetId, strategy);
  const params: Record<string, string | boolean> = { ...base.params };
  for (const [name, value] of Object.entries(config.strategy.params)) params[name] = typeof value === 'boolean' ? value : String(value);
  const { sizing, slippage } = config;
  const sizingValue =
    sizing.kind === 'equity-fraction'
      ? fractionPercentText(sizing.fraction)
      : sizing.kind === 'fixed-quantity'
        ? String(sizing.quantity)
        : sizing.kind === 'fixed-cash'
          ? String(sizing.amount)
          : String(sizing.riskPct);
  return {
    ...base,
    datasetId,
    timeframe,
    strategyId: config.strategy.id,
    params,
    from: config.from === undefined ? '' : msToDateInput(config.from),
    to: config.to === undefined ? '' : msToDateInput(config.to),
    cash: String(config.cash),
    commissionPct: fractionPercentText(config.commission.fraction),
    commissionFixed: String(config.commission.fixed),
    slippageKind: slippage.kind,
    ...(slippage.kind === 'fraction' ? { slippagePct: fractionPercentText(slippage.fraction) } : {}),
    ...(slippage.kind === 'ticks' ? { slippageTicks: String(slippage.ticks), tickSize: String(slippage.tickSize) } : {}),
    spreadPct: fractionPercentText(config.spread),
    sizingKind: sizing.kind,
    sizingValue,
    direction: config.direction,
    fractionalUnits: config.fractionalUnits,
    leverage: String(config.leverage),
    riskFreeRatePct: fractionPercentText(config.riskFreeRate),
    tradeOnClose: config.tradeOnClose,
    closeAtEnd: config.closeAtEnd,
    ...exitFields('stopLoss', config.stopLoss),
    ...exitFields('takeProfit', config.takeProfit),
    ...exitFields('trailingStop', config.trailingStop),
  };
}

/** The form of a stored run: its dataset (when it still exists), timeframe, window, strategy, parameters and costs. */
export function formFromRun(run: RunDetail, datasets: readonly DatasetSummary[], strategy: StrategyInfo | undefined): FormState {
  const dataset = datasets.find((d) => d.id === run.datasetId);
  const timeframe = dataset && run.timeframe !== dataset.timeframe ? run.timeframe : '';
  return formFromConfig(run.config, dataset?.id ?? datasets[0]?.id ?? '', timeframe, strategy);
}

// ---------- the form as it was left (a reload keeps it) ----------

const DRAFT_KEY = 'barwise.backtest.draft';

export function saveDraft(form: FormState): void {
  try {
    localStorage.setItem(DRAFT_KEY, JSON.stringify(form));
  } catch {
    // Storage full or off: the form still works, it is just not kept.
  }
}

/** The form as it was left, completed with today's defaults for fields added since (null when none was kept). */
export function loadDraft(strategies: readonly StrategyInfo[]): FormState | null {
  let saved: Partial<FormState> | null;
  try {
    saved = JSON.parse(localStorage.getItem(DRAFT_KEY) ?? 'null') as Partial<FormState> | null;
  } catch {
    return null;
  }
  if (!saved || typeof saved !== 'object' || typeof saved.strategyId !== 'string') return null;
  const strategy = strategies.find((s) => s.id === saved.strategyId);
  if (!strategy) return null;
  const base = defaultForm(typeof saved.datasetId === 'string' ? saved.datasetId : '', strategy);
  return { ...base, ...saved, params: { ...base.params, ...saved.params } };
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
  leverage: 'leverage',
  riskFreeRate: 'riskFreeRatePct',
  ...Object.fromEntries(
    EXITS.flatMap((exit) => [
      [`${exit}.percent`, `${exit}Pct`],
      [`${exit}.multiple`, `${exit}Atr`],
      [`${exit}.period`, `${exit}AtrPeriod`],
    ]),
  ),
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
  leverage: 'Leverage',
  riskFreeRatePct: 'Risk-free rate',
  ...Object.fromEntries(
    EXITS.flatMap((exit) => [
      [`${exit}Pct`, EXIT_LABELS[exit]],
      [`${exit}Atr`, `${EXIT_LABELS[exit]} ATR multiple`],
      [`${exit}AtrPeriod`, `${EXIT_LABELS[exit]} ATR period`],
    ]),
  ),
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

  const exitDistance = (exit: Exit): ExitDistance => {
    const kind = form[`${exit}Kind`];
    if (kind === 'percent') return { kind, percent: num(`${exit}Pct`) ?? 1 };
    if (kind === 'atr') return { kind, multiple: num(`${exit}Atr`) ?? 1, period: num(`${exit}AtrPeriod`) ?? 14 };
    return { kind: 'none' };
  };
  const stopLoss = exitDistance('stopLoss');
  const takeProfit = exitDistance('takeProfit');
  const trailingStop = exitDistance('trailingStop');
  const leverage = num('leverage');
  const riskFreeRate = num('riskFreeRatePct', true);

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
    leverage: leverage ?? 1,
    tradeOnClose: form.tradeOnClose,
    closeAtEnd: form.closeAtEnd,
    stopLoss,
    takeProfit,
    trailingStop,
    riskFreeRate: riskFreeRate ?? 0,
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
  riskFreeRate: 100,
  'stopLoss.percent': 1,
  'takeProfit.percent': 1,
  'trailingStop.percent': 1,
};

/** zod says 'Too big: expected number to be <1'; the form shows percent fields in percent. */
function describeIssue(issue: z.core.$ZodIssue, path: string): string {
  const scale = PERCENT_SCALE[path];
  return scale === undefined ? issueText(issue) : issueText(issue, scale, '%');
}
