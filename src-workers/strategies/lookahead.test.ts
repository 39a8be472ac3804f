import { describe, expect, it } from 'vitest';
import { sliceBars, type Bars } from '../../src-shared/bars/bars';
import { timeframeMs, type ParamValues } from '../../src-shared/backtest';
import { randomWalkBars, resample } from '../engine/test-bars';
import type { Strategy } from '../engine/strategy';
import { STRATEGIES, resolveParams } from './registry';

/**
 * The look-ahead proof: for every built-in strategy, rewrite every bar after t (and re-resample
 * the higher timeframes from the rewritten bars, as the caller would) and check that every
 * decision and stop distance up to t is unchanged. Also prepare the strategy on the prefix
 * [0, t] alone: it must decide the same.
 */
const N = 3000;
const BASE = 15 * 60_000;

function withHigher(strategy: Strategy, params: ParamValues, bars: Bars): Record<string, Bars> {
  return Object.fromEntries(strategy.requiredTimeframes(params).map((label) => [label, resample(bars, timeframeMs(label))]));
}

/** Decisions for bars [0, upTo] with a position pattern that exercises every branch. */
function decisions(strategy: Strategy, params: ParamValues, bars: Bars, upTo: number): string[] {
  const decider = strategy.prepare({ bars, higher: withHigher(strategy, params, bars), params, series: () => new Float64Array(bars.time.length) });
  const out: string[] = [];
  for (let i = decider.warmup + 1; i <= upTo; i++) {
    const position = (i % 3) - 1;
    out.push(`${i}:${decider.decide(i, position)}:${decider.stopDistance?.(i) ?? ''}`);
  }
  return out;
}

/** Bars equal to `base` up to t, then a different random walk that continues from the close at t. */
function rewrittenAfter(base: Bars, t: number, seed: number): Bars {
  const other = randomWalkBars(base.time.length, seed, BASE, base.time[0], 0.01);
  const bars = randomWalkBars(base.time.length, 0, BASE, base.time[0]);
  for (const field of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) bars[field].set(base[field]);
  const scale = base.close[t] / other.open[t + 1];
  for (let i = t + 1; i < base.time.length; i++) {
    bars.open[i] = other.open[i] * scale;
    bars.high[i] = other.high[i] * scale;
    bars.low[i] = other.low[i] * scale;
    bars.close[i] = other.close[i] * scale;
    bars.volume[i] = other.volume[i] * 3;
  }
  return bars;
}

const cases: [Strategy, ParamValues][] = STRATEGIES.flatMap((s) =>
  s.id === 'bollinger'
    ? [[s, resolveParams(s, { mode: 'breakout' })], [s, resolveParams(s, { mode: 'reversion' })]]
    : [[s, resolveParams(s, {})]],
);

describe('no strategy can see a bar after the current one', () => {
  const base = randomWalkBars(N, 2024, BASE, Date.UTC(2024, 0, 1), 0.004);
  for (const [strategy, params] of cases) {
    it(`${strategy.id} ${JSON.stringify(params)}`, () => {
      const full = decisions(strategy, params, base, N - 1);
      // The strategy must actually decide something, or the proof is empty.
      expect(full.some((d) => !d.split(':')[1].startsWith('2'))).toBe(true);
      for (const t of [900, 1501, 2222, 2998]) {
        const reference = full.filter((d) => Number(d.split(':')[0]) <= t);
        for (const seed of [1, 2]) {
          expect(decisions(strategy, params, rewrittenAfter(base, t, seed), t)).toEqual(reference);
        }
        expect(decisions(strategy, params, sliceBars(base, 0, t + 1), t)).toEqual(reference);
      }
    });
  }
});

describe('the look-ahead check has teeth', () => {
  it('catches a strategy that reads the next close', () => {
    const peeking: Strategy = {
      id: 'peeking', name: 'Peeking', description: 'Reads bar i + 1 (must be caught).', version: '1', params: [],
      requiredTimeframes: () => [],
      prepare: ({ bars }) => ({ warmup: 0, decide: (i) => (bars.close[i + 1] > bars.close[i] ? 1 : -1) }),
    };
    const base = randomWalkBars(N, 2024, BASE);
    expect(decisions(peeking, {}, rewrittenAfter(base, 1500, 1), 1500)).not.toEqual(decisions(peeking, {}, base, 1500));
  });
});
