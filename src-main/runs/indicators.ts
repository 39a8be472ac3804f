import type { RunIndicators } from '../../src-shared/api/runs';
import type { IndicatorSeries } from '../../src-shared/backtest';
import { BarwiseError } from '../../src-shared/errors';
import type { Db } from '../store/db';
import { packFloat64, unpackFloat64 } from './blobs';
import { indicatorIndices, pickFloat64 } from './downsample';

/** Points in a run's stored indicator overview, as OVERVIEW_POINTS is for its equity. */
export const INDICATOR_OVERVIEW_POINTS = 4000;

/** An indicator's blob as stored and as team sync carries it (compressed Float64, one value per bar). */
export interface PackedIndicator {
  readonly name: string;
  readonly overlay: boolean;
  readonly color: string | null;
  readonly timeframe: string | null;
  readonly values: Buffer;
}

/**
 * The indicators over bars [start, end) of the run, reduced to at most `maxPoints` points on one
 * time axis (indicatorIndices: each line's extremes per bucket kept).
 */
export function downsampleIndicators(time: Float64Array, indicators: readonly IndicatorSeries[], maxPoints: number, start = 0, end = time.length): RunIndicators {
  const window = indicators.map((i) => i.values.subarray(start, end));
  const indices = indicatorIndices(window, end - start, maxPoints);
  return {
    time: pickFloat64(time.subarray(start, end), indices),
    indicators: indicators.map((i, k) => ({ ...i, values: pickFloat64(window[k], indices) })),
    totalPoints: end - start,
  };
}

const toJsonNumbers = (values: Float64Array) => Array.from(values, (v) => (Number.isFinite(v) ? v : null));
const fromJsonNumbers = (values: ReadonlyArray<number | null>) => Float64Array.from(values, (v) => v ?? NaN);

/**
 * Stores a run's indicators (inside the transaction that stores the run), with their overview.
 * Every series must have one value per bar of the run: the chart draws them against its times.
 * `packed`: the blobs as they already are (a teammate's run from sync), else packed here.
 */
export function insertIndicators(
  db: Db,
  runId: string,
  indicators: readonly IndicatorSeries[],
  time: Float64Array,
  now: number,
  packed?: readonly PackedIndicator[],
): void {
  for (const i of indicators) {
    if (i.values.length !== time.length) {
      throw new BarwiseError('INTERNAL', `indicator '${i.name}' has ${i.values.length} values for a run of ${time.length} bars`);
    }
  }
  const overview = downsampleIndicators(time, indicators, INDICATOR_OVERVIEW_POINTS);
  const overviewTime = toJsonNumbers(overview.time);
  const insert = db.prepare(
    `INSERT INTO run_indicators (run_id, seq, name, overlay, color, timeframe, "values", overview, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  indicators.forEach((i, seq) => {
    const values = packed?.[seq]?.values ?? packFloat64(i.values);
    const small = JSON.stringify({ time: overviewTime, values: toJsonNumbers(overview.indicators[seq].values), totalPoints: time.length });
    insert.run(runId, seq, i.name, i.overlay ? 1 : 0, i.color ?? null, i.timeframe ?? null, values, small, now, now);
  });
}

/** Stores indicators as sync carries them: decoded once here for their overview. */
export function insertPackedIndicators(db: Db, runId: string, packed: readonly PackedIndicator[], time: Float64Array, now: number): void {
  insertIndicators(db, runId, packed.map(unpackIndicator), time, now, packed);
}

interface IndicatorRow {
  name: string;
  overlay: number;
  color: string | null;
  timeframe: string | null;
}

const header = (r: IndicatorRow) => ({
  name: r.name,
  overlay: r.overlay === 1,
  ...(r.color === null ? {} : { color: r.color }),
  ...(r.timeframe === null ? {} : { timeframe: r.timeframe }),
});

/** A run's indicators as stored (blobs not decoded), in declaration order; none for a run without. */
export function loadPackedIndicators(db: Db, runId: string): PackedIndicator[] {
  const rows = db
    .prepare('SELECT name, overlay, color, timeframe, "values" FROM run_indicators WHERE run_id = ? ORDER BY seq')
    .all(runId) as Array<IndicatorRow & { values: Buffer }>;
  return rows.map((r) => ({ name: r.name, overlay: r.overlay === 1, color: r.color, timeframe: r.timeframe, values: r.values }));
}

/** A run's indicators, decoded. */
export function loadIndicators(db: Db, runId: string): IndicatorSeries[] {
  return loadPackedIndicators(db, runId).map(unpackIndicator);
}

/**
 * The whole run's indicators as stored downsampled; RUN_NOT_FOUND for no such run. A run stores
 * them with itself, so a run without indicators has an empty list and its bar count.
 */
export function loadIndicatorOverview(db: Db, runId: string): RunIndicators {
  const rows = db.prepare('SELECT name, overlay, color, timeframe, overview FROM run_indicators WHERE run_id = ? ORDER BY seq').all(runId) as Array<
    IndicatorRow & { overview: string }
  >;
  if (rows.length === 0) {
    const run = db.prepare('SELECT bar_count FROM runs WHERE id = ?').get(runId) as { bar_count: number } | undefined;
    if (!run) throw new BarwiseError('RUN_NOT_FOUND', `No run with id ${runId}`);
    return { time: new Float64Array(0), indicators: [], totalPoints: run.bar_count };
  }
  const parsed = rows.map((r) => JSON.parse(r.overview) as { time: Array<number | null>; values: Array<number | null>; totalPoints: number });
  return {
    time: fromJsonNumbers(parsed[0].time),
    indicators: rows.map((r, k) => ({ ...header(r), values: fromJsonNumbers(parsed[k].values) })),
    totalPoints: parsed[0].totalPoints,
  };
}

export function unpackIndicator(p: PackedIndicator): IndicatorSeries {
  return {
    name: p.name,
    overlay: p.overlay,
    ...(p.color === null ? {} : { color: p.color }),
    ...(p.timeframe === null ? {} : { timeframe: p.timeframe }),
    values: unpackFloat64(p.values),
  };
}
