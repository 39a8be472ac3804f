import type { GapSummary } from '../../src-shared/api/datasets';
import type { Bars } from '../../src-shared/bars/bars';
import { formatTimeframe } from '../../src-shared/bars/resample';
import { BarwiseError } from '../../src-shared/errors';
import { mainBody } from './outliers';
import type { BadRowLog, ParsedRows } from './parse';

export interface Normalized {
  readonly bars: Bars;
  readonly reordered: 'none' | 'reversed' | 'sorted';
  readonly identicalDuplicatesDropped: number;
  readonly conflicting: { count: number; listed: { time: number; lines: number[] }[] };
  readonly timeframe: { label: string; ms: number; detected: boolean };
  readonly gaps: GapSummary;
}

const LISTED = 100;

/** Index order that sorts rows by time, stable (ties keep file order). */
function sortedOrder(rows: ParsedRows): Uint32Array {
  const n = rows.length;
  if (rows.order === 1) return Uint32Array.from({ length: n }, (_, i) => i);
  if (rows.order === -1) return Uint32Array.from({ length: n }, (_, i) => n - 1 - i);
  const idx = Uint32Array.from({ length: n }, (_, i) => i);
  const t = rows.time;
  idx.sort((a, b) => t[a] - t[b] || a - b);
  return idx;
}

/** The most common step between bars: robust to weekend and holiday gaps. */
export function detectTimeframeMs(time: Float64Array): number {
  const counts = new Map<number, number>();
  const n = Math.min(time.length, 200_001);
  for (let i = 1; i < n; i++) {
    const d = time[i] - time[i - 1];
    if (d > 0) counts.set(d, (counts.get(d) ?? 0) + 1);
  }
  let best = 0;
  let bestCount = 0;
  for (const [d, c] of counts) if (c > bestCount || (c === bestCount && d < best)) [best, bestCount] = [d, c];
  return best;
}

function gapSummary(time: Float64Array, tf: number): GapSummary {
  let count = 0;
  let missing = 0;
  let irregular = 0;
  const largest: { from: number; to: number; missingBars: number }[] = [];
  for (let i = 1; i < time.length; i++) {
    const d = time[i] - time[i - 1];
    if (d === tf) continue;
    if (d % tf !== 0) {
      irregular++;
      if (d < tf) continue;
    }
    const m = Math.ceil(d / tf) - 1;
    if (m <= 0) continue;
    count++;
    missing += m;
    if (largest.length < 10 || m > largest[largest.length - 1].missingBars) {
      largest.push({ from: time[i - 1], to: time[i], missingBars: m });
      largest.sort((a, b) => b.missingBars - a.missingBars);
      if (largest.length > 10) largest.pop();
    }
  }
  return { count, missingBars: missing, largest, irregular };
}

/**
 * Parsed rows → ascending, duplicate-free bars. Identical duplicates are dropped (counted);
 * a time seen with different values is rejected entirely (each of its rows logged as bad).
 */
export function normalize(rows: ParsedRows, bad: BadRowLog, timeframeMs: number | undefined): Normalized {
  if (rows.order === 1 && strictlyAscending(rows.time)) return finish(rows, rows, rows.length, 'none', 0, { count: 0, listed: [] }, timeframeMs);
  const order = sortedOrder(rows);
  const { time, open, high, low, close, volume, line } = rows;
  const n = rows.length;
  const keep = new Uint32Array(n);
  let kept = 0;
  let identical = 0;
  const conflicting = { count: 0, listed: [] as { time: number; lines: number[] }[] };
  for (let k = 0; k < n; ) {
    const first = order[k];
    let end = k + 1;
    while (end < n && time[order[end]] === time[first]) end++;
    if (end === k + 1) {
      keep[kept++] = first;
    } else {
      let same = true;
      for (let j = k + 1; j < end && same; j++) {
        const r = order[j];
        same = open[r] === open[first] && high[r] === high[first] && low[r] === low[first] && close[r] === close[first] && volume[r] === volume[first];
      }
      if (same) {
        keep[kept++] = first;
        identical += end - k - 1;
      } else {
        conflicting.count++;
        const lines = Array.from(order.subarray(k, end), (r) => line[r]).sort((a, b) => a - b);
        if (conflicting.listed.length < LISTED) conflicting.listed.push({ time: time[first], lines: lines.slice(0, LISTED) });
        // Each row names at most 10 others: a time repeated on every line must not make each
        // reason as long as the file.
        const named = lines.slice(0, 11);
        for (const l of lines) {
          const others = named.filter((x) => x !== l).slice(0, 10);
          const more = lines.length - 1 - others.length;
          bad.add(l, 'conflicting duplicate', `time ${new Date(time[first]).toISOString()} also on line(s) ${others.join(', ')}${more > 0 ? ` and ${more} more` : ''} with different values`, '');
        }
      }
    }
    k = end;
  }
  if (kept === 0) throw new BarwiseError('CSV_BAD_ROW', `no valid rows: ${describeFirstBad(bad)}`);
  const picked = {
    time: new Float64Array(kept),
    open: new Float64Array(kept),
    high: new Float64Array(kept),
    low: new Float64Array(kept),
    close: new Float64Array(kept),
    volume: new Float64Array(kept),
    line: new Uint32Array(kept),
  };
  for (let i = 0; i < kept; i++) {
    const r = keep[i];
    picked.time[i] = time[r];
    picked.open[i] = open[r];
    picked.high[i] = high[r];
    picked.low[i] = low[r];
    picked.close[i] = close[r];
    picked.volume[i] = volume[r];
    picked.line[i] = line[r];
  }
  const reordered = rows.order === 1 ? 'none' : rows.order === -1 ? 'reversed' : 'sorted';
  return finish(picked, rows, kept, reordered, identical, conflicting, timeframeMs);
}

function strictlyAscending(time: Float64Array): boolean {
  for (let i = 1; i < time.length; i++) if (!(time[i] > time[i - 1])) return false;
  return true;
}

type Columns = Pick<ParsedRows, 'time' | 'open' | 'high' | 'low' | 'close' | 'volume' | 'line'>;

function finish(
  columns: Columns,
  rows: ParsedRows,
  kept: number,
  reordered: Normalized['reordered'],
  identical: number,
  conflicting: Normalized['conflicting'],
  timeframeMs: number | undefined,
): Normalized {
  if (kept === 0) throw new BarwiseError('CSV_BAD_ROW', `no valid rows: ${describeFirstBad(rows.bad)}`);
  const detected = timeframeMs === undefined;
  const time = columns.time.subarray(0, kept);
  let tf = timeframeMs ?? detectTimeframeMs(time);
  if (tf <= 0) {
    throw new BarwiseError(
      'VALIDATION_FAILED',
      `line ${rows.line[0] ?? 1}: one bar only, so the timeframe cannot be detected from the spacing; pass timeframe`,
    );
  }
  // Rows far outside the rest of the file (outliers.ts) are bad rows, not bars.
  const { from, to } = mainBody(time, tf);
  if (from > 0 || to < kept) {
    const range = `${iso(time[from])} … ${iso(time[to - 1])}`;
    const reject = (i: number) =>
      rows.bad.add(columns.line[i], 'time far outside the file', `time ${iso(time[i])} is far outside the rest of the file (${range})`, '');
    for (let i = 0; i < from; i++) reject(i);
    for (let i = to; i < kept; i++) reject(i);
    if (detected) tf = detectTimeframeMs(time.subarray(from, to));
  }
  tf = Math.round(tf);
  // Views on the parser's columns: no copy (a 2 GB file's bars are held once, not twice).
  const bars: Bars = {
    time: columns.time.subarray(from, to),
    open: columns.open.subarray(from, to),
    high: columns.high.subarray(from, to),
    low: columns.low.subarray(from, to),
    close: columns.close.subarray(from, to),
    volume: columns.volume.subarray(from, to),
    timeframeMs: tf,
  };
  return {
    bars,
    reordered,
    identicalDuplicatesDropped: identical,
    conflicting,
    timeframe: { label: formatTimeframe(tf), ms: tf, detected },
    gaps: gapSummary(bars.time, tf),
  };
}

const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');

export function describeFirstBad(bad: BadRowLog): string {
  const shown = bad.listed.slice(0, 3).map((b) => `line ${b.line}: ${b.reason}`);
  return shown.length ? shown.join('; ') + (bad.count > shown.length ? `; … (${bad.count} bad rows in all)` : '') : 'the file has no data rows (line 1)';
}
