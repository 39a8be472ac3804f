/**
 * A closed trade's net figures, in one place so the broker's records and the statistics agree to
 * the last bit. `side` is +1 long, −1 short; `commission` is entry plus exit.
 */
export const netPnl = (side: number, units: number, entry: number, exit: number, commission: number): number =>
  side * units * (exit - entry) - commission;

/** backtesting.py `Trade.pl_pct` × 100: gross return minus commissions relative to entry value. */
export const netReturnPct = (side: number, units: number, entry: number, exit: number, commission: number): number =>
  (side * (exit / entry - 1) - commission / (units * entry)) * 100;
