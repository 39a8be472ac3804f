import type { ParamValue } from '../backtest';

/**
 * The feature catalog: what a model can be trained on. Each kind is computed causally from the
 * bars (src-workers/ml/features.ts; formulas in docs/ml.md#features), has numeric parameters,
 * and gives one column, or two for the cyclical time features (`.sin`, `.cos`). Any kind but the
 * time features can be computed on a higher timeframe and aligned to the base bars without
 * look-ahead. The CLI's `barwise features` and the Models page list this table.
 */

export interface FeatureParamSpec {
  readonly name: string;
  readonly type: 'int' | 'float';
  readonly default: number;
  readonly min: number;
  readonly max: number;
  readonly description: string;
}

export interface FeatureKindInfo {
  readonly kind: CatalogKind;
  readonly label: string;
  readonly description: string;
  /** The formula, as docs/ml.md writes it. */
  readonly formula: string;
  /** Parameters in the order a short name lists them (`macd:12:26:9`). */
  readonly params: readonly FeatureParamSpec[];
  /** Column suffixes: `['']` for one column, `['sin', 'cos']` for the cyclical features. */
  readonly outputs: readonly string[];
  /** Whether `timeframe` may be given (not for the time features: a 4h bar's hour means nothing more). */
  readonly higherTimeframe: boolean;
}

export const CATALOG_KINDS = ['ret', 'logvol', 'rsi', 'atr', 'bbpct', 'bbwidth', 'macd', 'stoch', 'adx', 'sma', 'ema', 'volz', 'skew', 'hour', 'weekday'] as const;
export type CatalogKind = (typeof CATALOG_KINDS)[number];

const int = (name: string, fallback: number, min: number, max: number, description: string): FeatureParamSpec => ({
  name,
  type: 'int',
  default: fallback,
  min,
  max,
  description,
});
const period = (fallback: number, min = 2) => int('period', fallback, min, 10_000, 'bars in the window');

const single = [''] as const;
const cyclical = ['sin', 'cos'] as const;

export const FEATURE_CATALOG: readonly FeatureKindInfo[] = [
  {
    kind: 'ret',
    label: 'Return over k bars',
    description: 'The simple return of the close over the last k bars.',
    formula: 'close[t] / close[t − k] − 1',
    params: [int('k', 1, 1, 10_000, 'bars back')],
    outputs: single,
    higherTimeframe: true,
  },
  {
    kind: 'logvol',
    label: 'Log-return volatility',
    description: 'Population standard deviation of the one-bar log returns over the window.',
    formula: 'std(ln(close[i] / close[i − 1]), i = t − n + 1 … t)',
    params: [period(20)],
    outputs: single,
    higherTimeframe: true,
  },
  {
    kind: 'rsi',
    label: 'RSI',
    description: "Wilder's relative strength index, 0 to 100.",
    formula: '100 − 100 / (1 + avgGain / avgLoss), Wilder-smoothed',
    params: [period(14)],
    outputs: single,
    higherTimeframe: true,
  },
  {
    kind: 'atr',
    label: 'ATR % of price',
    description: "Wilder's average true range as a percent of the close.",
    formula: '100 × ATR(n)[t] / close[t]',
    params: [period(14, 1)],
    outputs: single,
    higherTimeframe: true,
  },
  {
    kind: 'bbpct',
    label: 'Bollinger %b',
    description: 'Where the close sits between the Bollinger bands: 0 at the lower band, 1 at the upper.',
    formula: '(close − lower) / (upper − lower), bands = SMA(n) ± k × std(n)',
    params: [period(20), { name: 'k', type: 'float', default: 2, min: 0.1, max: 10, description: 'band width in standard deviations' }],
    outputs: single,
    higherTimeframe: true,
  },
  {
    kind: 'bbwidth',
    label: 'Bollinger bandwidth',
    description: 'The width of the Bollinger bands relative to their middle.',
    formula: '(upper − lower) / SMA(n)',
    params: [period(20), { name: 'k', type: 'float', default: 2, min: 0.1, max: 10, description: 'band width in standard deviations' }],
    outputs: single,
    higherTimeframe: true,
  },
  {
    kind: 'macd',
    label: 'MACD histogram % of price',
    description: 'The MACD histogram (MACD line minus its signal line) as a percent of the close.',
    formula: '100 × (EMA(fast) − EMA(slow) − EMA(signal) of that) / close',
    params: [int('fast', 12, 1, 10_000, 'fast EMA'), int('slow', 26, 2, 10_000, 'slow EMA'), int('signal', 9, 1, 10_000, 'signal EMA')],
    outputs: single,
    higherTimeframe: true,
  },
  {
    kind: 'stoch',
    label: 'Stochastic %K',
    description: 'Where the close sits in the range of the window, 0 to 100.',
    formula: '100 × (close − lowest low) / (highest high − lowest low)',
    params: [period(14, 1)],
    outputs: single,
    higherTimeframe: true,
  },
  {
    kind: 'adx',
    label: 'ADX',
    description: "Wilder's average directional index, 0 to 100: trend strength without its direction.",
    formula: 'Wilder average of DX = 100 × |+DI − −DI| / (+DI + −DI)',
    params: [period(14)],
    outputs: single,
    higherTimeframe: true,
  },
  {
    kind: 'sma',
    label: 'Distance to SMA',
    description: 'How far the close is above its simple moving average, in percent.',
    formula: '100 × (close / SMA(n) − 1)',
    params: [period(20, 1)],
    outputs: single,
    higherTimeframe: true,
  },
  {
    kind: 'ema',
    label: 'Distance to EMA',
    description: 'How far the close is above its exponential moving average, in percent.',
    formula: '100 × (close / EMA(n) − 1)',
    params: [period(20, 1)],
    outputs: single,
    higherTimeframe: true,
  },
  {
    kind: 'volz',
    label: 'Volume z-score',
    description: "The bar's volume in standard deviations from the window's mean volume.",
    formula: '(volume − mean(volume, n)) / std(volume, n)',
    params: [period(20)],
    outputs: single,
    higherTimeframe: true,
  },
  {
    kind: 'skew',
    label: 'Rolling skew',
    description: 'Skewness of the one-bar log returns over the window.',
    formula: 'm3 / m2^1.5 of ln(close[i] / close[i − 1]), i = t − n + 1 … t',
    params: [period(20, 3)],
    outputs: single,
    higherTimeframe: true,
  },
  {
    kind: 'hour',
    label: 'Time of day',
    description: "The bar's opening time of day (UTC) on a circle: 23:59 sits next to 00:00.",
    formula: 'sin and cos of 2π × (ms since UTC midnight) / 86,400,000',
    params: [],
    outputs: cyclical,
    higherTimeframe: false,
  },
  {
    kind: 'weekday',
    label: 'Day of week',
    description: "The bar's opening day of the week (UTC, Monday 0 … Sunday 6) on a circle.",
    formula: 'sin and cos of 2π × weekday / 7',
    params: [],
    outputs: cyclical,
    higherTimeframe: false,
  },
];

const byKind = new Map<string, FeatureKindInfo>(FEATURE_CATALOG.map((info) => [info.kind, info]));

export function featureKindInfo(kind: string): FeatureKindInfo | undefined {
  return byKind.get(kind);
}

/** A catalog feature with every parameter given (the schema fills the defaults in). */
export interface CatalogFeature {
  readonly kind: CatalogKind;
  readonly params: Readonly<Record<string, number>>;
  readonly timeframe?: string;
}

/**
 * An indicator a strategy's `init` declares, by the name it has in the run (the key `init`
 * returned it under, or its `name`). `sourceHash` pins a user strategy's text: the worker refuses
 * a source whose hash differs.
 */
export interface IndicatorFeature {
  readonly kind: 'indicator';
  readonly strategy: string;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly name: string;
  readonly sourceHash?: string;
}

export type FeatureSpec = CatalogFeature | IndicatorFeature;

const paramsText = (params: Readonly<Record<string, ParamValue>>): string => {
  const keys = Object.keys(params).sort();
  return keys.length === 0 ? '' : `(${keys.map((key) => `${key}=${String(params[key])}`).join(',')})`;
};

/**
 * The feature's short name: `rsi:14`, `macd:12:26:9`, `rsi:14@4h`, `hour`,
 * `indicator:sma-cross(fast=10).fast`. Parameters are listed in the catalog's order.
 */
export function featureName(spec: FeatureSpec): string {
  if (spec.kind === 'indicator') return `indicator:${spec.strategy}${paramsText(spec.params)}.${spec.name}`;
  const info = byKind.get(spec.kind);
  const values = (info?.params ?? []).map((p) => String(spec.params[p.name] ?? p.default));
  return [spec.kind, ...values].join(':') + (spec.timeframe === undefined ? '' : `@${spec.timeframe}`);
}

/** The names of the columns the feature gives: its short name, with `.sin`/`.cos` for the time features. */
export function featureColumns(spec: FeatureSpec): string[] {
  const name = featureName(spec);
  if (spec.kind === 'indicator') return [name];
  const outputs = byKind.get(spec.kind)?.outputs ?? single;
  return outputs.map((suffix) => (suffix === '' ? name : `${name}.${suffix}`));
}

/**
 * A catalog feature from its short name as the CLI takes it: `rsi:14`, `macd:12:26:9`,
 * `rsi:14@4h`, `ret` (defaults). Missing trailing parameters take their defaults. The result is
 * raw input for the config schema, which checks the bounds.
 */
export function parseFeatureName(text: string): { kind: string; params: Record<string, number>; timeframe?: string } {
  const [body, timeframe, extra] = text.trim().split('@');
  if (extra !== undefined) throw new Error(`feature '${text}': at most one '@timeframe'`);
  const [kind, ...values] = body.split(':');
  const info = byKind.get(kind);
  if (!info) throw new Error(`feature '${text}': unknown kind '${kind}' (one of ${CATALOG_KINDS.join(', ')})`);
  if (values.length > info.params.length) {
    const expected = info.params.length === 0 ? 'no parameters' : `at most ${info.params.length} (${info.params.map((p) => p.name).join(', ')})`;
    throw new Error(`feature '${text}': ${kind} takes ${expected}`);
  }
  const params: Record<string, number> = {};
  values.forEach((value, k) => {
    const number = Number(value);
    if (value.trim() === '' || !Number.isFinite(number)) throw new Error(`feature '${text}': ${info.params[k].name} must be a number, got '${value}'`);
    params[info.params[k].name] = number;
  });
  return { kind, params, ...(timeframe === undefined ? {} : { timeframe }) };
}
