import type { BacktestConfig } from '../../src-shared/backtest';
import type { Bars } from '../../src-shared/bars/bars';
import { BarwiseError } from '../../src-shared/errors';
import type { Bar, Indicator, NextContext, OrderOptions, Position } from '../../src-shared/sdk/strategy';
import { equityAt, positionOf, submit, type Broker } from '../engine/broker';
import { entryOrder, type RunExits, type Side } from '../engine/orders';
import { IndicatorView, type Clock } from './indicator';
import { OrderRefusal, entryRequest, type OrderRules } from './order-options';
import { lineIn, where } from './user-frame';

export interface ContextParts {
  readonly bars: Bars;
  readonly clock: Clock;
  readonly broker: Broker;
  readonly exits: RunExits;
  readonly config: BacktestConfig;
}

/** A refusal of something the strategy asked for, naming the line of its file that asked. */
function refused(clock: Clock, call: string, rule: string, code: 'STRATEGY_ERROR' | 'INVALID_CONFIG' = 'STRATEGY_ERROR'): BarwiseError {
  return new BarwiseError(code, `${where(clock.file, lineIn(new Error().stack, clock.file))}${call} at bar ${clock.index}: ${rule}`);
}

/*
 * The context is made of class instances whose getters (on the prototypes) read the current bar
 * and the broker: one set of objects per run, nothing allocated per bar, and the same shapes in
 * every run, so the code reading them stays specialised to them from run to run. What they read
 * is in private (#) fields: a strategy reaches the run only through their members, never the
 * bars themselves (which other runs may share) or the broker.
 */

class BarView implements Bar {
  readonly #bars: Bars;
  readonly #clock: Clock;
  constructor(bars: Bars, clock: Clock) {
    this.#bars = bars;
    this.#clock = clock;
    Object.freeze(this);
  }
  get open(): number {
    return this.#bars.open[this.#clock.index];
  }
  get high(): number {
    return this.#bars.high[this.#clock.index];
  }
  get low(): number {
    return this.#bars.low[this.#clock.index];
  }
  get close(): number {
    return this.#bars.close[this.#clock.index];
  }
  get volume(): number {
    return this.#bars.volume[this.#clock.index];
  }
  get time(): number {
    return this.#bars.time[this.#clock.index];
  }
  get index(): number {
    return this.#clock.index;
  }
}

class PositionView implements Position {
  /** Own and bound, so `const { close } = position` works too. */
  readonly close: (fraction?: number) => void;

  readonly #broker: Broker;
  readonly #bars: Bars;
  readonly #clock: Clock;

  constructor(broker: Broker, bars: Bars, clock: Clock) {
    this.#broker = broker;
    this.#bars = bars;
    this.#clock = clock;
    this.close = (fraction = 1) => {
      if (typeof fraction !== 'number' || !(fraction > 0 && fraction <= 1)) {
        throw refused(clock, 'position.close', `the fraction to close must be above 0 and at most 1, got ${String(fraction)}`);
      }
      if (broker.lots.length > 0) submit(broker, { kind: 'close', fraction, bar: clock.index });
    };
    Object.freeze(this);
  }
  get size(): number {
    return positionOf(this.#broker);
  }
  get isLong(): boolean {
    return positionOf(this.#broker) > 0;
  }
  get isShort(): boolean {
    return positionOf(this.#broker) < 0;
  }
  get entryPrice(): number {
    let units = 0;
    let value = 0;
    for (const lot of this.#broker.lots) {
      units += Math.abs(lot.size);
      value += Math.abs(lot.size) * lot.entryPrice;
    }
    return units > 0 ? value / units : NaN;
  }
  get entryBar(): number {
    return this.#broker.lots.length > 0 ? this.#broker.lots[0].entryBar : -1;
  }
  get barsHeld(): number {
    return this.#broker.lots.length > 0 ? this.#clock.index - this.#broker.lots[0].entryBar : 0;
  }
  get pl(): number {
    const close = this.#bars.close[this.#clock.index];
    let pl = 0;
    for (const lot of this.#broker.lots) pl += lot.size * (close - lot.entryPrice) - lot.entryCommission;
    return pl;
  }
  get plPct(): number {
    let value = 0;
    for (const lot of this.#broker.lots) value += Math.abs(lot.size) * lot.entryPrice;
    return value > 0 ? (this.pl / value) * 100 : 0;
  }
}

const isOperand = (x: unknown): x is IndicatorView | number => typeof x === 'number' || IndicatorView.isIndicator(x);

/**
 * backtesting.py's `crossover(a, b)`: `a` below `b` at the bar before, above it now. One function
 * for every run (the indicators know the run's bar), so code calling it stays specialised to it.
 */
function crossover(a: Indicator | number, b: Indicator | number): boolean {
  if (!isOperand(a) || !isOperand(b)) {
    const got = [a, b].map((x) => (x === null ? 'null' : typeof x)).join(' and ');
    throw new TypeError(`crossover compares indicators (from I(...) or data) or numbers, got ${got}`);
  }
  return IndicatorView.crossedAbove(a, b);
}

class ContextView implements NextContext {
  readonly bar: Bar;
  readonly data: NextContext['data'];
  readonly position: Position;
  readonly crossover = crossover;
  /** Own and bound, so `next({ buy, sell })` can take them out of the context. */
  readonly buy: (options?: OrderOptions) => void;
  readonly sell: (options?: OrderOptions) => void;

  readonly #broker: Broker;
  readonly #bars: Bars;
  readonly #clock: Clock;

  constructor(broker: Broker, bars: Bars, clock: Clock, exits: RunExits, config: BacktestConfig) {
    this.#broker = broker;
    this.#bars = bars;
    this.#clock = clock;
    const column = (name: 'open' | 'high' | 'low' | 'close' | 'volume' | 'time'): Indicator => new IndicatorView(bars[name], clock, name);
    this.bar = new BarView(bars, clock);
    this.data = Object.freeze({ open: column('open'), high: column('high'), low: column('low'), close: column('close'), volume: column('volume'), time: column('time') });
    this.position = new PositionView(broker, bars, clock);
    const rules: OrderRules = { fractionalUnits: config.fractionalUnits, runHasStopLoss: exits.stopLoss !== null, runSizing: config.sizing };
    const order = (side: Side, options: OrderOptions | undefined): void => {
      try {
        const request = entryRequest(side, options, bars.close[clock.index], rules);
        submit(broker, entryOrder(request, exits, config.sizing, clock.index));
      } catch (error) {
        if (error instanceof OrderRefusal) throw refused(clock, side > 0 ? 'buy' : 'sell', error.rule, error.code);
        throw error;
      }
    };
    this.buy = (options) => order(1, options);
    this.sell = (options) => order(-1, options);
    Object.freeze(this);
  }

  get equity(): number {
    return equityAt(this.#broker, this.#bars.close[this.#clock.index]);
  }
  get cash(): number {
    return this.#broker.cash;
  }
}

/** The context `next` receives: one frozen object for the whole run (see ContextView). */
export function nextContext({ bars, clock, broker, exits, config }: ContextParts): NextContext {
  return new ContextView(broker, bars, clock, exits, config);
}
