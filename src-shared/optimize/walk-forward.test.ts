import { describe, expect, it } from 'vitest';
import { addDuration, parseDuration, walkForwardSpecSchema, walkForwardWindows, type WalkForwardSpecInput } from './walk-forward';

const HOUR = 3_600_000;
/** Hourly bars for two years, with the weekends missing (as a stock's would be). */
function hourlyTimes(): Float64Array {
  const times: number[] = [];
  for (let t = Date.UTC(2022, 0, 3); t < Date.UTC(2024, 0, 1); t += HOUR) {
    const day = new Date(t).getUTCDay();
    if (day !== 0 && day !== 6) times.push(t);
  }
  return Float64Array.from(times);
}

const windows = (time: Float64Array, spec: WalkForwardSpecInput, from?: number, to?: number) => walkForwardWindows(time, walkForwardSpecSchema.parse(spec), from, to);

describe('walk-forward windows', () => {
  const time = hourlyTimes();

  for (const mode of ['rolling', 'anchored'] as const) {
    it(`${mode}: OOS windows tile the tested period without gaps or overlaps, and no OOS bar is in its own IS window`, () => {
      const ws = windows(time, { mode, inSample: parseDuration('6M'), outOfSample: parseDuration('1M') });
      expect(ws.length).toBe(18);
      expect(ws[0].outOfSample.start).toBe(ws[0].inSample.end);
      for (let k = 0; k < ws.length; k++) {
        const w = ws[k];
        expect(w.inSample.end).toBeLessThanOrEqual(w.outOfSample.start);
        expect(w.outOfSample.end).toBeGreaterThan(w.outOfSample.start);
        if (k > 0) expect(w.outOfSample.start).toBe(ws[k - 1].outOfSample.end);
        expect(mode === 'anchored' ? w.inSample.start : 0).toBe(0);
      }
      expect(ws.at(-1)!.outOfSample.end).toBe(time.length);
      // Each OOS window is one calendar month, starting on the first bar at or after the month's start.
      expect(new Date(time[ws[0].outOfSample.start]).toISOString()).toBe('2022-07-04T00:00:00.000Z');
      expect(new Date(time[ws[1].outOfSample.start]).toISOString()).toBe('2022-08-03T00:00:00.000Z');
    });
  }

  it('rolling IS windows keep their length; anchored ones grow from the first bar', () => {
    const rolling = windows(time, { mode: 'rolling', inSample: { count: 500, unit: 'bars' }, outOfSample: { count: 100, unit: 'bars' } });
    expect(rolling[0]).toEqual({ index: 0, inSample: { start: 0, end: 500 }, outOfSample: { start: 500, end: 600 } });
    expect(rolling[3]).toEqual({ index: 3, inSample: { start: 300, end: 800 }, outOfSample: { start: 800, end: 900 } });
    const anchored = windows(time, { mode: 'anchored', inSample: { count: 500, unit: 'bars' }, outOfSample: { count: 100, unit: 'bars' } }, 10, 1_000);
    expect(anchored.map((w) => [w.inSample.start, w.inSample.end, w.outOfSample.end])).toEqual([
      [10, 510, 610],
      [10, 610, 710],
      [10, 710, 810],
      [10, 810, 910],
      [10, 910, 1_000],
    ]);
  });

  it('a step longer than the OOS leaves gaps; a shorter one is refused; too little data is refused', () => {
    const gapped = windows(time, { inSample: { count: 50, unit: 'bars' }, outOfSample: { count: 10, unit: 'bars' }, step: { count: 20, unit: 'bars' } }, 0, 200);
    expect(gapped.map((w) => w.outOfSample)).toEqual([
      { start: 50, end: 60 },
      { start: 70, end: 80 },
      { start: 90, end: 100 },
      { start: 110, end: 120 },
      { start: 130, end: 140 },
      { start: 150, end: 160 },
      { start: 170, end: 180 },
      { start: 190, end: 200 },
    ]);
    expect(() => windows(time, { inSample: parseDuration('6M'), outOfSample: parseDuration('2M'), step: parseDuration('1M') })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
    expect(() => windows(time, { inSample: parseDuration('3y'), outOfSample: parseDuration('1M') })).toThrow(expect.objectContaining({ code: 'NOT_ENOUGH_DATA' }));
  });

  it('adds calendar months keeping the day, clamped to the month end', () => {
    expect(new Date(addDuration(Date.UTC(2024, 0, 31), 'months', 1)).toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(new Date(addDuration(Date.UTC(2023, 0, 31), 'months', 1)).toISOString()).toBe('2023-02-28T00:00:00.000Z');
    expect(new Date(addDuration(Date.UTC(2024, 2, 31, 5), 'months', -13)).toISOString()).toBe('2023-02-28T05:00:00.000Z');
    expect(new Date(addDuration(Date.UTC(2024, 1, 29), 'years', 1)).toISOString()).toBe('2025-02-28T00:00:00.000Z');
    expect(() => parseDuration('6x')).toThrow(/duration '6x'/);
    expect(parseDuration('90m')).toEqual({ count: 90, unit: 'minutes' });
  });
});
