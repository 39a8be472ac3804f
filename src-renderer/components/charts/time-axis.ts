import type { MouseHandlerDataParam } from 'recharts';

/** Charts of one run share this sync id: hovering one shows the same moment in the others. */
export const RUN_SYNC_ID = 'barwise-run';

interface TickLike {
  readonly value: unknown;
  readonly index: number;
}

/**
 * Synchronizes hover between charts whose data are sampled at different times (equity series,
 * price candles): picks this chart's tick nearest in time to the other chart's active label.
 * recharts' 'index' would pair unrelated points; 'value' needs identical timestamps.
 */
export function nearestTimeSync(ticks: ReadonlyArray<TickLike>, data: MouseHandlerDataParam): number {
  const target = Number(data.activeLabel);
  if (!Number.isFinite(target) || ticks.length === 0) return -1;
  let lo = 0;
  let hi = ticks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (Number(ticks[mid].value) < target) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && Math.abs(Number(ticks[lo - 1].value) - target) < Math.abs(Number(ticks[lo].value) - target)) lo -= 1;
  return lo;
}


/** A visible time window; null means the whole run. */
export type TimeRange = { readonly from: number; readonly to: number } | null;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const STEPS = [
  15 * 60_000, 30 * 60_000, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR,
  DAY, 2 * DAY, 7 * DAY, 14 * DAY,
];
const MONTH_STEPS = [1, 2, 3, 6, 12, 24, 60];

/**
 * Tick times at round UTC boundaries (hours, days, weeks, months, years), about `count` of them,
 * with a label format that matches the step: a tick labelled '2023-01-09' is that day's midnight.
 */
export function timeTicks(from: number, to: number, count = 6): { ticks: number[]; format: (t: number) => string } {
  const span = Math.max(1, to - from);
  const ideal = span / count;
  const step = STEPS.find((s) => s >= ideal);
  if (step !== undefined) {
    // Weeks start on Monday (epoch day 0 was a Thursday).
    const offset = step === 7 * DAY || step === 14 * DAY ? 4 * DAY : 0;
    const ticks: number[] = [];
    for (let t = Math.ceil((from - offset) / step) * step + offset; t <= to; t += step) ticks.push(t);
    const format = step < DAY ? (t: number) => new Date(t).toISOString().slice(5, 16).replace('T', ' ') : (t: number) => new Date(t).toISOString().slice(0, 10);
    return { ticks, format };
  }
  const months = MONTH_STEPS.find((m) => m * 30.4 * DAY >= ideal) ?? 120;
  const start = new Date(from);
  let y = start.getUTCFullYear();
  let m = Math.ceil((start.getUTCMonth() + (start.getUTCDate() > 1 || start.getUTCHours() > 0 ? 1 : 0)) / months) * months;
  const ticks: number[] = [];
  for (;;) {
    const t = Date.UTC(y, m, 1);
    if (t > to) break;
    if (t >= from) ticks.push(t);
    m += months;
    if (m >= 12) {
      y += Math.floor(m / 12);
      m %= 12;
    }
  }
  const format = months >= 12 ? (t: number) => new Date(t).toISOString().slice(0, 4) : (t: number) => new Date(t).toISOString().slice(0, 7);
  return { ticks, format };
}
