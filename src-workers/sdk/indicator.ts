import { BarwiseError } from '../../src-shared/errors';
import type { Indicator } from '../../src-shared/sdk/strategy';
import { lineIn, where } from './user-frame';

/**
 * The bar a run is at, shared by the run's indicators and its context: `next` at bar i sees bars
 * 0..i. During `init` and `signals`, which work on every bar at once, it stands at the last bar.
 * A plain object, as the engine's broker is (engine/broker.ts says why).
 */
export interface Clock {
  index: number;
  /** True once the run steps bar by bar with `next` (then no code may take an indicator's whole series). */
  stepping: boolean;
  /** True while `next` runs: what the bar loop throws then is the strategy's error. */
  inNext: boolean;
  readonly bars: number;
  /** The strategy file, to name the line of a refused read. */
  readonly file: string;
}

export function newClock(bars: number, file: string): Clock {
  return { index: bars - 1, stepping: false, inNext: false, bars, file };
}

/**
 * A series the strategy reads by offset from the current bar (`at(-1)` now, `at(-2)` the bar
 * before, `at(k)` bar k): a Float64Array and a bounds check, nothing allocated per read. The
 * values are a private field, so code given an indicator cannot reach past the current bar.
 */
export class IndicatorView implements Indicator {
  readonly #values: Float64Array;
  readonly #clock: Clock;
  name: string;

  constructor(values: Float64Array, clock: Clock, name: string) {
    this.#values = values;
    this.#clock = clock;
    this.name = name;
  }

  get length(): number {
    return this.#clock.index + 1;
  }

  at(offset: number): number {
    const now = this.#clock.index;
    const i = offset < 0 ? now + 1 + offset : offset;
    if (i >= 0 && i <= now && (i | 0) === i) return this.#values[i];
    return this.#outside(offset, i, now);
  }

  #outside(offset: number, i: number, now: number): number {
    if (!Number.isInteger(offset)) {
      throw new BarwiseError('STRATEGY_ERROR', `${this.#where()}${this.name}.at(${offset}): an offset is a whole number (-1 is the current bar)`);
    }
    if (i < 0) return NaN;
    throw new BarwiseError(
      'LOOK_AHEAD',
      `${this.#where()}${this.name}.at(${offset}) at bar ${now} reads bar ${i}: a strategy may read only bars up to the current one (at(-1) is the current bar, at(-2) the one before)`,
    );
  }

  #where(): string {
    return where(this.#clock.file, lineIn(new Error().stack, this.#clock.file));
  }

  /** Every value (for the engine: the chart, the warm-up). */
  static valuesOf(indicator: IndicatorView): Float64Array {
    return indicator.#values;
  }

  /**
   * Every value, for an SDK function that works on whole series (`cross`, `sma` of an indicator):
   * in `init` and `signals` only, since in `next` it would hand over the bars after the current one.
   */
  static wholeSeries(indicator: IndicatorView, call: string): Float64Array {
    if (indicator.#clock.stepping) {
      throw new BarwiseError(
        'LOOK_AHEAD',
        `${indicator.#where()}${call}(${indicator.name}) in next: a function of a whole series would read the bars after the current one; compute it in init and declare it with I()`,
      );
    }
    return indicator.#values;
  }

  /**
   * backtesting.py's `crossover(a, b)` at the current bar: a below b at the bar before, above it
   * now (two numbers never cross). Reads the two bars directly and answers a boolean, so a call
   * per bar allocates nothing.
   */
  static crossedAbove(a: IndicatorView | number, b: IndicatorView | number): boolean {
    const clock = typeof a === 'number' ? (typeof b === 'number' ? undefined : b.#clock) : a.#clock;
    if (clock === undefined) return false;
    const now = clock.index;
    if (now < 1) return false;
    const aBefore = typeof a === 'number' ? a : a.#values[now - 1];
    const bBefore = typeof b === 'number' ? b : b.#values[now - 1];
    if (!(aBefore < bBefore)) return false;
    const aNow = typeof a === 'number' ? a : a.#values[now];
    const bNow = typeof b === 'number' ? b : b.#values[now];
    return aNow > bNow;
  }

  static isIndicator(value: unknown): value is IndicatorView {
    return typeof value === 'object' && value !== null && #values in value;
  }
}
