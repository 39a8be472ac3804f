import type { Trade } from '../../../src-shared/backtest';
import type { RunData } from '../repository';

/**
 * CSV exports (RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or line
 * break). Numbers are written with `String(n)`, the shortest text that reads back to the same
 * double, so a spreadsheet's sums match the app's to the last bit; times are ISO-8601 UTC.
 */

const CRLF = '\r\n';

/** Trade fields in column order, with their snake_case header. */
const TRADE_COLUMNS: readonly (readonly [Exclude<keyof Trade, 'tag'>, string])[] = [
  ['side', 'side'],
  ['size', 'size'],
  ['entryBar', 'entry_bar'],
  ['entryTime', 'entry_time'],
  ['entryPrice', 'entry_price'],
  ['exitBar', 'exit_bar'],
  ['exitTime', 'exit_time'],
  ['exitPrice', 'exit_price'],
  ['pnl', 'pnl'],
  ['returnPct', 'return_pct'],
  ['commission', 'commission'],
  ['barsHeld', 'bars_held'],
  ['durationMs', 'duration_ms'],
  ['exitReason', 'exit_reason'],
];

const TIME_FIELDS: ReadonlySet<keyof Trade> = new Set(['entryTime', 'exitTime']);

export const TRADE_CSV_HEADER: readonly string[] = TRADE_COLUMNS.map(([, header]) => header);
export const EQUITY_CSV_HEADER: readonly string[] = ['time', 'equity', 'drawdown_pct', 'buy_hold_equity'];

export function tradesCsv(trades: readonly Trade[]): string {
  const lines = [row(TRADE_CSV_HEADER)];
  for (const trade of trades) {
    lines.push(row(TRADE_COLUMNS.map(([key]) => (TIME_FIELDS.has(key) ? isoTime(trade[key] as number) : cell(trade[key])))));
  }
  return lines.join(CRLF) + CRLF;
}

/** One row per bar. The buy-and-hold cell is empty when the run has no such series. */
export function equityCsv(data: RunData): string {
  const lines = [row(EQUITY_CSV_HEADER)];
  for (let i = 0; i < data.time.length; i++) {
    lines.push(
      row([
        isoTime(data.time[i]),
        cell(data.equity[i]),
        cell(data.drawdownPct[i]),
        data.buyHoldEquity ? cell(data.buyHoldEquity[i]) : '',
      ]),
    );
  }
  return lines.join(CRLF) + CRLF;
}

export function isoTime(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : '';
}

/** Numbers at full precision; a non-finite number (never expected) becomes an empty cell, not "NaN". */
function cell(value: string | number): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return value;
}

function row(fields: readonly string[]): string {
  return fields.map(quote).join(',');
}

export function quote(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}
