/**
 * A closed trade's net figures, in one place so the broker's columnar log, the statistics and
 * the Trade records agree to the last bit. `side` is +1 long, −1 short; `commission` is entry
 * plus exit.
 */
export const netPnl = (side: number, units: number, entry: number, exit: number, commission: number): number =>
  side * units * (exit - entry) - commission;

/** backtesting.py `Trade.pl_pct` × 100: gross return minus commissions relative to entry value. */
export const netReturnPct = (side: number, units: number, entry: number, exit: number, commission: number): number =>
  (side * (exit / entry - 1) - commission / (units * entry)) * 100;

/**
 * Closed trades as the statistics read them: by index, without building Trade objects (a
 * trade-heavy run has tens of thousands; the records are built only when someone reads them).
 */
export interface TradeTable {
  readonly count: number;
  isLong(k: number): boolean;
  pnl(k: number): number;
  returnPct(k: number): number;
  entryBar(k: number): number;
  exitBar(k: number): number;
  durationMs(k: number): number;
}

/** A TradeTable over Trade records (tests, and callers that already hold records). */
export function tradeTableOf(trades: readonly {
  side: 'long' | 'short'; pnl: number; returnPct: number; entryBar: number; exitBar: number; durationMs: number;
}[]): TradeTable {
  return {
    count: trades.length,
    isLong: (k) => trades[k].side === 'long',
    pnl: (k) => trades[k].pnl,
    returnPct: (k) => trades[k].returnPct,
    entryBar: (k) => trades[k].entryBar,
    exitBar: (k) => trades[k].exitBar,
    durationMs: (k) => trades[k].durationMs,
  };
}
