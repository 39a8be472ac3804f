import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateBars, type Bars } from './bars';
import { completedIndex, formatTimeframe, parseTimeframe, periodStart, resample, WEEK_ANCHOR_MS } from './resample';

const M = 60_000;
const H = 60 * M;
const D = 24 * H;

function makeBars(times: readonly number[], tf: number): Bars {
  const bars = allocateBars(times.length, tf);
  times.forEach((t, i) => {
    bars.time[i] = t;
    bars.open[i] = 100 + i;
    bars.close[i] = 100.5 + i;
    bars.high[i] = 102 + i + (i % 3);
    bars.low[i] = 99 + i - (i % 2);
    bars.volume[i] = 1 + i;
  });
  return bars;
}

describe('timeframe labels', () => {
  it('parses and formats N × unit', () => {
    expect(parseTimeframe('15m')).toBe(15 * M);
    expect(parseTimeframe('90m')).toBe(90 * M);
    expect(parseTimeframe('1w')).toBe(7 * D);
    expect(formatTimeframe(90 * M)).toBe('90m');
    expect(formatTimeframe(4 * H)).toBe('4h');
    expect(formatTimeframe(14 * D)).toBe('2w');
    expect(() => parseTimeframe('0m')).toThrow();
    expect(() => parseTimeframe('1 hour')).toThrow();
  });
});

describe('resample', () => {
  it('aggregates OHLCV into UTC-aligned periods: first open, max high, min low, last close, summed volume', () => {
    const t0 = Date.UTC(2024, 0, 1, 0, 0); // 00:00
    const base = makeBars([0, 1, 2, 3, 4, 5, 6, 7].map((i) => t0 + i * 15 * M), 15 * M);
    const h = resample(base, H);
    expect(Array.from(h.time)).toEqual([t0, t0 + H]);
    expect(h.open[0]).toBe(100);
    expect(h.close[0]).toBe(103.5);
    expect(h.high[0]).toBe(Math.max(...[0, 1, 2, 3].map((i) => base.high[i])));
    expect(h.low[0]).toBe(Math.min(...[0, 1, 2, 3].map((i) => base.low[i])));
    expect(h.volume[0]).toBe(1 + 2 + 3 + 4);
    expect(h.timeframeMs).toBe(H);
  });

  it('aligns 4h to UTC midnight and weeks to Monday 00:00 UTC', () => {
    expect(new Date(periodStart(Date.UTC(2024, 0, 3, 5, 30), 4 * H)).toISOString()).toBe('2024-01-03T04:00:00.000Z');
    // 2024-01-03 is a Wednesday; its week opens Monday 2024-01-01
    expect(new Date(periodStart(Date.UTC(2024, 0, 3, 5), 7 * D)).toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(new Date(periodStart(Date.UTC(2024, 0, 7, 23, 59), 7 * D)).toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(new Date(periodStart(Date.UTC(2024, 0, 8), 7 * D)).toISOString()).toBe('2024-01-08T00:00:00.000Z');
    expect(new Date(WEEK_ANCHOR_MS).getUTCDay()).toBe(1);
  });

  it('leaves gaps as gaps and keeps partial periods', () => {
    const t0 = Date.UTC(2024, 0, 1);
    const base = makeBars([t0, t0 + M, t0 + 3 * H + 5 * M], M);
    const h = resample(base, H);
    expect(Array.from(h.time)).toEqual([t0, t0 + 3 * H]);
    expect(h.volume[0]).toBe(3);
  });

  it('refuses a target that is not a multiple of the base', () => {
    expect(() => resample(makeBars([0], 15 * M), 20 * M)).toThrow(/whole multiple/);
  });

  it('N × base resampling equals resampling through an intermediate step (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 300 }), (steps) => {
        let t = Date.UTC(2024, 0, 1);
        const times = steps.map((s) => (t += s * M));
        const base = makeBars(times, M);
        const direct = resample(base, H);
        const via = resample(resample(base, 15 * M), H);
        for (const f of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) expect(Array.from(via[f])).toEqual(Array.from(direct[f]));
      }),
    );
  });

  it('can put the result on a SharedArrayBuffer', () => {
    const h = resample(makeBars([0, M, 2 * M], M), 5 * M, true);
    expect(h.time.buffer).toBeInstanceOf(SharedArrayBuffer);
  });
});

describe('completedIndex (no look-ahead)', () => {
  it('a 15m series sees an 1h bar only once the hour has closed', () => {
    const t0 = Date.UTC(2024, 0, 1);
    const base = makeBars(Array.from({ length: 12 }, (_, i) => t0 + i * 15 * M), 15 * M);
    const hourly = resample(base, H);
    const done = completedIndex(base, hourly);
    // 15m bars closing at 00:15, 00:30, 00:45 see nothing; the one closing at 01:00 sees hour 0.
    expect(Array.from(done)).toEqual([-1, -1, -1, 0, 0, 0, 0, 1, 1, 1, 1, 2]);
  });

  it('never exposes data from after the base bar (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 400 }),
        fc.constantFrom(H, 4 * H, D),
        (steps, target) => {
          let t = Date.UTC(2024, 0, 1) - 15 * M;
          const base = makeBars(steps.map((s) => (t += s * 15 * M)), 15 * M);
          const higher = resample(base, target);
          const done = completedIndex(base, higher);
          for (let i = 0; i < base.time.length; i++) {
            const j = done[i];
            const closeAt = base.time[i] + base.timeframeMs;
            if (j >= 0) {
              expect(higher.time[j] + target).toBeLessThanOrEqual(closeAt);
              // the completed bar is built only from base bars at or before i
              const from = base.time.findIndex((x) => x >= higher.time[j]);
              let last = from;
              while (last + 1 < base.time.length && base.time[last + 1] < higher.time[j] + target) last++;
              expect(last).toBeLessThanOrEqual(i);
              expect(higher.close[j]).toBe(base.close[last]);
            }
            if (j + 1 < higher.time.length) expect(higher.time[j + 1] + target).toBeGreaterThan(closeAt);
          }
        },
      ),
    );
  });
});
