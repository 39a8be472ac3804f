import { describe, expect, it } from 'vitest';
import type { Trade } from '../../../src-shared/backtest';
import { getRun, loadRunData, loadTrades } from '../repository';
import { EQUITY_CSV_HEADER, TRADE_CSV_HEADER, equityCsv, quote, tradesCsv } from './csv';
import { insertTestRun, openTestDb } from './test-run';

/** A minimal RFC 4180 reader for the test (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    }
    else if (c === '\r' && text[i + 1] === '\n') {
      fields.push(field);
      rows.push(fields);
      fields = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

describe('tradesCsv', () => {
  it("has one row per trade whose P&L column sums to the run's net profit", () => {
    const db = openTestDb();
    const id = insertTestRun(db);
    const detail = getRun(db, id);
    const trades = loadTrades(db, id);
    const rows = parseCsv(tradesCsv(trades));
    expect(rows[0]).toEqual(TRADE_CSV_HEADER);
    expect(rows.length - 1).toBe(detail.stats.numTrades);
    expect(trades.length).toBeGreaterThan(50);

    const pnl = rows[0].indexOf('pnl');
    const sum = rows.slice(1).reduce((a, r) => a + Number(r[pnl]), 0);
    const netProfit = detail.stats.equityFinal - detail.config.cash;
    expect(Math.abs(sum - netProfit)).toBeLessThanOrEqual(1e-9 * Math.abs(netProfit));

    // Full precision: every number reads back to the same double.
    const price = rows[0].indexOf('entry_price');
    rows.slice(1).forEach((r, k) => expect(Number(r[price])).toBe(trades[k].entryPrice));
    db.close();
  });

  it('writes times as ISO-8601 UTC and every field in order', () => {
    const trade: Trade = {
      side: 'short',
      size: 0.1 + 0.2,
      entryBar: 3,
      entryTime: Date.UTC(2024, 1, 29, 13, 5),
      entryPrice: 101.25,
      exitBar: 9,
      exitTime: Date.UTC(2024, 2, 1),
      exitPrice: 99,
      pnl: -1.5e-7,
      returnPct: 2.2,
      commission: 0.01,
      barsHeld: 6,
      durationMs: 3_600_000,
      exitReason: 'stop-loss',
    };
    const [, line] = tradesCsv([trade]).split('\r\n');
    expect(line).toBe(
      'short,0.30000000000000004,3,2024-02-29T13:05:00.000Z,101.25,9,2024-03-01T00:00:00.000Z,99,-1.5e-7,2.2,0.01,6,3600000,stop-loss',
    );
  });
});

describe('equityCsv', () => {
  it('has a row per bar, and an empty buy-and-hold cell when there is none', () => {
    const data = {
      time: Float64Array.from([Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 2)]),
      equity: Float64Array.from([10_000, 9_500.5]),
      drawdownPct: Float64Array.from([0, 4.995]),
      buyHoldEquity: null,
    };
    expect(parseCsv(equityCsv(data))).toEqual([
      [...EQUITY_CSV_HEADER],
      ['2024-01-01T00:00:00.000Z', '10000', '0', ''],
      ['2024-01-02T00:00:00.000Z', '9500.5', '4.995', ''],
    ]);
  });

  it('matches the stored series of a real run', () => {
    const db = openTestDb();
    const id = insertTestRun(db);
    const data = loadRunData(db, id);
    const rows = parseCsv(equityCsv(data));
    expect(rows.length - 1).toBe(data.time.length);
    expect(Number(rows.at(-1)![1])).toBe(data.equity.at(-1));
    expect(Number(rows.at(-1)![3])).toBe(data.buyHoldEquity!.at(-1));
    db.close();
  });
});

describe('quote', () => {
  it('quotes only fields with commas, quotes or line breaks, doubling quotes', () => {
    expect(quote('plain')).toBe('plain');
    expect(quote('a,b')).toBe('"a,b"');
    expect(quote('say "hi"')).toBe('"say ""hi"""');
    expect(quote('two\nlines')).toBe('"two\nlines"');
  });
});
