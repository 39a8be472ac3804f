import { describe, expect, it } from 'vitest';
import { isWeekend, periodEnd, returnPeriod } from './periods';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('the return period of a bar spacing', () => {
  it('daily returns for bars under a week, whatever their length', () => {
    for (const spacing of [60_000, 15 * 60_000, HOUR, 4 * HOUR, DAY, 3 * DAY, 6 * DAY]) {
      expect(returnPeriod(spacing)).toEqual({ unit: 'day', perYear: null });
    }
  });
  it('weeks, 52 a year (backtesting.py), and their multiples; an hour of daylight saving either way', () => {
    expect(returnPeriod(7 * DAY)).toEqual({ unit: 'week', perYear: 52 });
    expect(returnPeriod(7 * DAY - HOUR)).toEqual({ unit: 'week', perYear: 52 });
    expect(returnPeriod(7 * DAY + HOUR)).toEqual({ unit: 'week', perYear: 52 });
    expect(returnPeriod(14 * DAY)).toEqual({ unit: 'week', perYear: 26 });
    expect(returnPeriod(28 * DAY)).toEqual({ unit: 'week', perYear: 13 });
  });
  it('calendar months, 12 a year (backtesting.py), whichever month length is most common, and their multiples', () => {
    for (const days of [29, 30, 31]) expect(returnPeriod(days * DAY)).toEqual({ unit: 'month', perYear: 12 });
    expect(returnPeriod(31 * DAY + HOUR)).toEqual({ unit: 'month', perYear: 12 });
    expect(returnPeriod(61 * DAY)).toEqual({ unit: 'month', perYear: 6 });
    expect(returnPeriod(92 * DAY)).toEqual({ unit: 'month', perYear: 4 });
    // 91 days are 13 weeks: a week each, 4 a year all the same.
    expect(returnPeriod(91 * DAY)).toEqual({ unit: 'week', perYear: 4 });
    expect(returnPeriod(184 * DAY)).toEqual({ unit: 'month', perYear: 2 });
  });
  it('calendar years, 1 a year (backtesting.py), leap or not, and their multiples', () => {
    expect(returnPeriod(365 * DAY)).toEqual({ unit: 'year', perYear: 1 });
    expect(returnPeriod(366 * DAY)).toEqual({ unit: 'year', perYear: 1 });
    expect(returnPeriod(731 * DAY)).toEqual({ unit: 'year', perYear: 0.5 });
  });
  it('any other spacing: each bar is a period, 365.25 days of them a year', () => {
    expect(returnPeriod(10 * DAY)).toEqual({ unit: 'bar', perYear: 36.525 });
    expect(returnPeriod(45 * DAY)).toEqual({ unit: 'bar', perYear: 365.25 / 45 });
  });
});

describe('period boundaries (UTC)', () => {
  const at = (iso: string) => Date.parse(`${iso}Z`);
  it('a day ends at midnight', () => {
    expect(periodEnd('day', at('2024-03-05T13:45:00'))).toBe(at('2024-03-06T00:00:00'));
    expect(periodEnd('day', at('2024-03-05T00:00:00'))).toBe(at('2024-03-06T00:00:00'));
  });
  it('a week runs Monday to Sunday, as pandas\' weekly resampling', () => {
    expect(periodEnd('week', at('2024-01-03T10:00:00'))).toBe(at('2024-01-08T00:00:00')); // a Wednesday
    expect(periodEnd('week', at('2024-01-01T00:00:00'))).toBe(at('2024-01-08T00:00:00')); // a Monday
    expect(periodEnd('week', at('2024-01-07T23:59:59'))).toBe(at('2024-01-08T00:00:00')); // a Sunday
    expect(periodEnd('week', at('1969-12-31T12:00:00'))).toBe(at('1970-01-05T00:00:00')); // before the epoch
  });
  it('a month and a year end at the next one\'s first instant', () => {
    expect(periodEnd('month', at('2024-01-31T00:00:00'))).toBe(at('2024-02-01T00:00:00'));
    expect(periodEnd('month', at('2024-02-29T18:00:00'))).toBe(at('2024-03-01T00:00:00'));
    expect(periodEnd('month', at('2023-12-15T00:00:00'))).toBe(at('2024-01-01T00:00:00'));
    expect(periodEnd('year', at('2023-12-31T00:00:00'))).toBe(at('2024-01-01T00:00:00'));
    expect(periodEnd('year', Date.UTC(1999, 5, 1))).toBe(Date.UTC(2000, 0, 1));
  });
  it('a bar period ends right after the bar', () => {
    expect(periodEnd('bar', 1_000)).toBe(1_001);
  });
  it('Saturdays and Sundays are the weekend', () => {
    const days = ['2024-01-05', '2024-01-06', '2024-01-07', '2024-01-08'].map((d) => isWeekend(at(`${d}T12:00:00`)));
    expect(days).toEqual([false, true, true, false]);
  });
});
