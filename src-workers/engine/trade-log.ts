import type { ExitReason, Trade } from '../../src-shared/backtest';

const EXIT_REASONS: readonly ExitReason[] = ['signal', 'stop-loss', 'take-profit', 'trailing-stop', 'end'];

/**
 * Closed trades as the statistics read them: by index. The engine's TradeLog is one; a list of
 * Trade records is another (tradeTableOf).
 */
export interface TradeTable {
  readonly count: number;
  isLong(k: number): boolean;
  pnl(k: number): number;
  returnPct(k: number): number;
  barsHeld(k: number): number;
  durationMs(k: number): number;
}

/** A TradeTable over Trade records (tests, and callers that already hold records). */
export function tradeTableOf(trades: readonly Trade[]): TradeTable {
  return {
    count: trades.length,
    isLong: (k) => trades[k].side === 'long',
    pnl: (k) => trades[k].pnl,
    returnPct: (k) => trades[k].returnPct,
    barsHeld: (k) => trades[k].barsHeld,
    durationMs: (k) => trades[k].durationMs,
  };
}

/** Numbers a row of the log holds, in this order. */
const SIDE = 0;
const SIZE = 1;
const ENTRY_BAR = 2;
const ENTRY_TIME = 3;
const ENTRY_PRICE = 4;
const EXIT_BAR = 5;
const EXIT_TIME = 6;
const EXIT_PRICE = 7;
const PNL = 8;
const RETURN_PCT = 9;
const COMMISSION = 10;
const REASON = 11;
const FIELDS = 12;

/**
 * The closed trades of a run, one row of numbers each in a Float64Array grown by doubling: a
 * trade-heavy run closes tens of thousands, and as objects they would live through every
 * young-generation collection of the run, each copying them all. Trade records are built from
 * the rows when someone reads them (`records`).
 */
export class TradeLog implements TradeTable {
  count = 0;
  private rows = new Float64Array(64 * FIELDS);
  /** Tags by trade index, only for trades whose order had one. */
  private readonly tags = new Map<number, string>();

  add(
    side: 1 | -1,
    size: number,
    entryBar: number,
    entryTime: number,
    entryPrice: number,
    exitBar: number,
    exitTime: number,
    exitPrice: number,
    pnl: number,
    returnPct: number,
    commission: number,
    reason: ExitReason,
    tag: string | undefined,
  ): void {
    if ((this.count + 1) * FIELDS > this.rows.length) {
      const grown = new Float64Array(this.rows.length * 2);
      grown.set(this.rows);
      this.rows = grown;
    }
    const row = this.count * FIELDS;
    const rows = this.rows;
    rows[row + SIDE] = side;
    rows[row + SIZE] = size;
    rows[row + ENTRY_BAR] = entryBar;
    rows[row + ENTRY_TIME] = entryTime;
    rows[row + ENTRY_PRICE] = entryPrice;
    rows[row + EXIT_BAR] = exitBar;
    rows[row + EXIT_TIME] = exitTime;
    rows[row + EXIT_PRICE] = exitPrice;
    rows[row + PNL] = pnl;
    rows[row + RETURN_PCT] = returnPct;
    rows[row + COMMISSION] = commission;
    rows[row + REASON] = EXIT_REASONS.indexOf(reason);
    if (tag !== undefined) this.tags.set(this.count, tag);
    this.count++;
  }

  isLong(k: number): boolean {
    return this.rows[k * FIELDS + SIDE] > 0;
  }
  pnl(k: number): number {
    return this.rows[k * FIELDS + PNL];
  }
  returnPct(k: number): number {
    return this.rows[k * FIELDS + RETURN_PCT];
  }
  barsHeld(k: number): number {
    return this.rows[k * FIELDS + EXIT_BAR] - this.rows[k * FIELDS + ENTRY_BAR];
  }
  durationMs(k: number): number {
    return this.rows[k * FIELDS + EXIT_TIME] - this.rows[k * FIELDS + ENTRY_TIME];
  }

  /** The trades as records, in the order they closed. */
  records(): Trade[] {
    const out: Trade[] = new Array(this.count);
    const rows = this.rows;
    for (let k = 0; k < this.count; k++) {
      const row = k * FIELDS;
      out[k] = new TradeRecord(
        rows[row + SIDE] > 0 ? 'long' : 'short',
        rows[row + SIZE],
        rows[row + ENTRY_BAR],
        rows[row + ENTRY_TIME],
        rows[row + ENTRY_PRICE],
        rows[row + EXIT_BAR],
        rows[row + EXIT_TIME],
        rows[row + EXIT_PRICE],
        rows[row + PNL],
        rows[row + RETURN_PCT],
        rows[row + COMMISSION],
        EXIT_REASONS[rows[row + REASON]],
        this.tags.get(k),
      );
    }
    return out;
  }
}

/** A closed lot, or the closed part of one. It crosses threads as a plain object (structured clone keeps own fields). */
class TradeRecord implements Trade {
  readonly barsHeld: number;
  readonly durationMs: number;
  declare readonly tag?: string;
  constructor(
    readonly side: 'long' | 'short',
    readonly size: number,
    readonly entryBar: number,
    readonly entryTime: number,
    readonly entryPrice: number,
    readonly exitBar: number,
    readonly exitTime: number,
    readonly exitPrice: number,
    readonly pnl: number,
    readonly returnPct: number,
    readonly commission: number,
    readonly exitReason: ExitReason,
    tag: string | undefined,
  ) {
    this.barsHeld = exitBar - entryBar;
    this.durationMs = exitTime - entryTime;
    if (tag !== undefined) this.tag = tag;
  }
}
