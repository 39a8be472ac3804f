import type { DateOrder, TimeFormat } from './timestamps';

export type Newline = '\n' | '\r' | '\r\n';

/** Where each bar field sits in a row (−1: absent). */
export interface ColumnMap {
  /** The timestamp, or the DATE part when `timeOfDay` ≥ 0 (MetaTrader's <DATE> <TIME>). */
  readonly time: number;
  readonly timeOfDay: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** Everything the streaming parser needs to know about a file; the result of detection. */
export interface Dialect {
  readonly delimiter: string;
  readonly newline: Newline;
  /** The sample held a quote character: use papaparse's quote-aware mode instead of fast mode. */
  readonly quoted: boolean;
  /** Numbers written as 1,25 (only with ';' or tab delimiters). */
  readonly decimalComma: boolean;
  /** 1-based line of the header row, or null when the file has none. */
  readonly headerLine: number | null;
  /** 1-based line of the first data row (lines before it: header and preamble, skipped). */
  readonly dataStartLine: number;
  readonly headerNames: readonly string[] | null;
  readonly columns: ColumnMap;
  readonly timeFormat: TimeFormat;
  /** Fields the parser needs in a row: 1 + the largest column index used. */
  readonly minFields: number;
}

export type UnsureField = 'delimiter' | 'header' | 'columns' | 'dateOrder' | 'timeFormat' | 'volume' | 'preamble' | 'timezone';

/** Something detection decided on thin evidence: the UI shows these in its override panel. */
export interface Unsure {
  readonly field: UnsureField;
  readonly message: string;
  /** The values the user may pick from, when it is a choice (e.g. ['DMY', 'MDY']). */
  readonly choices?: readonly string[];
  /** True when import cannot proceed without an answer (ambiguous dates). */
  readonly blocking?: boolean;
}

export interface Detection {
  readonly dialect: Dialect;
  readonly unsure: readonly Unsure[];
  /** Symbol found in a symbol/ticker column, if any. */
  readonly symbol?: string;
}

export interface DetectOptions {
  readonly delimiter?: string;
  readonly dateOrder?: Exclude<DateOrder, 'YMD'>;
}
