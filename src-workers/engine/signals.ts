import { lowerBound } from '../../src-shared/bars/search';
import { HOLD, LONG, SHORT, type Decider, type Target } from './strategy';

/**
 * A rule's decisions for every bar, computed in advance and kept sparse: the bars at which it
 * says something (target ≠ HOLD), ascending, with their targets. For rules that do not depend on
 * what is held (crossovers): the bar loop then goes from one signal to the next without visiting
 * the bars between (backtest.ts, barLoop), and the strategy's pass over the bars can be one tight
 * loop. A crossover on a million minute bars has ~40,000 signals.
 */
export class Signals {
  bars = new Int32Array(1024);
  targets = new Int8Array(1024);
  count = 0;

  push(bar: number, target: Target): void {
    if (this.count === this.bars.length) {
      const bars = new Int32Array(this.count * 2);
      bars.set(this.bars);
      this.bars = bars;
      const targets = new Int8Array(this.count * 2);
      targets.set(this.targets);
      this.targets = targets;
    }
    this.bars[this.count] = bar;
    this.targets[this.count++] = target;
  }

  /** The target at bar i (HOLD where the rule says nothing), by bisection. */
  at(i: number): Target {
    const k = lowerBound(this.bars.subarray(0, this.count), i);
    return k < this.count && this.bars[k] === i ? (this.targets[k] as Target) : HOLD;
  }
}

/** A Decider whose rule is given as signals (decide reads them too, for tests and tools). */
export function signalsDecider(warmup: number, signals: Signals): Decider {
  return { warmup, signals, decide: (i) => signals.at(i) };
}

/**
 * backtesting.py's crossover rule as signals: LONG at bar i where `a` crossed above `b`
 * (a[i−1] < b[i−1] and a[i] > b[i]: crossedAbove), SHORT where it crossed below. NaN (warm-up)
 * compares false, so no signal before both series have values. Causal: bar i reads i − 1 and i.
 */
export function crossSignals(a: Float64Array, b: Float64Array): Signals {
  const signals = new Signals();
  const n = a.length;
  let previousA = n > 0 ? a[0] : NaN;
  let previousB = n > 0 ? b[0] : NaN;
  for (let i = 1; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (previousA < previousB) {
      if (x > y) signals.push(i, LONG);
    } else if (previousB < previousA && y > x) signals.push(i, SHORT);
    previousA = x;
    previousB = y;
  }
  return signals;
}
