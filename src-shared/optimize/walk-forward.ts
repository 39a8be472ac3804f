import { z } from 'zod';
import { lowerBound } from '../bars/search';
import { BarwiseError } from '../errors';

/**
 * Walk-forward analysis: the bars cut into windows; on each, the search runs on the in-sample (IS)
 * bars and the best parameters then run on the out-of-sample (OOS) bars that follow. Rolling: the
 * IS window slides with the OOS one. Anchored: every IS window starts at the first bar and grows.
 * The OOS windows follow each other by `step` (default: the OOS length, so they tile the tested
 * period without gaps or overlaps; the stitched OOS equity curve is only meaningful then).
 */

export const DURATION_UNITS = ['bars', 'minutes', 'hours', 'days', 'weeks', 'months', 'years'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

/** A length of time: bars, or a calendar length (months and years are calendar months and years, UTC). */
export const durationSchema = z.object({
  count: z.number().int().min(1).max(1_000_000_000),
  unit: z.enum(DURATION_UNITS),
});
export type Duration = z.infer<typeof durationSchema>;

export const WALK_FORWARD_MODES = ['rolling', 'anchored'] as const;
export type WalkForwardMode = (typeof WALK_FORWARD_MODES)[number];

export const walkForwardSpecSchema = z.object({
  mode: z.enum(WALK_FORWARD_MODES).default('rolling'),
  inSample: durationSchema,
  outOfSample: durationSchema,
  /** How far each window moves on; default the OOS length. Must not be shorter than it (OOS windows would overlap). */
  step: durationSchema.optional(),
});
export type WalkForwardSpecInput = z.input<typeof walkForwardSpecSchema>;
export type WalkForwardSpec = z.output<typeof walkForwardSpecSchema>;

const UNIT_LETTERS: Readonly<Record<string, DurationUnit>> = { b: 'bars', m: 'minutes', h: 'hours', d: 'days', w: 'weeks', M: 'months', y: 'years' };

/** `6M` (months), `30d`, `2w`, `12h`, `90m` (minutes), `1y`, `5000b` (bars) → a Duration (the CLI's `--is`, `--oos`, `--step`). */
export function parseDuration(text: string): Duration {
  const match = /^\s*(\d+)\s*([bmhdwMy])\s*$/.exec(text);
  if (!match || Number(match[1]) < 1) throw new RangeError(`duration '${text}' must be a whole number ≥ 1 and a unit: b (bars), m (minutes), h, d, w, M (months), y (e.g. 6M, 30d)`);
  return { count: Number(match[1]), unit: UNIT_LETTERS[match[2]] };
}

export const durationText = (d: Duration): string => `${d.count}${Object.keys(UNIT_LETTERS).find((k) => UNIT_LETTERS[k] === d.unit)}`;

/** Bar indices [start, end) into the bars the windows were cut from. */
export interface BarRange {
  readonly start: number;
  readonly end: number;
}

export interface WalkForwardWindow {
  readonly index: number;
  readonly inSample: BarRange;
  readonly outOfSample: BarRange;
}

const MINUTE = 60_000;
const FIXED_MS: Partial<Record<DurationUnit, number>> = { minutes: MINUTE, hours: 60 * MINUTE, days: 1_440 * MINUTE, weeks: 10_080 * MINUTE };

/** `time` moved by `count` units (negative: back). Months and years keep the day of the month, clamped to the month's last day. */
export function addDuration(time: number, unit: Exclude<DurationUnit, 'bars'>, count: number): number {
  const fixed = FIXED_MS[unit];
  if (fixed !== undefined) return time + count * fixed;
  const months = unit === 'years' ? 12 * count : count;
  const date = new Date(time);
  const total = date.getUTCFullYear() * 12 + date.getUTCMonth() + months;
  const year = Math.floor(total / 12);
  const month = total - 12 * year;
  const lastDay = new Date(Date.UTC(2000, month + 1, 0)).getUTCDate() - (month === 1 && !isLeap(year) ? 1 : 0);
  const out = new Date(time);
  // setUTCFullYear, not Date.UTC, which reads years 0–99 as 1900–1999.
  out.setUTCFullYear(year, month, Math.min(date.getUTCDate(), lastDay));
  return out.getTime();
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/**
 * The windows over bars [from, to) of `time` (ascending bar open times). OOS window k starts at
 * A + k·step, where A is the first bar's time plus the IS length (in bars: from + IS), and ends
 * where the next starts (with the default step), or OOS later; the last one is cut at `to`. Its IS
 * window is the IS length before its start (rolling) or everything from `from` (anchored). A
 * window whose IS or OOS holds no bar is left out. Throws NOT_ENOUGH_DATA when no window fits.
 */
export function walkForwardWindows(time: ArrayLike<number>, spec: WalkForwardSpec, from = 0, to = time.length): WalkForwardWindow[] {
  const step = spec.step ?? spec.outOfSample;
  if (sameUnit(step, spec.outOfSample) && step.count < spec.outOfSample.count) {
    throw new BarwiseError('INVALID_CONFIG', `walk-forward step (${durationText(step)}) must not be shorter than the out-of-sample length (${durationText(spec.outOfSample)}): out-of-sample windows would overlap`);
  }
  if ((step.unit === 'bars') !== (spec.outOfSample.unit === 'bars') || (spec.inSample.unit === 'bars') !== (step.unit === 'bars')) {
    throw new BarwiseError('INVALID_CONFIG', 'walk-forward lengths must all be in bars or all in time units');
  }
  const windows: WalkForwardWindow[] = [];
  if (to <= from) throw new BarwiseError('NOT_ENOUGH_DATA', 'walk-forward needs bars, and the range holds none');
  for (let k = 0; ; k++) {
    const bounds = spec.inSample.unit === 'bars' ? barBounds(spec, step, from, k) : timeBounds(time, spec, step, from, to, k);
    const oosStart = Math.max(from, bounds.oosStart);
    if (oosStart >= to) break;
    const oosEnd = Math.min(to, bounds.oosEnd);
    const isStart = spec.mode === 'anchored' ? from : Math.max(from, bounds.isStart);
    if (oosEnd > oosStart && oosStart > isStart) windows.push({ index: windows.length, inSample: { start: isStart, end: oosStart }, outOfSample: { start: oosStart, end: oosEnd } });
    if (k > 10_000_000) throw new BarwiseError('INVALID_CONFIG', 'walk-forward: too many windows');
  }
  if (windows.length === 0) {
    throw new BarwiseError('NOT_ENOUGH_DATA', `walk-forward: ${to - from} bars hold no window of ${durationText(spec.inSample)} in-sample followed by out-of-sample bars`);
  }
  return windows;
}

const sameUnit = (a: Duration, b: Duration) => a.unit === b.unit;

interface Bounds {
  readonly isStart: number;
  readonly oosStart: number;
  readonly oosEnd: number;
}

function barBounds(spec: WalkForwardSpec, step: Duration, from: number, k: number): Bounds {
  const oosStart = from + spec.inSample.count + k * step.count;
  return { isStart: oosStart - spec.inSample.count, oosStart, oosEnd: oosStart + spec.outOfSample.count };
}

function timeBounds(time: ArrayLike<number>, spec: WalkForwardSpec, step: Duration, from: number, to: number, k: number): Bounds {
  const unit = (d: Duration) => d.unit as Exclude<DurationUnit, 'bars'>;
  const anchor = addDuration(time[from], unit(spec.inSample), spec.inSample.count);
  const oosStartTime = addDuration(anchor, unit(step), k * step.count);
  // In one unit the end is counted from the anchor (so with the default step it is exactly the next window's start, even across months of different lengths).
  const oosEndTime = sameUnit(step, spec.outOfSample) ? addDuration(anchor, unit(step), k * step.count + spec.outOfSample.count) : addDuration(oosStartTime, unit(spec.outOfSample), spec.outOfSample.count);
  const isStartTime = addDuration(oosStartTime, unit(spec.inSample), -spec.inSample.count);
  const index = (t: number) => from + lowerBound(slice(time, from, to), t);
  return { isStart: index(isStartTime), oosStart: index(oosStartTime), oosEnd: index(oosEndTime) };
}

/** A view of [from, to) for the binary search, without copying. */
function slice(time: ArrayLike<number>, from: number, to: number): ArrayLike<number> {
  if (from === 0 && to === time.length) return time;
  if (time instanceof Float64Array) return time.subarray(from, to);
  return Array.prototype.slice.call(time, from, to) as number[];
}
