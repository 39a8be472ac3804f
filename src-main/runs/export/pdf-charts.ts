import { rgb, type Color } from 'pdf-lib';
import { formatPercent, formatTime } from './format';
import { INK, MUTED, RULE, type ReportWriter } from './pdf-layout';

/**
 * Vector charts for the PDF report: each series is one SVG path (pdf-lib draws it as PDF path
 * operators), so the curves stay sharp at any zoom and the file stays small. Callers pass series
 * already downsampled (chartIndices) to about a point per half-point of width.
 */

export const EQUITY_BLUE = rgb(0.13, 0.4, 0.75);
export const BUY_HOLD_GREY = rgb(0.6, 0.6, 0.62);
export const LOSS_RED = rgb(0.8, 0.2, 0.2);
export const GAIN_GREEN = rgb(0.16, 0.56, 0.3);

const AXIS_GUTTER = 62;
const X_LABELS = 12;

export interface LineSeries {
  readonly label: string;
  readonly values: readonly number[];
  readonly color: Color;
  readonly width?: number;
  /** Fill between the line and the top of the plot (drawdown, drawn downward from 0). */
  readonly fillToTop?: Color;
}

export interface TimeChart {
  readonly time: readonly number[];
  readonly series: readonly LineSeries[];
  readonly height: number;
  readonly formatY: (value: number) => string;
  /** Fixed y bounds; by default the finite min and max of all series. */
  readonly yRange?: readonly [number, number];
}

/** A line chart over time with min/max y labels, start/end dates and a legend. */
export function timeChart(w: ReportWriter, chart: TimeChart): void {
  w.ensure(chart.height + X_LABELS + 14);
  const legendTop = w.y;
  legend(w, chart.series, legendTop);
  const top = legendTop - 14;
  const plot = { left: w.left + AXIS_GUTTER, top, width: w.width - AXIS_GUTTER, height: chart.height };
  const [yMin, yMax] = chart.yRange ?? finiteRange(chart.series.flatMap((s) => s.values));
  const tMin = chart.time[0];
  const tMax = chart.time.at(-1)!;
  const span = yMax - yMin || Math.abs(yMax) || 1;
  // 4% headroom so the extremes do not sit on the frame.
  const lo = chart.yRange ? yMin : yMin - span * 0.04;
  const hi = chart.yRange ? yMax : yMax + span * 0.04;
  const sx = (t: number) => (tMax > tMin ? ((t - tMin) / (tMax - tMin)) * plot.width : 0);
  const sy = (v: number) => ((hi - v) / (hi - lo || 1)) * plot.height;

  frame(w, plot);
  for (const [value, label] of [
    [yMax, chart.formatY(yMax)],
    [yMin, chart.formatY(yMin)],
  ] as const) {
    const y = plot.top - sy(value);
    w.page.drawLine({ start: { x: plot.left, y }, end: { x: plot.left + plot.width, y }, thickness: 0.4, color: RULE, dashArray: [2, 2] });
    w.text(label, plot.left - 4, y - 2.5, { size: 7, color: MUTED, align: 'right' });
  }
  for (const series of chart.series) {
    if (series.fillToTop) {
      const area = path(chart.time, series.values, sx, sy, true);
      if (area) w.page.drawSvgPath(`${area} L ${num(plot.width)} ${num(sy(hi))} L 0 ${num(sy(hi))} Z`, { x: plot.left, y: plot.top, color: series.fillToTop });
    }
    const line = path(chart.time, series.values, sx, sy, false);
    if (line) w.page.drawSvgPath(line, { x: plot.left, y: plot.top, borderColor: series.color, borderWidth: series.width ?? 0.9 });
  }
  const labelY = plot.top - plot.height - 9;
  w.text(formatTime(tMin, true), plot.left, labelY, { size: 7, color: MUTED });
  w.text(formatTime(tMax, true), plot.left + plot.width, labelY, { size: 7, color: MUTED, align: 'right' });
  w.y = labelY - 6;
}

/** Histogram of trade returns (%), bins aligned so that 0 is a bin edge; zero and mean marked. */
export function returnsHistogram(w: ReportWriter, returnsPct: readonly number[], height: number): void {
  w.ensure(height + 30);
  const values = returnsPct.filter(Number.isFinite);
  const plot = { left: w.left + AXIS_GUTTER, top: w.y - 4, width: w.width - AXIS_GUTTER, height };
  const { lo, binWidth, counts } = bins(values);
  const hi = lo + binWidth * counts.length;
  const maxCount = counts.reduce((a, c) => Math.max(a, c), 1);
  const sx = (v: number) => ((v - lo) / (hi - lo)) * plot.width;
  const bottom = plot.top - plot.height;

  frame(w, plot);
  counts.forEach((count, k) => {
    if (count === 0) return;
    const center = lo + (k + 0.5) * binWidth;
    w.page.drawRectangle({
      x: plot.left + sx(lo + k * binWidth) + 0.4,
      y: bottom,
      width: Math.max(0.5, sx(lo + binWidth) - 0.8),
      height: (count / maxCount) * (plot.height - 12),
      color: center < 0 ? LOSS_RED : GAIN_GREEN,
      opacity: 0.75,
    });
  });
  const mean = values.reduce((a, v) => a + v, 0) / values.length;
  // Zero and mean as vertical lines; each label on the side facing away from the other line.
  const marks: readonly [number, string, Color, number[] | undefined, boolean][] = [
    [0, '0%', INK, undefined, mean < 0],
    [mean, `mean ${formatPercent(mean)}`, EQUITY_BLUE, [3, 2], mean >= 0],
  ];
  marks.forEach(([value, label, color, dashArray, labelRight], k) => {
    const x = plot.left + sx(value);
    w.page.drawLine({ start: { x, y: bottom }, end: { x, y: plot.top }, thickness: 0.9, color, dashArray });
    w.text(label, labelRight ? x + 3 : x - 3, plot.top - 8 - k * 9, { size: 7, color, align: labelRight ? 'left' : 'right' });
  });
  w.text(`${maxCount} trades`, plot.left - 4, plot.top - 12 - 2.5, { size: 7, color: MUTED, align: 'right' });
  w.text('0', plot.left - 4, bottom - 2.5, { size: 7, color: MUTED, align: 'right' });
  w.text(formatPercent(lo), plot.left, bottom - 9, { size: 7, color: MUTED });
  w.text(formatPercent(hi), plot.left + plot.width, bottom - 9, { size: 7, color: MUTED, align: 'right' });
  w.text('Trade return', plot.left + plot.width / 2, bottom - 9, { size: 7, color: MUTED, align: 'center' });
  w.y = bottom - 16;
}

/** Bin edges lo + k·binWidth with 0 on an edge, about √n bins (5 to 40). */
export function bins(values: readonly number[]): { lo: number; binWidth: number; counts: number[] } {
  if (values.length === 0) return { lo: -1, binWidth: 1, counts: [0, 0] };
  // Loops, not Math.min(...values): a spread of 100,000 trades overflows the stack.
  let min = 0;
  let max = 0;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (max === min) max = 1;
  const target = Math.min(40, Math.max(5, Math.ceil(Math.sqrt(values.length))));
  const binWidth = (max - min) / target;
  const lo = Math.floor(min / binWidth) * binWidth;
  const count = Math.max(1, Math.ceil((max - lo) / binWidth - 1e-9));
  const counts = new Array<number>(count).fill(0);
  for (const v of values) counts[Math.min(count - 1, Math.floor((v - lo) / binWidth))]++;
  return { lo, binWidth, counts };
}

function legend(w: ReportWriter, series: readonly LineSeries[], top: number): void {
  let x = w.left + AXIS_GUTTER;
  for (const s of series) {
    w.page.drawLine({ start: { x, y: top - 5 }, end: { x: x + 14, y: top - 5 }, thickness: 2, color: s.color });
    w.text(s.label, x + 18, top - 7.5, { size: 7.5 });
    x += 18 + w.measure(s.label, 7.5) + 16;
  }
}

function frame(w: ReportWriter, plot: { left: number; top: number; width: number; height: number }): void {
  w.page.drawRectangle({ x: plot.left, y: plot.top - plot.height, width: plot.width, height: plot.height, borderColor: MUTED, borderWidth: 0.5 });
}

/** SVG path in plot coordinates (y down); a non-finite value breaks the line. Null when empty. */
function path(
  time: readonly number[],
  values: readonly number[],
  sx: (t: number) => number,
  sy: (v: number) => number,
  continuous: boolean,
): string | null {
  const parts: string[] = [];
  let pen = false;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      pen = continuous ? pen : false;
      continue;
    }
    parts.push(`${pen ? 'L' : 'M'} ${num(sx(time[i]))} ${num(sy(values[i]))}`);
    pen = true;
  }
  return parts.length ? parts.join(' ') : null;
}

const num = (v: number) => (Math.round(v * 100) / 100).toString();

function finiteRange(values: readonly number[]): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? [min, max] : [0, 1];
}
