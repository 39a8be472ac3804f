import { defineStrategy, ema, rsi, sma } from 'barwise';
import { describe, expect, it } from 'vitest';
import { timeframeMs } from '../../src-shared/backtest';
import { lastClosedIndex } from '../engine/higher-timeframe';
import { barsFrom, randomWalkBars, resample } from '../engine/test-bars';
import { runBacktest } from '../engine/backtest';
import { backtestConfigSchema } from '../../src-shared/backtest';
import { runDefinition } from './test-run';

const bars = randomWalkBars(400, 12, 15 * 60_000);

describe('the warm-up (backtesting.py: next from the first bar where every indicator and its previous value exist)', () => {
  it('waits for the slowest indicator, then one bar more', () => {
    const calls: number[] = [];
    const r = runDefinition(
      defineStrategy({
        name: 'Counting',
        init: ({ data, I }) => ({ a: I(sma(data.close, 5)), b: I(sma(data.close, 20)) }),
        next: ({ bar }) => void calls.push(bar.index),
      }),
      bars,
    );
    // SMA(20) has its first value at bar 19: next from bar 20; buy & hold from bar 19's close.
    expect(calls[0]).toBe(20);
    expect(calls).toHaveLength(400 - 20);
    expect(r.stats.buyHoldReturnPct).toBeCloseTo((bars.close[399] / bars.close[19] - 1) * 100, 10);
  });

  it('without indicators, next starts at bar 1', () => {
    const calls: number[] = [];
    runDefinition(defineStrategy({ name: 'Bare', next: ({ bar }) => void calls.push(bar.index) }), bars);
    expect(calls[0]).toBe(1);
  });
});

describe('the context next receives', () => {
  it('the current bar, the data up to it, and indicators by offset', () => {
    const seen: number[][] = [];
    runDefinition(
      defineStrategy({
        name: 'Reading',
        init: ({ data, I }) => ({ fast: I(sma(data.close, 3)) }),
        next({ bar, data }, { fast }) {
          if (bar.index === 10) seen.push([bar.open, bar.high, bar.low, bar.close, bar.volume, bar.time, data.close.at(-1), data.close.at(-2), data.open.at(0), fast.at(-1), fast.length]);
        },
      }),
      bars,
    );
    const i = 10;
    const mean = (bars.close[8] + bars.close[9] + bars.close[10]) / 3;
    expect(seen).toEqual([[bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i], bars.time[i], bars.close[i], bars.close[i - 1], bars.open[0], mean, 11]]);
  });

  it('is one object for the whole run (nothing is allocated per bar), and frozen', () => {
    const contexts = new Set<object>();
    let frozen = false;
    runDefinition(
      defineStrategy({
        name: 'Same context',
        next(ctx) {
          contexts.add(ctx);
          frozen = Object.isFrozen(ctx) && Object.isFrozen(ctx.bar) && Object.isFrozen(ctx.position) && Object.isFrozen(ctx.data);
        },
      }),
      bars,
    );
    expect(contexts.size).toBe(1);
    expect(frozen).toBe(true);
  });

  it('leads to nothing of the run but its members: not the bars (which other runs may share), the broker or the clock', () => {
    const mine = randomWalkBars(50, 3, 60_000);
    const before = mine.close.slice();
    const reached: string[] = [];
    const r = runDefinition(
      defineStrategy({
        name: 'Reaching',
        next(ctx) {
          const holders = { ctx, bar: ctx.bar, position: ctx.position } as unknown as Record<string, Record<string, unknown>>;
          for (const [holder, value] of Object.entries(holders)) {
            for (const name of Reflect.ownKeys(value)) if (typeof value[name as string] === 'object') reached.push(`${holder}.${String(name)}`);
          }
          const inside = ctx as unknown as { bars?: { close: Float64Array }; broker?: { cash: number } };
          if (inside.bars) inside.bars.close[1] = 12_345;
          if (inside.broker) inside.broker.cash = 1e9;
        },
      }),
      mine,
    );
    expect([...new Set(reached)].sort()).toEqual(['ctx.bar', 'ctx.data', 'ctx.position']);
    expect(mine.close).toEqual(before);
    expect(r.stats.equityFinal).toBe(r.config.cash);
  });

  it('with tradeOnClose, an order placed in next fills at that bar’s close', () => {
    const flat = barsFrom([
      [100, 100, 100, 100],
      [100, 101, 99, 101],
      [103, 104, 102, 104],
    ]);
    const r = runDefinition(defineStrategy({ name: 'At the close', next: ({ bar, buy }) => void (bar.index === 1 && buy()) }), flat, { tradeOnClose: true });
    // ⌊9,999 / 101⌋ = 99 units at bar 1's close; closed at the end at the last close.
    expect(r.trades[0]).toMatchObject({ entryBar: 1, entryPrice: 101, size: 99, exitBar: 2, exitPrice: 104 });
  });
});

describe('declared indicators in the result', () => {
  it('named by the key init returned them under, or by their own name; on the price by backtesting.py’s rule', () => {
    const r = runDefinition(
      defineStrategy({
        name: 'Drawing',
        init: ({ data, I }) => ({ trend: I(ema(data.close, 10)), strength: I(rsi(data.close, 14)), other: I(sma(data.close, 5), { name: 'SMA 5', overlay: false }) }),
        next: () => undefined,
      }),
      bars,
    );
    expect(r.indicators?.map(({ name, overlay, timeframe }) => ({ name, overlay, timeframe }))).toEqual([
      { name: 'trend', overlay: true, timeframe: undefined },
      { name: 'strength', overlay: false, timeframe: undefined },
      { name: 'SMA 5', overlay: false, timeframe: undefined },
    ]);
    expect(Array.from(r.indicators![0].values)).toEqual(Array.from(ema(bars.close, 10)));
  });

  it("a higher timeframe's series is aligned to the run's bars: each bar sees the last higher bar closed by its close", () => {
    const fourHours = resample(bars, timeframeMs('4h'));
    const r = runDefinition(
      defineStrategy({
        name: 'Higher',
        timeframes: () => ['4h'],
        init: ({ higher, I }) => ({ trend: I(higher('4h').close, { timeframe: '4h' }) }),
        next: () => undefined,
      }),
      bars,
      {},
      { '4h': fourHours },
    );
    const closed = lastClosedIndex(bars, fourHours);
    const expected = Array.from(closed, (k) => (k >= 0 ? fourHours.close[k] : NaN));
    expect(Array.from(r.indicators![0].values)).toEqual(expected);
    expect(r.indicators![0].timeframe).toBe('4h');
    // The first 4h bar closes at the close of the run's 16th bar (index 15): nothing before.
    expect(Number.isNaN(r.indicators![0].values[14])).toBe(true);
    expect(r.indicators![0].values[15]).toBe(fourHours.close[0]);
  });

  it('every built-in declares what it reads: sma-cross its two averages, mtf-ema-trend its trend on 4h bars', () => {
    const config = (id: string) => backtestConfigSchema.parse({ strategy: { id } });
    const cross = runBacktest({ bars, config: config('sma-cross'), dataHash: 'h' });
    expect(cross.indicators?.map((i) => [i.name, i.overlay])).toEqual([
      ['fast', true],
      ['slow', true],
    ]);
    const mtf = runBacktest({ bars, higher: { '4h': resample(bars, timeframeMs('4h')) }, config: config('mtf-ema-trend'), dataHash: 'h' });
    expect(mtf.indicators?.map((i) => [i.name, i.timeframe])).toEqual([
      ['fast', undefined],
      ['slow', undefined],
      ['trend close', '4h'],
      ['trend EMA', '4h'],
    ]);
  });
});
