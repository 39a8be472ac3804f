import type { IndicatorSeries } from '../../src-shared/backtest';
import { BarwiseError } from '../../src-shared/errors';
import type { Db } from '../store/db';
import { packFloat64, unpackFloat64 } from './blobs';

/** An indicator's blob as stored and as team sync carries it (compressed Float64, one value per bar). */
export interface PackedIndicator {
  readonly name: string;
  readonly overlay: boolean;
  readonly color: string | null;
  readonly timeframe: string | null;
  readonly values: Buffer;
}

/** The indicators as a run stores them, in declaration order. */
export function packIndicators(indicators: readonly IndicatorSeries[]): PackedIndicator[] {
  return indicators.map((i) => ({
    name: i.name,
    overlay: i.overlay,
    color: i.color ?? null,
    timeframe: i.timeframe ?? null,
    values: packFloat64(i.values),
  }));
}

/**
 * Stores a run's indicators (inside the transaction that stores the run). Every series must have
 * one value per bar of the run: the chart draws them against the run's bar times.
 */
export function insertPackedIndicators(db: Db, runId: string, packed: readonly PackedIndicator[], now: number): void {
  const insert = db.prepare(
    `INSERT INTO run_indicators (run_id, seq, name, overlay, color, timeframe, "values", created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  packed.forEach((p, seq) => insert.run(runId, seq, p.name, p.overlay ? 1 : 0, p.color, p.timeframe, p.values, now, now));
}

export function insertIndicators(db: Db, runId: string, indicators: readonly IndicatorSeries[], barCount: number, now: number): void {
  for (const i of indicators) {
    if (i.values.length !== barCount) {
      throw new BarwiseError('INTERNAL', `indicator '${i.name}' has ${i.values.length} values for a run of ${barCount} bars`);
    }
  }
  insertPackedIndicators(db, runId, packIndicators(indicators), now);
}

interface IndicatorRow {
  name: string;
  overlay: number;
  color: string | null;
  timeframe: string | null;
  values: Buffer;
}

/** A run's indicators as stored (blobs not decoded), in declaration order; none for a run without. */
export function loadPackedIndicators(db: Db, runId: string): PackedIndicator[] {
  const rows = db
    .prepare('SELECT name, overlay, color, timeframe, "values" FROM run_indicators WHERE run_id = ? ORDER BY seq')
    .all(runId) as IndicatorRow[];
  return rows.map((r) => ({ name: r.name, overlay: r.overlay === 1, color: r.color, timeframe: r.timeframe, values: r.values }));
}

/** A run's indicators, decoded. */
export function loadIndicators(db: Db, runId: string): IndicatorSeries[] {
  return loadPackedIndicators(db, runId).map(unpackIndicator);
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
