import { describe, expect, it } from 'vitest';
import { mainBody } from './outliers';

const M = 60_000;
const H = 3_600_000;
const D = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);

/** n times from start, one step apart. */
const run = (start: number, n: number, step: number) => Array.from({ length: n }, (_, i) => start + i * step);
const body = (times: readonly number[], tf: number) => {
  const sorted = Float64Array.from([...times].sort((a, b) => a - b));
  return mainBody(sorted, tf);
};

describe('rows far outside the file', () => {
  it('drops years 0000, 1900 and 9999 among 2024 bars', () => {
    const times = [Date.parse('0000-01-01T00:00:00Z'), Date.UTC(1900, 0, 1), ...run(T0, 1000, H), Date.UTC(9999, 11, 31)];
    expect(body(times, H)).toEqual({ from: 2, to: 1002 });
  });

  it('drops an epoch-5 row among minute bars, and a typo\'d year among daily ones', () => {
    expect(body([5, ...run(T0, 500, M)], M)).toEqual({ from: 1, to: 501 });
    expect(body([...run(T0, 250, D), Date.UTC(2042, 3, 1)], D)).toEqual({ from: 0, to: 250 });
  });

  it('drops a stray row from a file of three', () => {
    expect(body([Date.UTC(1900, 0, 1), T0, T0 + H], H)).toEqual({ from: 1, to: 3 });
  });
});

describe('legitimate data is never dropped', () => {
  const whole = (times: readonly number[], tf: number) => expect(body(times, tf)).toEqual({ from: 0, to: times.length });

  it('a daily file with a four-month holiday gap', () => {
    whole([...run(T0, 100, D), ...run(T0 + 220 * D, 100, D)], D);
  });

  it('a file that really spans decades, and one with a year-long gap in hourly bars', () => {
    whole(run(Date.UTC(1900, 0, 1), 1500, 31 * D), 31 * D);
    whole([...run(T0, 2000, H), ...run(T0 + 2000 * H + 400 * D, 2000, H)], H);
  });

  it('a file of two bars, however far apart', () => {
    whole([Date.UTC(1900, 0, 1), T0], D);
  });

  it('two real periods far apart, of equal size or not', () => {
    whole([...run(Date.UTC(2010, 0, 1), 300, D), ...run(Date.UTC(2020, 0, 1), 300, D)], D);
    // 30 bars a decade before 2,000: more than 1% of the file, so real data
    whole([...run(Date.UTC(2005, 0, 1), 30, D), ...run(Date.UTC(2016, 0, 1), 2000, D)], D);
  });

  it('a sparse early history: one bar a year before the hourly bars begin', () => {
    whole([...[2015, 2016, 2017, 2018, 2019].map((y) => Date.UTC(y, 0, 1)), ...run(Date.UTC(2020, 0, 1), 20_000, H)], H);
  });

  it('a two-hour minute session and a bar the next day', () => {
    whole([...run(T0, 120, M), T0 + D], M);
  });
});
