import { describe, expect, it } from 'vitest';
import { monthlyReturns } from './monthly';

const at = (iso: string) => Date.parse(iso);

describe('monthlyReturns', () => {
  it('measures each UTC month from the previous month-end (the first from the initial cash)', () => {
    const time = Float64Array.from([
      at('2024-01-15T00:00:00Z'),
      at('2024-01-31T23:00:00Z'), // January's last bar: 11,000 → +10% over 10,000 cash
      at('2024-02-01T00:00:00Z'),
      at('2024-02-29T12:00:00Z'), // February's last bar: 9,900 → −10% over 11,000
      // March has no bars: absent, not 0%.
      at('2024-04-10T00:00:00Z'), // April's only bar: 10,890 → +10% over 9,900
      at('2025-01-01T00:00:00Z'), // January 2025: 10,890 → 0%
    ]);
    const equity = Float64Array.from([12_000, 11_000, 8_000, 9_900, 10_890, 10_890]);
    const months = monthlyReturns(time, equity, 10_000);
    expect(months.map((m) => [m.year, m.month])).toEqual([
      [2024, 1],
      [2024, 2],
      [2024, 4],
      [2025, 1],
    ]);
    const expected = [10, -10, 10, 0];
    months.forEach((m, k) => expect(m.returnPct).toBeCloseTo(expected[k], 12));
  });

  it('splits months in UTC, not local time', () => {
    // 23:30 UTC on Jan 31 is February in UTC+1 zones; it must count as January.
    const time = Float64Array.from([at('2024-01-31T23:30:00Z'), at('2024-02-01T00:30:00Z')]);
    const months = monthlyReturns(time, Float64Array.from([10_500, 10_500]), 10_000);
    expect(months).toEqual([
      { year: 2024, month: 1, returnPct: expect.closeTo(5, 12) },
      { year: 2024, month: 2, returnPct: 0 },
    ]);
  });

  it('compounds to the total return', () => {
    const time = Float64Array.from({ length: 400 }, (_, i) => Date.UTC(2023, 0, 1) + i * 86_400_000);
    const equity = Float64Array.from({ length: 400 }, (_, i) => 10_000 * (1 + 0.3 * Math.sin(i / 20)));
    const growth = monthlyReturns(time, equity, 10_000).reduce((g, m) => g * (1 + m.returnPct / 100), 1);
    expect(growth).toBeCloseTo(equity[399] / 10_000, 12);
  });

  it('is empty for an empty run', () => {
    expect(monthlyReturns(new Float64Array(0), new Float64Array(0), 10_000)).toEqual([]);
  });
});
