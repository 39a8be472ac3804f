import { readFileSync } from 'node:fs';
import { backtestConfigSchema, type BacktestConfigInput, type ExitDistance } from '../../../src-shared/backtest';
import { RUN_JSON_FORMAT } from '../../runs/export/json';
import { BarwiseError } from '../../../src-shared/errors';
import type { TypedAs } from '../check-input';
import { parseInstant, parseNumber, parseParams } from '../parse-values';

/**
 * The engine settings `barwise backtest` takes as options, and `--config FILE.json` (a whole
 * backtest config, options on top). Each option sets one part of the config; the config schema
 * (the one the API checks) judges them all, and a refusal names the option as typed, or the file
 * and the field in it.
 */

const refuse = (message: string) => new BarwiseError('VALIDATION_FAILED', message);
type Values = Readonly<Record<string, string | string[] | boolean | undefined>>;

const DIRECTIONS = { long: 'long-only', short: 'short-only', both: 'both' } as const;
const SIZINGS = ['fraction', 'units', 'cash', 'risk'] as const;

/** Each option as `--help` explains it; the defaults are the engine's (backtesting.py's). */
export const OPTION_HELP: Readonly<Record<string, readonly [string, string]>> = {
  dataset: ['--dataset ID', 'the dataset: its id, or the prefix `barwise datasets` shows'],
  strategy: ['--strategy S', 'a strategy id (`barwise strategies` lists them with their parameters), or a .ts or .js strategy file to run without saving it; default: the --config file\'s'],
  param: ['--param k=v', "a strategy parameter, once per parameter; the strategy's defaults for the rest"],
  config: ['--config FILE', 'a JSON file holding a whole backtest config (as a run\'s JSON export has it under run.config); the options below override its values'],
  timeframe: ['--timeframe TF', "resample the bars first (1h, 4h, 1d, …); default: the dataset's own"],
  from: ['--from T, --to T', 'first and last bar by open time, both included: epoch ms or an ISO date or date-time, UTC unless it has an offset; a date alone as --to takes in that whole day'],
  direction: ['--direction D', 'long, short or both (default: both, a crossover stops and reverses)'],
  cash: ['--cash N', 'initial cash (default 10000)'],
  sizing: ['--sizing KIND', 'how --size is read: fraction (of buying power), units, cash (per trade) or risk (% of equity lost at the stop; needs a stop)'],
  size: ['--size V', 'without --sizing: below 1, the fraction of buying power each entry uses (default 0.9999); from 1 up, a number of units'],
  units: ['--units U', 'whole (default) or fractional (crypto, FX)'],
  leverage: ['--leverage X', 'buying power = equity × X (default 1, none)'],
  commission: ['--commission F', 'a fraction of traded value, charged on entry and on exit (0.001 = 0.1%; default 0)'],
  'commission-fixed': ['--commission-fixed N', 'a fixed amount per order, added to --commission (default 0)'],
  spread: ['--spread F', 'the bid-ask spread as a fraction of price, paid once per round trip (default 0)'],
  slippage: ['--slippage F', 'a fraction of price, always against you (0.0005 = 0.05%; default 0)'],
  'slippage-ticks': ['--slippage-ticks N', 'slippage in ticks instead, with --tick-size (the price step of one tick)'],
  'tick-size': ['--tick-size N', 'the price step of one tick, for --slippage-ticks'],
  'stop-loss': ['--stop-loss X', 'an exit for every trade: P% from entry (2%), M atr (1.5atr, ATR of 14 bars) or M atr:N (2atr:20), or none'],
  'take-profit': ['--take-profit X', 'as --stop-loss, on the winning side'],
  'trailing-stop': ['--trailing-stop X', 'as --stop-loss, following the best price since entry'],
  'trade-on-close': ['--trade-on-close', "fill market orders at the deciding bar's close, not the next bar's open"],
  'no-close-at-end': ['--no-close-at-end', 'leave a position open at the last bar out of the trades (default: closed, exit reason end)'],
  'risk-free-rate': ['--risk-free-rate F', 'annual, as a fraction, for Sharpe and Sortino (0.02 = 2%; default 0)'],
  name: ['--name NAME', 'the run name `barwise runs` shows (default: strategy, parameters and dataset)'],
};

export const BACKTEST_OPTIONS = {
  dataset: { type: 'string' },
  strategy: { type: 'string' },
  param: { type: 'string', multiple: true },
  config: { type: 'string' },
  timeframe: { type: 'string' },
  direction: { type: 'string' },
  cash: { type: 'string' },
  sizing: { type: 'string' },
  size: { type: 'string' },
  units: { type: 'string' },
  leverage: { type: 'string' },
  commission: { type: 'string' },
  'commission-fixed': { type: 'string' },
  spread: { type: 'string' },
  slippage: { type: 'string' },
  'slippage-ticks': { type: 'string' },
  'tick-size': { type: 'string' },
  'stop-loss': { type: 'string' },
  'take-profit': { type: 'string' },
  'trailing-stop': { type: 'string' },
  'trade-on-close': { type: 'boolean' },
  'no-close-at-end': { type: 'boolean' },
  'risk-free-rate': { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  name: { type: 'string' },
} as const;

/** Config fields set by an option, by their schema path: a refusal names the option as typed. */
const OPTION_OF_PATH: Readonly<Record<string, string>> = {
  timeframe: 'timeframe',
  name: 'name',
  'config.strategy.id': 'strategy',
  'config.strategy.params': 'param',
  'config.from': 'from',
  'config.to': 'to',
  'config.cash': 'cash',
  'config.commission.fraction': 'commission',
  'config.commission.fixed': 'commission-fixed',
  'config.spread': 'spread',
  'config.slippage.fraction': 'slippage',
  'config.slippage.ticks': 'slippage-ticks',
  'config.slippage.tickSize': 'tick-size',
  'config.sizing': 'size',
  'config.leverage': 'leverage',
  'config.stopLoss': 'stop-loss',
  'config.takeProfit': 'take-profit',
  'config.trailingStop': 'trailing-stop',
  'config.riskFreeRate': 'risk-free-rate',
};

const DECIMAL = String.raw`[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?`;
const PERCENT = new RegExp(`^(${DECIMAL})%$`, 'i');
const ATR = new RegExp(`^(${DECIMAL})\\s*atr(?::(\\d+))?$`, 'i');

/** `2%` → 2% from entry; `1.5atr` → 1.5 × ATR(14); `2atr:20` → 2 × ATR(20); `none`. The schema checks the ranges. */
export function parseExit(option: string, raw: string | undefined): ExitDistance | undefined {
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (text === 'none') return { kind: 'none' };
  const percent = PERCENT.exec(text);
  if (percent) return { kind: 'percent', percent: Number(percent[1]) };
  const atr = ATR.exec(text);
  if (atr) return { kind: 'atr', multiple: Number(atr[1]), period: atr[2] === undefined ? 14 : Number(atr[2]) };
  throw refuse(`--${option} must be P% (percent from entry), M atr or M atr:N (a multiple of the ATR of N bars, 14 by default), or none, got "${raw}"`);
}

/**
 * A --config file's config: a JSON object of backtest config fields, or a run's JSON export (its
 * run.config). A field the config does not have is refused (a typo would otherwise be dropped
 * in silence); the values are judged by the config schema with the options on top.
 */
export function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw refuse(`--config ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw refuse(`--config ${path}: not JSON (${(error as Error).message})`);
  }
  const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
  if (!isObject(value)) throw refuse(`--config ${path}: must hold a JSON object, a backtest config`);
  const config = value.format === RUN_JSON_FORMAT && isObject(value.run) && isObject(value.run.config) ? value.run.config : value;
  const known = Object.keys(backtestConfigSchema.shape);
  const unknown = Object.keys(config).filter((key) => !known.includes(key));
  if (unknown.length > 0) throw refuse(`--config ${path}: no config field ${unknown.map((k) => `"${k}"`).join(', ')} (the fields: ${known.join(', ')})`);
  return config;
}

function sizingOf(v: Values): BacktestConfigInput['sizing'] | undefined {
  const kind = v.sizing as string | undefined;
  const size = parseNumber('size', v.size as string | undefined);
  if (kind !== undefined && !(SIZINGS as readonly string[]).includes(kind)) throw refuse(`--sizing must be ${SIZINGS.join(', ')}, got "${kind}"`);
  if (kind !== undefined && size === undefined) throw refuse(`--sizing ${kind} needs --size`);
  if (size === undefined) return undefined;
  switch (kind) {
    case 'fraction':
      return { kind: 'equity-fraction', fraction: size };
    case 'units':
      return { kind: 'fixed-quantity', quantity: size };
    case 'cash':
      return { kind: 'fixed-cash', amount: size };
    case 'risk':
      return { kind: 'risk', riskPct: size };
    default:
      // As backtesting.py's `size`: below 1 a fraction of buying power, from 1 up a number of units.
      return size < 1 ? { kind: 'equity-fraction', fraction: size } : { kind: 'fixed-quantity', quantity: size };
  }
}

function slippageOf(v: Values): BacktestConfigInput['slippage'] | undefined {
  const fraction = parseNumber('slippage', v.slippage as string | undefined);
  const ticks = parseNumber('slippage-ticks', v['slippage-ticks'] as string | undefined);
  const tickSize = parseNumber('tick-size', v['tick-size'] as string | undefined);
  if (fraction !== undefined && ticks !== undefined) throw refuse('--slippage and --slippage-ticks are two ways to say one thing: give one');
  if (ticks !== undefined && tickSize === undefined) throw refuse('--slippage-ticks needs --tick-size (the price step of one tick)');
  if (tickSize !== undefined && ticks === undefined) throw refuse('--tick-size goes with --slippage-ticks');
  if (ticks !== undefined) return { kind: 'ticks', ticks, tickSize: tickSize! };
  return fraction === undefined ? undefined : { kind: 'fraction', fraction };
}

/**
 * The config the options and the --config file make: the file's values, each option given on
 * top (the commission's two parts and the strategy's parameters one by one). Not yet validated.
 */
export function configFromOptions(v: Values, strategyId: string | undefined, file: Record<string, unknown> = {}): Record<string, unknown> {
  const direction = v.direction as string | undefined;
  if (direction !== undefined && !(direction in DIRECTIONS)) throw refuse(`--direction must be long, short or both, got "${direction}"`);
  const units = v.units as string | undefined;
  if (units !== undefined && units !== 'whole' && units !== 'fractional') throw refuse(`--units must be whole or fractional, got "${units}"`);
  const fileStrategy = (typeof file.strategy === 'object' && file.strategy !== null ? file.strategy : {}) as { id?: unknown; params?: unknown };
  const fileParams = typeof fileStrategy.params === 'object' && fileStrategy.params !== null ? fileStrategy.params : {};
  const fileCommission = typeof file.commission === 'object' && file.commission !== null ? file.commission : {};
  const commission = parseNumber('commission', v.commission as string | undefined);
  const commissionFixed = parseNumber('commission-fixed', v['commission-fixed'] as string | undefined);
  const options: Record<string, unknown> = {
    cash: parseNumber('cash', v.cash as string | undefined),
    spread: parseNumber('spread', v.spread as string | undefined),
    slippage: slippageOf(v),
    sizing: sizingOf(v),
    leverage: parseNumber('leverage', v.leverage as string | undefined),
    fractionalUnits: units === undefined ? undefined : units === 'fractional',
    direction: direction === undefined ? undefined : DIRECTIONS[direction as keyof typeof DIRECTIONS],
    stopLoss: parseExit('stop-loss', v['stop-loss'] as string | undefined),
    takeProfit: parseExit('take-profit', v['take-profit'] as string | undefined),
    trailingStop: parseExit('trailing-stop', v['trailing-stop'] as string | undefined),
    tradeOnClose: v['trade-on-close'] === true ? true : undefined,
    closeAtEnd: v['no-close-at-end'] === true ? false : undefined,
    riskFreeRate: parseNumber('risk-free-rate', v['risk-free-rate'] as string | undefined),
    from: parseInstant('from', v.from as string | undefined),
    to: parseInstant('to', v.to as string | undefined, 'end'),
  };
  const config: Record<string, unknown> = { ...file };
  for (const [key, value] of Object.entries(options)) if (value !== undefined) config[key] = value;
  if (commission !== undefined || commissionFixed !== undefined) {
    config.commission = {
      ...fileCommission,
      ...(commission === undefined ? {} : { fraction: commission }),
      ...(commissionFixed === undefined ? {} : { fixed: commissionFixed }),
    };
  }
  config.strategy = {
    ...fileStrategy,
    id: strategyId ?? fileStrategy.id,
    params: { ...fileParams, ...parseParams((v.param as string[] | undefined) ?? []) },
  };
  return config;
}

/** How a refusal names each config field: the option, when one was given for it (see checkConfig for the rest). */
export function typedAsOf(v: Values): Record<string, TypedAs> {
  const typed: Record<string, TypedAs> = {};
  for (const [path, option] of Object.entries(OPTION_OF_PATH)) {
    if (v[option] === undefined && !(option === 'size' && v.sizing !== undefined)) continue;
    const meaning = OPTION_HELP[option === 'to' ? 'from' : option]?.[1];
    typed[path] = { option: `--${option}`, value: v[option], meaning };
  }
  return typed;
}
