/**
 * An account's equity as a path rather than a series: the (cash, position, entry price) after
 * every bar with a fill, so that equity at bar i is cash + position × (close[i] − entry) with the
 * last state at or before i (see Broker.cash). The broker records one row per bar with a fill (a few per trade) instead of one number per
 * bar; the statistics read equity off the path in their one pass, and the result's equity series
 * is written from it only when someone reads it.
 */
export interface EquityPath {
  /** Closes of the run's bars: the path's length. */
  readonly close: Float64Array;
  /** Cash before the first state (position 0). */
  readonly initialCash: number;
  /** Rows of STATE_FIELDS: bar, cash, position, entry price; bars strictly increasing. */
  readonly states: Float64Array;
  readonly rows: number;
  /** Pairs (bar, equity), bars increasing: bars whose equity is that number, not the marked position's. */
  readonly settled: readonly number[];
}

export const STATE_FIELDS = 4;

/** A plain equity series as a path (equity = 0 + 1 × (series[i] − 0)). */
export function equityPathOf(series: Float64Array): EquityPath {
  return { close: series, initialCash: 0, states: Float64Array.of(0, 0, 1, 0), rows: 1, settled: [] };
}

/**
 * Equity at each bar's close into `out` (length = close.length). The statistics' pass
 * (scanEquity) computes the same numbers with the same arithmetic; keep the two in step.
 */
export function fillEquity(path: EquityPath, out: Float64Array): Float64Array {
  const { close, states, rows, settled } = path;
  const n = close.length;
  let cash = path.initialCash;
  let position = 0;
  let entry = 0;
  let k = 0;
  let nextState = rows > 0 ? states[0] | 0 : -1;
  for (let i = 0; i < n; i++) {
    if (i === nextState) {
      const row = k * STATE_FIELDS;
      cash = states[row + 1];
      position = states[row + 2];
      entry = states[row + 3];
      k++;
      nextState = k < rows ? states[k * STATE_FIELDS] | 0 : -1;
    }
    out[i] = cash + position * (close[i] - entry);
  }
  for (let s = 0; s < settled.length; s += 2) out[settled[s]] = settled[s + 1];
  return out;
}
