import type { BacktestConfig } from '../../src-shared/backtest';
import type { Bars } from '../../src-shared/bars/bars';
import { BarwiseError } from '../../src-shared/errors';
import type { Bar, Indicator, NextContext, OrderOptions, Position } from '../../src-shared/sdk/strategy';
import type { Broker } from '../engine/broker';
import { entryOrder, type RunExits, type Side } from '../engine/orders';
import { Clock, IndicatorView } from './indicator';
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

/**
 * The context `next` receives: one object for the whole run, frozen, whose getters read the
 * current bar (the clock) and the broker, so nothing is allocated per bar.
 */
export function nextContext({ bars, clock, broker, exits, config }: ContextParts): NextContext {
  const column = (name: 'open' | 'high' | 'low' | 'close' | 'volume' | 'time'): Indicator => new IndicatorView(bars[name], clock, name);
  const data = Object.freeze({ open: column('open'), high: column('high'), low: column('low'), close: column('close'), volume: column('volume'), time: column('time') });

  const bar: Bar = Object.freeze({
    get open() {
      return bars.open[clock.index];
    },
    get high() {
      return bars.high[clock.index];
    },
    get low() {
      return bars.low[clock.index];
    },
    get close() {
      return bars.close[clock.index];
    },
    get volume() {
      return bars.volume[clock.index];
    },
    get time() {
      return bars.time[clock.index];
    },
    get index() {
      return clock.index;
    },
  });

  const position: Position = Object.freeze({
    get size() {
      return broker.position;
    },
    get isLong() {
      return broker.position > 0;
    },
    get isShort() {
      return broker.position < 0;
    },
    get entryPrice() {
      let units = 0;
      let value = 0;
      for (const lot of broker.lots) {
        units += Math.abs(lot.size);
        value += Math.abs(lot.size) * lot.entryPrice;
      }
      return units > 0 ? value / units : NaN;
    },
    get entryBar() {
      return broker.lots.length > 0 ? broker.lots[0].entryBar : -1;
    },
    get barsHeld() {
      return broker.lots.length > 0 ? clock.index - broker.lots[0].entryBar : 0;
    },
    get pl() {
      const close = bars.close[clock.index];
      let pl = 0;
      for (const lot of broker.lots) pl += lot.size * (close - lot.entryPrice) - lot.entryCommission;
      return pl;
    },
    get plPct() {
      let value = 0;
      for (const lot of broker.lots) value += Math.abs(lot.size) * lot.entryPrice;
      return value > 0 ? (position.pl / value) * 100 : 0;
    },
    close(fraction: number = 1) {
      if (typeof fraction !== 'number' || !(fraction > 0 && fraction <= 1)) {
        throw refused(clock, 'position.close', `the fraction to close must be above 0 and at most 1, got ${String(fraction)}`);
      }
      if (broker.lots.length > 0) broker.submit({ kind: 'close', fraction, bar: clock.index });
    },
  });

  const rules: OrderRules = {
    fractionalUnits: config.fractionalUnits,
    runHasStopLoss: exits.stopLoss !== null,
    runSizing: config.sizing,
  };
  const order = (side: Side, options: OrderOptions | undefined): void => {
    try {
      const request = entryRequest(side, options, bars.close[clock.index], rules);
      broker.submit(entryOrder(request, exits, config.sizing, clock.index));
    } catch (error) {
      if (error instanceof OrderRefusal) throw refused(clock, side > 0 ? 'buy' : 'sell', error.rule, error.code);
      throw error;
    }
  };

  const valueAt = (series: Indicator | number, offset: number): number => {
    if (typeof series === 'number') return series;
    if (IndicatorView.isIndicator(series)) return series.at(offset);
    throw refused(clock, 'crossover', `compares indicators (from I(...) or data) or numbers, got ${series === null ? 'null' : typeof series}`);
  };

  return Object.freeze({
    bar,
    data,
    position,
    get equity() {
      return broker.equityAt(bars.close[clock.index]);
    },
    get cash() {
      return broker.cash;
    },
    crossover(a: Indicator | number, b: Indicator | number): boolean {
      return valueAt(a, -2) < valueAt(b, -2) && valueAt(a, -1) > valueAt(b, -1);
    },
    buy(options?: OrderOptions): void {
      order(1, options);
    },
    sell(options?: OrderOptions): void {
      order(-1, options);
    },
  });
}
