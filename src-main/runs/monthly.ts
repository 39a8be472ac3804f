import type { MonthlyReturn } from '../../src-shared/api/runs';

/**
 * The return of each calendar month (UTC) in percent: equity at the month's last bar over equity
 * at the previous month's last bar, minus 1. The first month is measured from the initial cash,
 * so the months compound to the run's total return. Months without bars are absent (not 0%):
 * a gap in the data is not a flat month.
 */
export function monthlyReturns(time: Float64Array, equity: Float64Array, initialCash: number): MonthlyReturn[] {
  const out: MonthlyReturn[] = [];
  let previousEquity = initialCash;
  // Bars are in time order, so a Date is built once per month, not once per bar (runs reach 10⁶ bars).
  let nextMonthStart = -Infinity;
  let year = 0;
  let month = 0;
  for (let i = 0; i < time.length; i++) {
    if (time[i] >= nextMonthStart) {
      const date = new Date(time[i]);
      year = date.getUTCFullYear();
      month = date.getUTCMonth();
      nextMonthStart = Date.UTC(year, month + 1, 1);
    }
    if (i < time.length - 1 && time[i + 1] < nextMonthStart) continue;
    out.push({ year, month: month + 1, returnPct: (equity[i] / previousEquity - 1) * 100 });
    previousEquity = equity[i];
  }
  return out;
}
