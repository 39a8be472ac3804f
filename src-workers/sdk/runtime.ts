import { INDICATOR_COLOR, type BacktestConfig, type IndicatorSeries, type ParamValues } from '../../src-shared/backtest';
import type { Bars } from '../../src-shared/bars/bars';
import { BarwiseError } from '../../src-shared/errors';
import type { Data, Indicator, IndicatorOptions, InitContext, NextContext, ParamsOf, SignalsContext } from '../../src-shared/sdk/strategy';
import type { Broker } from '../engine/broker';
import { lastClosedIndex } from '../engine/higher-timeframe';
import type { RunExits } from '../engine/orders';
import { nextContext } from './context';
import { failure } from './failure';
import { IndicatorView, newClock, type Clock } from './indicator';
import type { LoadedStrategy } from './loaded';
import { lineIn, where } from './user-frame';

/** What a run hands the strategy. */
export interface RunParts {
  readonly bars: Bars;
  /** The higher timeframes the strategy declared, resampled by the caller. */
  readonly higher: Readonly<Record<string, Bars>>;
  readonly params: Readonly<ParamValues>;
  readonly broker: Broker;
  readonly exits: RunExits;
  readonly config: BacktestConfig;
}

/** A strategy after `init` (and `signals`): what the bar loop drives. */
export interface PreparedStrategy {
  /** The first bar at which every declared indicator has a value (0 without indicators). */
  readonly warmup: number;
  readonly indicators: readonly IndicatorSeries[];
  /** With `signals`: what to hold after each bar (+1, −1, 0, NaN keep). Null: `next` decides (runNext). */
  readonly targets: Float64Array | null;
  /** The strategy's `next` and what it is called with (null with `signals`). */
  readonly next: NextFunction | null;
  readonly ctx: NextContext | null;
  readonly state: unknown;
  readonly params: Readonly<ParamValues>;
  readonly clock: Clock;
}

type NextFunction = (ctx: NextContext, indicators: unknown, params: unknown) => void;

/**
 * Runs `next` for bar i: its orders go to the broker. What it throws is the caller's to turn into
 * the strategy's error (nextFailure), once for the whole loop rather than around every call.
 */
export function runNext(prepared: PreparedStrategy, i: number): void {
  const clock = prepared.clock;
  clock.index = i;
  clock.inNext = true;
  (prepared.next as NextFunction)(prepared.ctx as NextContext, prepared.state, prepared.params);
  clock.inNext = false;
}

/** What the bar loop threw, as the strategy's error when `next` threw it (failure.ts); anything else as it is. */
export function nextFailure(prepared: PreparedStrategy, error: unknown): unknown {
  const clock = prepared.clock;
  return clock.inNext ? failure(error, 'next', clock.file, clock.index) : error;
}

interface Declared {
  readonly view: IndicatorView;
  /** Given by the strategy (else the key init returned it under). */
  readonly named: boolean;
  /** One value per bar of the run (a higher timeframe's series aligned to it). */
  readonly values: Float64Array;
  readonly overlay: boolean | undefined;
  readonly color: string | undefined;
  readonly timeframe: string | undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** First index where every series has a value, as backtesting.py's warm-up (the latest first value). */
function firstValid(series: readonly Float64Array[]): number {
  let first = 0;
  for (const values of series) {
    let i = 0;
    while (i < values.length && values[i] !== values[i]) i++;
    first = Math.max(first, i);
  }
  return first;
}

/** Bars the overlay default looks at, spread evenly over the run: enough to tell a price from an oscillator. */
const OVERLAY_SAMPLE = 1024;

/**
 * backtesting.py's default for `overlay`: more than 60% of the values within 40% of the close,
 * judged on up to OVERLAY_SAMPLE bars spread evenly over the run rather than on every bar.
 */
function nearPrice(values: Float64Array, close: Float64Array): boolean {
  const n = values.length;
  const step = Math.max(1, Math.floor(n / OVERLAY_SAMPLE));
  let near = 0;
  let seen = 0;
  for (let i = 0; i < n; i += step) {
    const ratio = values[i] / close[i];
    if (ratio > 0.6 && ratio < 1.4) near++;
    seen++;
  }
  return near > 0.6 * seen;
}

/**
 * The bars as code from outside this code base gets them: each column copied when it is first
 * read, so the arrays other runs share (SharedArrayBuffer views) are never within its reach, and
 * a strategy that reads only the closes copies only them.
 */
function copyOnRead(bars: Bars): Bars {
  const copies: Partial<Record<'time' | 'open' | 'high' | 'low' | 'close' | 'volume', Float64Array>> = {};
  return Object.freeze({
    get time() {
      return (copies.time ??= bars.time.slice());
    },
    get open() {
      return (copies.open ??= bars.open.slice());
    },
    get high() {
      return (copies.high ??= bars.high.slice());
    },
    get low() {
      return (copies.low ??= bars.low.slice());
    },
    get close() {
      return (copies.close ??= bars.close.slice());
    },
    get volume() {
      return (copies.volume ??= bars.volume.slice());
    },
    timeframeMs: bars.timeframeMs,
  });
}

/**
 * The parameters as the strategy sees them: a frozen object holding each declared value, whose
 * prototype refuses any other name (a typo would otherwise read `undefined`, silently). Declared
 * names are the object's own, so reading them, in `next` at every bar, never reaches the refusal.
 */
function guardedParams(params: Readonly<ParamValues>, clock: Clock): Readonly<ParamValues> {
  const declared = Object.keys(params).join(', ') || 'none';
  const refusal = new Proxy(Object.create(null) as object, {
    get(_, key) {
      // What the language itself looks up on any object (toString, toJSON, then, symbols…).
      if (typeof key === 'symbol' || key in Object.prototype || key === 'toJSON' || key === 'then') return Reflect.get(Object.prototype, key);
      const line = lineIn(new Error().stack, clock.file);
      throw new BarwiseError('STRATEGY_ERROR', `${where(clock.file, line)}params.${key} is not a declared parameter (declared: ${declared})`);
    },
  });
  return Object.freeze(Object.assign(Object.create(refusal) as ParamValues, params));
}

/**
 * Runs the strategy's `init` (declaring its indicators) and `signals`, and readies `next`: the
 * SDK's side of a run. Anything the strategy's code throws comes back as a STRATEGY_ERROR naming
 * its file and line (failure.ts).
 */
export function prepareStrategy(strategy: LoadedStrategy, parts: RunParts): PreparedStrategy {
  const { definition, file } = strategy;
  const { bars, higher } = parts;
  const n = bars.time.length;
  const clock = newClock(n, file);
  const given = strategy.untrusted ? copyOnRead(bars) : bars;
  const givenHigher = new Map<string, Bars>();
  const closedIndex = new Map<string, Int32Array>();
  const params = guardedParams(parts.params, clock);
  const declared: Declared[] = [];

  const refuse = (call: string, rule: string): never => {
    throw new BarwiseError('STRATEGY_ERROR', `${where(file, lineIn(new Error().stack, file))}${call}: ${rule}`);
  };
  const higherBars = (timeframe: unknown, call: string): Bars => {
    const found = typeof timeframe === 'string' && Object.hasOwn(higher, timeframe) ? higher[timeframe] : undefined;
    if (found === undefined) {
      const known = Object.keys(higher).join(', ') || 'none';
      refuse(call, `${JSON.stringify(timeframe)} is not a timeframe the strategy declares for these parameters (timeframes gives: ${known})`);
    }
    return found as Bars;
  };
  const higherData = (timeframe: string): Data => {
    const found = higherBars(timeframe, `higher(${JSON.stringify(timeframe)})`);
    if (!givenHigher.has(timeframe)) givenHigher.set(timeframe, strategy.untrusted ? copyOnRead(found) : found);
    return givenHigher.get(timeframe) as Data;
  };

  const declare = (series: unknown, options: unknown = {}): Indicator => {
    let values: Float64Array;
    if (series instanceof Float64Array) values = series;
    else if (Array.isArray(series) && series.every((v) => typeof v === 'number')) values = Float64Array.from(series);
    else if (IndicatorView.isIndicator(series)) values = IndicatorView.valuesOf(series);
    else return refuse('I', `declares a series of numbers (a Float64Array from an indicator), got ${series === null ? 'null' : typeof series}`);
    if (!isRecord(options)) return refuse('I', 'options must be an object { name, overlay, color, timeframe }');
    const { name, overlay, color, timeframe, ...unknown } = options as IndicatorOptions & Record<string, unknown>;
    const extra = Object.keys(unknown);
    if (extra.length > 0) refuse('I', `unknown option '${extra[0]}' (options: name, overlay, color, timeframe)`);
    if (name !== undefined && (typeof name !== 'string' || name.length === 0 || name.length > 100)) refuse('I', 'name must be a string of 1 to 100 characters');
    if (overlay !== undefined && typeof overlay !== 'boolean') refuse('I', 'overlay must be true or false');
    if (color !== undefined && (typeof color !== 'string' || !INDICATOR_COLOR.test(color))) refuse('I', `color must be '#rrggbb', '#rgb' or a CSS colour name, got ${JSON.stringify(color)}`);
    if (timeframe === undefined) {
      if (values.length !== n) refuse('I', `a series has one value per bar (${n}), got ${values.length}; for a higher timeframe's series give { timeframe }`);
    } else {
      const source = higherBars(timeframe, 'I');
      if (values.length !== source.time.length) refuse('I', `a ${timeframe} series has one value per ${timeframe} bar (${source.time.length}), got ${values.length}`);
      let closed = closedIndex.get(timeframe);
      if (closed === undefined) closedIndex.set(timeframe, (closed = lastClosedIndex(bars, source)));
      const aligned = new Float64Array(n);
      for (let i = 0; i < n; i++) aligned[i] = closed[i] >= 0 ? values[closed[i]] : NaN;
      values = aligned;
    }
    const view = new IndicatorView(values, clock, name ?? `indicator ${declared.length + 1}`);
    declared.push({ view, named: name !== undefined, values, overlay, color, timeframe });
    return view;
  };

  const data: Data = given;
  const initContext: InitContext<Record<string, never>> = Object.freeze({
    data,
    params: params as ParamsOf<Record<string, never>>,
    higher: higherData,
    I: declare as InitContext<Record<string, never>>['I'],
  });
  // The definition's functions, with the parameter and indicator types it declared erased.
  const init = definition.init as ((ctx: InitContext<Record<string, never>>) => unknown) | undefined;
  const signals = definition.signals as ((ctx: SignalsContext<Record<string, never>>, indicators: unknown) => unknown) | undefined;
  const next = definition.next as NextFunction | undefined;
  let state: unknown;
  if (init !== undefined) {
    try {
      state = init(initContext);
    } catch (error) {
      throw failure(error, 'init', file);
    }
  }
  // An indicator is named by the key init returned it under, unless it was given a name.
  if (isRecord(state)) {
    for (const [key, value] of Object.entries(state)) {
      const entry = declared.find((d) => d.view === value);
      if (entry && !entry.named) entry.view.name = key;
    }
  }

  let targets: Float64Array | null = null;
  if (signals !== undefined) {
    const signalsContext: SignalsContext<Record<string, never>> = Object.freeze({ data, params: initContext.params, higher: higherData });
    let result: unknown;
    try {
      result = signals(signalsContext, state);
    } catch (error) {
      throw failure(error, 'signals', file);
    }
    targets = checkedTargets(result, n, file);
  }

  const indicators = declared.map((d) => ({
    name: d.view.name,
    overlay: d.overlay ?? nearPrice(d.values, bars.close),
    ...(d.color === undefined ? {} : { color: d.color }),
    ...(d.timeframe === undefined ? {} : { timeframe: d.timeframe }),
    values: d.values.buffer instanceof SharedArrayBuffer ? d.values.slice() : d.values,
  }));
  const ctx = targets === null && next !== undefined ? nextContext({ bars, clock, broker: parts.broker, exits: parts.exits, config: parts.config }) : null;
  clock.stepping = targets === null && next !== undefined;
  return {
    warmup: firstValid(declared.map((d) => d.values)),
    indicators,
    targets,
    next: targets === null && next !== undefined ? next : null,
    ctx,
    state,
    params,
    clock,
  };
}

/** `signals`' result checked: `{ target }` with one value per bar (each value is checked where the bar loop reads it). */
function checkedTargets(signals: unknown, n: number, file: string): Float64Array {
  const target = isRecord(signals) ? signals.target : undefined;
  if (!(target instanceof Float64Array) || target.length !== n) {
    const got = target instanceof Float64Array ? `${target.length} values` : typeof target;
    throw new BarwiseError('STRATEGY_ERROR', `${where(file, undefined)}signals must return { target: Float64Array } with one value per bar (${n}), got ${got}`);
  }
  return target;
}

/** A target the engine cannot take, refused where the bar loop reads it. */
export function refusedTarget(file: string, i: number, target: number): BarwiseError {
  return new BarwiseError('STRATEGY_ERROR', `${where(file, undefined)}signals: target[${i}] is ${target}: a target is 1 (long), -1 (short), 0 (flat) or NaN (keep what is held)`);
}
