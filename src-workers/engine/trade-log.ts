import type { ExitReason, Trade } from '../../src-shared/backtest';

const EXIT_REASONS: readonly ExitReason[] = ['signal', 'stop-loss', 'take-profit', 'trailing-stop', 'end'];

/**
 * Closed trades as the statistics read them: one column of numbers per field, `count` rows (a
 * column may be longer). The engine's TradeLog is one; a list of Trade records makes another
 * (tradeTableOf).
 */
export interface TradeTable {
  readonly count: number;
  /** +1 long, −1 short. */
  readonly side: Float64Array;
  readonly entryBar: Float64Array;
  readonly entryTime: Float64Array;
  readonly exitBar: Float64Array;
  readonly exitTime: Float64Array;
  readonly pnl: Float64Array;
  readonly returnPct: Float64Array;
}

/** A TradeTable of Trade records (tests, and callers that already hold records). */
export function tradeTableOf(trades: readonly Trade[]): TradeTable {
  const column = (field: (trade: Trade) => number) => Float64Array.from(trades, field);
  return {
    count: trades.length,
    side: column((t) => (t.side === 'long' ? 1 : -1)),
    entryBar: column((t) => t.entryBar),
    entryTime: column((t) => t.entryTime),
    exitBar: column((t) => t.exitBar),
    exitTime: column((t) => t.exitTime),
    pnl: column((t) => t.pnl),
    returnPct: column((t) => t.returnPct),
  };
}

/** Rows a new log has room for; each column doubles when full. */
const INITIAL_ROWS = 64;

function grown(column: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> {
  const larger = new Float64Array(column.length * 2);
  larger.set(column);
  return larger;
}

/**
 * The closed trades of a run, one Float64Array per field, grown by doubling: a trade-heavy run
 * closes tens of thousands, and as objects they would live through every young-generation
 * collection of the run, each copying them all. Trade records are built from the columns when
 * someone reads them (`records`).
 */
export class TradeLog implements TradeTable {
  count = 0;
  side = new Float64Array(INITIAL_ROWS);
  size = new Float64Array(INITIAL_ROWS);
  entryBar = new Float64Array(INITIAL_ROWS);
  entryTime = new Float64Array(INITIAL_ROWS);
  entryPrice = new Float64Array(INITIAL_ROWS);
  exitBar = new Float64Array(INITIAL_ROWS);
  exitTime = new Float64Array(INITIAL_ROWS);
  exitPrice = new Float64Array(INITIAL_ROWS);
  pnl = new Float64Array(INITIAL_ROWS);
  returnPct = new Float64Array(INITIAL_ROWS);
  commission = new Float64Array(INITIAL_ROWS);
  /** The exit reason's index in EXIT_REASONS. */
  reason = new Float64Array(INITIAL_ROWS);
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
    if (this.count === this.side.length) this.grow();
    const k = this.count;
    this.side[k] = side;
    this.size[k] = size;
    this.entryBar[k] = entryBar;
    this.entryTime[k] = entryTime;
    this.entryPrice[k] = entryPrice;
    this.exitBar[k] = exitBar;
    this.exitTime[k] = exitTime;
    this.exitPrice[k] = exitPrice;
    this.pnl[k] = pnl;
    this.returnPct[k] = returnPct;
    this.commission[k] = commission;
    this.reason[k] = EXIT_REASONS.indexOf(reason);
    if (tag !== undefined) this.tags.set(k, tag);
    this.count++;
  }

  private grow(): void {
    this.side = grown(this.side);
    this.size = grown(this.size);
    this.entryBar = grown(this.entryBar);
    this.entryTime = grown(this.entryTime);
    this.entryPrice = grown(this.entryPrice);
    this.exitBar = grown(this.exitBar);
    this.exitTime = grown(this.exitTime);
    this.exitPrice = grown(this.exitPrice);
    this.pnl = grown(this.pnl);
    this.returnPct = grown(this.returnPct);
    this.commission = grown(this.commission);
    this.reason = grown(this.reason);
  }

  /** The trades as records, in the order they closed. */
  records(): Trade[] {
    const out: Trade[] = new Array(this.count);
    for (let k = 0; k < this.count; k++) {
      out[k] = new TradeRecord(
        this.side[k] > 0 ? 'long' : 'short',
        this.size[k],
        this.entryBar[k],
        this.entryTime[k],
        this.entryPrice[k],
        this.exitBar[k],
        this.exitTime[k],
        this.exitPrice[k],
        this.pnl[k],
        this.returnPct[k],
        this.commission[k],
        EXIT_REASONS[this.reason[k]],
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
