import type { BacktestStats, ParamValues, Trade } from '../../src-shared/backtest';
import type { Db } from '../store/db';
import type { VariantStats } from '../../src-shared/api/optimizations';

/** One walk-forward window as stored once its out-of-sample run is done. */
export interface StoredWindow {
  readonly index: number;
  /** Bar open times: the in-sample window's first and last bar, the out-of-sample window's. */
  readonly isFrom: number;
  readonly isTo: number;
  readonly oosFrom: number;
  readonly oosTo: number;
  /** null when no in-sample variant had an objective (the window is then flat: no out-of-sample trades). */
  readonly bestParams: ParamValues | null;
  readonly isObjective: number | null;
  readonly isStats: VariantStats | null;
  readonly oosObjective: number | null;
  readonly oosStats: BacktestStats | null;
  readonly oosTime: Float64Array;
  readonly oosEquity: Float64Array;
  readonly oosTrades: readonly Trade[];
}

const pack = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
// Copied: a Buffer from SQLite may sit at an offset that is not a multiple of 8.
const unpack = (b: Buffer) => new Float64Array(new Uint8Array(b).buffer);
const json = (value: unknown) => (value === null ? null : JSON.stringify(value));

export function saveWindow(db: Db, optimizationId: string, w: StoredWindow): void {
  db.prepare(
    `INSERT OR REPLACE INTO optimization_windows (optimization_id, window_index, is_from, is_to, oos_from, oos_to, best_params, is_objective, is_stats,
       oos_objective, oos_stats, oos_time, oos_equity, oos_trades) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    optimizationId,
    w.index,
    w.isFrom,
    w.isTo,
    w.oosFrom,
    w.oosTo,
    json(w.bestParams),
    w.isObjective,
    json(w.isStats),
    w.oosObjective,
    json(w.oosStats),
    pack(w.oosTime),
    pack(w.oosEquity),
    JSON.stringify(w.oosTrades),
  );
}

interface WindowRow {
  window_index: number;
  is_from: number;
  is_to: number;
  oos_from: number;
  oos_to: number;
  best_params: string | null;
  is_objective: number | null;
  is_stats: string | null;
  oos_objective: number | null;
  oos_stats: string | null;
  oos_time: Buffer;
  oos_equity: Buffer;
  oos_trades: string;
}

const parse = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));

export function loadWindows(db: Db, optimizationId: string): StoredWindow[] {
  const rows = db.prepare('SELECT * FROM optimization_windows WHERE optimization_id = ? ORDER BY window_index').all(optimizationId) as WindowRow[];
  return rows.map((r) => ({
    index: r.window_index,
    isFrom: r.is_from,
    isTo: r.is_to,
    oosFrom: r.oos_from,
    oosTo: r.oos_to,
    bestParams: parse<ParamValues>(r.best_params),
    isObjective: r.is_objective,
    isStats: parse<VariantStats>(r.is_stats),
    oosObjective: r.oos_objective,
    oosStats: parse<BacktestStats>(r.oos_stats),
    oosTime: unpack(r.oos_time),
    oosEquity: unpack(r.oos_equity),
    oosTrades: JSON.parse(r.oos_trades) as Trade[],
  }));
}

export function storedWindowIndices(db: Db, optimizationId: string): Set<number> {
  return new Set(db.prepare('SELECT window_index FROM optimization_windows WHERE optimization_id = ?').pluck().all(optimizationId) as number[]);
}
