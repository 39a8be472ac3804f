/**
 * The calendar period whose returns annualize a run, chosen from the bars' spacing (the dataset's
 * timeframe), and how many of them make a year. backtesting.py's rule for daily, weekly, monthly
 * and yearly bars (`compute_stats`: 'D', 'W', 'ME', 'YE'), extended to their multiples and to any
 * other spacing; docs/statistics.md, "Annualized", has the table.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const MONTH_DAYS = 365.25 / 12;

export type PeriodUnit = 'day' | 'week' | 'month' | 'year' | 'bar';

export interface ReturnPeriod {
  readonly unit: PeriodUnit;
  /** Periods a year; null for days, where it depends on whether the data trades on weekends. */
  readonly perYear: number | null;
}

/**
 * Daylight-saving shifts stretch or shrink a spacing read in a local time zone by an hour; a
 * spacing this close to a whole number of weeks is that many weeks.
 */
const WEEK_SLACK_MS = 2 * HOUR;

export function returnPeriod(timeframeMs: number): ReturnPeriod {
  const weeks = Math.round(timeframeMs / WEEK);
  if (weeks >= 1 && Math.abs(timeframeMs - weeks * WEEK) <= WEEK_SLACK_MS) return { unit: 'week', perYear: 52 / weeks };
  if (timeframeMs < WEEK) return { unit: 'day', perYear: null };
  const days = timeframeMs / DAY;
  // Calendar months are 28–31 days long, so m of them span 28m to 31m days (a day's slack for
  // time zones): the most common spacing of monthly bars is one of these.
  const months = Math.round(days / MONTH_DAYS);
  if (months >= 1 && months < 12 && days >= 28 * months - 1 && days <= 31 * months + 1) return { unit: 'month', perYear: 12 / months };
  const years = Math.round(days / 365.25);
  if (years >= 1 && days >= 365 * years - 1 && days <= 366 * years + 1) return { unit: 'year', perYear: 1 / years };
  // Any other spacing (10-day bars, say): each bar is a period, and a year is 365.25 days of them.
  return { unit: 'bar', perYear: (365.25 * DAY) / timeframeMs };
}

/** Whether the UTC day of `time` is a Saturday or a Sunday (1970-01-01 was a Thursday). */
export function isWeekend(time: number): boolean {
  return modulo(Math.floor(time / DAY) + 3, 7) >= 5;
}

/**
 * Where the period holding `time` ends (the next one's first instant, UTC): midnight, Monday
 * 00:00 (weeks end on Sunday, as pandas' 'W'), the first of the next month or year; for 'bar',
 * the next millisecond, so each bar is its own period.
 */
export function periodEnd(unit: PeriodUnit, time: number): number {
  if (unit === 'bar') return time + 1;
  const day = Math.floor(time / DAY);
  if (unit === 'day') return (day + 1) * DAY;
  if (unit === 'week') return (day + 7 - modulo(day + 3, 7)) * DAY;
  // setUTCFullYear, not Date.UTC, which reads years 0–99 as 1900–1999.
  const date = new Date(day * DAY);
  const year = date.getUTCFullYear();
  if (unit === 'month') return date.setUTCFullYear(year, date.getUTCMonth() + 1, 1);
  return date.setUTCFullYear(year + 1, 0, 1);
}

const modulo = (a: number, b: number): number => ((a % b) + b) % b;
