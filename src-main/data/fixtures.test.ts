import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importOptionsSchema, type ImportOptionsInput, type ImportOutcome } from '../../src-shared/api/datasets';
import { BarwiseError, type ErrorCode } from '../../src-shared/errors';
import type { Db } from '../store/db';
import { importFile } from './import';
import { loadBars } from './repository';
import { tempDb } from './test-db';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const T0 = Date.UTC(2024, 0, 1);
const H = 3_600_000;

interface Expected {
  readonly options?: ImportOptionsInput;
  /** An error code: nothing stored. */
  readonly error?: ErrorCode;
  readonly errorMatch?: RegExp;
  readonly bars?: number;
  readonly timeframe?: string;
  readonly first?: number;
  readonly firstBar?: readonly [open: number, high: number, low: number, close: number, volume: number];
  readonly lastBar?: readonly [open: number, high: number, low: number, close: number, volume: number];
  /** Which column each field was read from: [time, timeOfDay, open, high, low, close, volume]. */
  readonly columns?: readonly number[];
  readonly badRows?: number;
  readonly badLines?: readonly number[];
  readonly dropped?: number;
  readonly conflicting?: number;
  readonly reordered?: 'none' | 'reversed' | 'sorted';
  readonly gaps?: number;
  readonly missingBars?: number;
  readonly delimiter?: string;
  readonly hasHeader?: boolean;
  readonly timeFormat?: string;
  readonly decimalComma?: boolean;
  readonly symbol?: string;
  readonly unsure?: readonly string[];
  readonly times?: readonly number[];
  /**
   * Every line from `from` (1-based) is one bar, checked against a reference read of the text:
   * `Date.parse` of the ISO time (UTC when naive) and `Number` of the prices and volume, in the
   * `columns` given as [time, open, high, low, close, volume] (default: 0…5).
   */
  readonly exact?: { readonly from: number; readonly columns?: readonly number[] };
}

/** The bars a pandas-style file must give, read by plain `split`, `Date.parse` and `Number`. */
function referenceBars(file: string, exact: NonNullable<Expected['exact']>): number[][] {
  const lines = readFileSync(join(FIXTURES, file), 'utf8').split('\n').slice(exact.from - 1).filter((l) => l !== '');
  return lines.map((l) => {
    const f = l.split(',');
    const [t, ...values] = (exact.columns ?? [0, 1, 2, 3, 4, 5]).map((k) => f[k]);
    const iso = t.length === 10 ? t : t.replace(' ', 'T') + (/[+-]\d\d:\d\d$/.test(t) ? '' : 'Z');
    return [Date.parse(iso), ...values.map(Number)];
  });
}

/** Every fixture in src-main/data/fixtures and what importing it must do. */
const CASES: Record<string, Expected> = {
  'iso-utc.csv': { bars: 5, timeframe: '1h', first: T0, firstBar: [100, 101.5, 99, 100.5, 10], timeFormat: 'text-YMD', hasHeader: true },
  'iso-offset.csv': { bars: 5, first: T0, timeframe: '1h' },
  'naive-seconds-berlin.csv': { options: { tz: 'Europe/Berlin' }, bars: 5, first: T0, timeframe: '1h' },
  'naive-minutes.csv': { bars: 5, timeframe: '1m', first: T0 },
  'metatrader5.csv': { bars: 6, timeframe: '15m', first: T0, delimiter: '\t', firstBar: [100, 101.5, 99, 100.5, 10], unsure: ['volume'] },
  'metatrader4-noheader.csv': { bars: 6, timeframe: '1h', hasHeader: false, first: T0, unsure: ['header'] },
  'binance-klines.csv': { bars: 5, timeframe: '1m', hasHeader: false, timeFormat: 'epoch-ms', firstBar: [100, 101.5, 99, 100.5, 10] },
  'epoch-seconds.csv': { bars: 5, timeframe: '5m', timeFormat: 'epoch-s', first: T0 },
  'epoch-micros.csv': { bars: 5, timeframe: '1m', timeFormat: 'epoch-us', first: T0 },
  'dmy-slash.csv': { bars: 6, timeframe: '1d', timeFormat: 'text-DMY', first: Date.UTC(2024, 0, 10) },
  'mdy-yahoo.csv': { bars: 6, timeframe: '1d', timeFormat: 'text-MDY', first: Date.UTC(2024, 0, 10), firstBar: [100, 101.5, 99, 100.5, 10], unsure: ['columns'] },
  'ambiguous-dates.csv': { error: 'CSV_AMBIGUOUS', errorMatch: /DMY.*MDY/ },
  'bom-crlf.csv': { bars: 5, first: T0, firstBar: [100, 101.5, 99, 100.5, 10] },
  'quoted.csv': { bars: 5, first: T0, firstBar: [100, 101.5, 99, 100.5, 10] },
  'semicolon-decimal-comma.csv': { bars: 5, delimiter: ';', decimalComma: true, first: T0, firstBar: [100, 101.5, 99, 100.5, 10], timeFormat: 'text-DMY' },
  'pipe.csv': { bars: 5, delimiter: '|', first: T0 },
  'header-case-order.csv': { bars: 5, first: T0, firstBar: [100, 101.5, 99, 100.5, 10] },
  'no-volume.csv': { bars: 5, firstBar: [100, 101.5, 99, 100.5, 0], unsure: ['volume'] },
  'reversed.csv': { bars: 6, reordered: 'reversed', first: T0 },
  'unsorted.csv': { bars: 6, reordered: 'sorted', first: T0, times: [0, 1, 2, 3, 4, 5].map((i) => T0 + i * H) },
  'identical-dups.csv': { bars: 5, dropped: 2, badRows: 0 },
  'conflicting-dup.csv': { bars: 299, conflicting: 1, badRows: 2, badLines: [102, 103], gaps: 1 },
  'bad-high.csv': { error: 'CSV_BAD_ROW', errorMatch: /line 4: high 90 is below max\(open 102, close 102.5\)/ },
  'negative-nonfinite.csv': { options: { onBadRows: 'skip' }, bars: 3, badRows: 2, badLines: [3, 5] },
  'one-garbage-line.csv': { bars: 250, badRows: 1, badLines: [122] },
  'gaps.csv': { bars: 20, gaps: 2, missingBars: 4, timeframe: '1h' },
  'preamble-cryptodatadownload.csv': { bars: 5, reordered: 'reversed', symbol: 'BTC/USD', timeFormat: 'epoch-s', first: T0, unsure: ['preamble'] },
  'empty.csv': { error: 'CSV_UNREADABLE' },
  'header-only.csv': { error: 'CSV_UNREADABLE' },
  'binary.csv': { error: 'CSV_UNREADABLE' },
  'daily-date-only.csv': { bars: 10, timeframe: '1d', gaps: 1, missingBars: 2 },
  'utf16-excel.csv': { bars: 5, delimiter: '\t', first: T0 },
  'dst-fallback-newyork.csv': {
    options: { tz: 'America/New_York' },
    bars: 5,
    dropped: 0,
    // 00:00 EDT, 01:00 EDT, 01:00 EST, 02:00 EST, 03:00 EST
    times: [4, 5, 6, 7, 8].map((h) => Date.UTC(2024, 10, 3, h)),
  },
  'dst-spring-newyork.csv': {
    options: { tz: 'America/New_York' },
    bars: 4,
    times: [5, 6, 7, 8].map((h) => Date.UTC(2024, 2, 10, h)),
  },
  'dotted-dmy.csv': { bars: 4, timeFormat: 'text-DMY', first: Date.UTC(2024, 1, 3, 9), unsure: ['dateOrder'] },
  'compact-date-time.csv': { bars: 4, first: T0, timeframe: '1h' },
  'unknown-header.csv': { error: 'CSV_UNREADABLE', errorMatch: /header not understood/ },
  'thousands-separators.csv': { bars: 2, firstBar: [1234.5, 1240, 1230, 1235, 10], lastBar: [1235, 1241, 1231, 1236, 11] },
  // in a decimal-comma file a point only groups threes; K/M/B only follow a volume
  'bad-grouping.csv': { options: { onBadRows: 'skip' }, decimalComma: true, bars: 3, badRows: 2, badLines: [3, 4], lastBar: [100.5, 101.5, 99.5, 100.5, 45600] },
  'embedded-newline-quoted.csv': { bars: 5, badRows: 0 },
  // pandas DataFrame.to_csv(): the index first, unnamed (byte-identical excerpts of backtesting.py's test data)
  'pandas-goog-daily.csv': { bars: 30, timeframe: '1d', hasHeader: true, timeFormat: 'text-YMD', first: Date.UTC(2004, 7, 19), exact: { from: 2 } },
  'pandas-eurusd-hourly.csv': { bars: 30, timeframe: '1h', first: Date.UTC(2017, 3, 19, 9), exact: { from: 2 } },
  'pandas-btcusd-monthly.csv': { bars: 30, first: Date.UTC(2012, 0, 31), exact: { from: 2 } },
  // read back without index_col and written again: a new row counter, the dates under "Unnamed: 0"
  'pandas-reread-unnamed.csv': { bars: 10, first: Date.UTC(2004, 7, 19), exact: { from: 2, columns: [1, 2, 3, 4, 5, 6] } },
  'pandas-range-index.csv': { error: 'CSV_UNREADABLE', errorMatch: /line 1: .*unnamed column 1 holds row numbers \(0, 1, …\), not times/ },
  'pandas-lowercase-tz-aware.csv': { bars: 5, timeframe: '1h', first: T0, exact: { from: 2 } },
  'yfinance-history-tz.csv': { bars: 5, timeframe: '1d', first: Date.UTC(2023, 0, 3, 5), exact: { from: 2 } },
  'yfinance-adj-close.csv': { bars: 5, timeframe: '1d', unsure: ['columns'], exact: { from: 2, columns: [0, 1, 2, 3, 4, 6] } },
  // yfinance ≥ 0.2.51: two column levels (Price, Ticker), then the index's name row
  'yfinance-multi-level.csv': { bars: 5, symbol: 'MSFT', timeFormat: 'text-YMD', exact: { from: 4, columns: [0, 4, 2, 3, 1, 5] } },
  // headers in the trader's language (values as each source writes them)
  'ru-finam.csv': {
    symbol: 'SBER',
    columns: [2, 3, 4, 5, 6, 7, 8],
    times: [10, 11, 12, 13].map((h) => Date.UTC(2024, 0, 3, h)),
    firstBar: [272.1, 273.49, 271.55, 273.15, 2118850],
    lastBar: [274.08, 274.3, 273.35, 273.72, 995230],
  },
  'ru-words.csv': {
    delimiter: ';',
    decimalComma: true,
    columns: [0, 1, 2, 3, 4, 5, 6],
    times: [10, 11, 12, 13].map((h) => Date.UTC(2024, 0, 3, h)),
    firstBar: [272.1, 273.49, 271.55, 273.15, 2118850],
    lastBar: [274.08, 274.3, 273.35, 273.72, 995230],
  },
  // akshare's frame saved by to_csv(): a RangeIndex first, then 日期; 成交额 (turnover) is not the volume
  'zh-akshare.csv': {
    columns: [1, -1, 2, 4, 5, 3, 6],
    times: [2, 3, 4, 5].map((d) => Date.UTC(2024, 0, d)),
    firstBar: [9.39, 9.42, 9.21, 9.21, 1158366],
    lastBar: [9.1, 9.4, 9.1, 9.27, 1991622],
  },
  'zh-hant-daily.csv': {
    columns: [0, -1, 1, 2, 3, 4, 5],
    times: [2, 3, 4, 5].map((d) => Date.UTC(2024, 0, d)),
    firstBar: [590, 593, 589, 593, 26059058],
    lastBar: [578, 580, 574, 576, 19522604],
  },
  // units in brackets; 涨跌幅(%) is a change, never a price
  'zh-units-brackets.csv': {
    timeframe: '5m',
    columns: [0, -1, 1, 2, 3, 4, 5],
    first: Date.UTC(2024, 0, 2, 9, 35),
    firstBar: [9.39, 9.42, 9.35, 9.37, 52310],
    lastBar: [9.35, 9.37, 9.34, 9.36, 19024],
  },
  'ja-yahoo.csv': {
    unsure: ['columns'],
    columns: [0, -1, 1, 2, 3, 4, 5],
    times: [Date.UTC(2024, 0, 4), Date.UTC(2024, 0, 5), Date.UTC(2024, 0, 9), Date.UTC(2024, 0, 10)],
    firstBar: [2500, 2560, 2490, 2545, 1200000],
    lastBar: [2590, 2625, 2585, 2610, 1320400],
  },
  // full-width brackets around the units
  'ja-units-fullwidth.csv': {
    timeframe: '5m',
    columns: [0, -1, 1, 2, 3, 4, 5],
    first: Date.UTC(2024, 0, 4, 9),
    firstBar: [2500, 2512, 2495, 2510, 120000],
    lastBar: [2502, 2508, 2490, 2494, 132000],
  },
  // stooq.pl writes Polish names without their diacritics
  'pl-stooq.csv': {
    columns: [0, -1, 1, 2, 3, 4, 5],
    times: [2, 3, 4, 5].map((d) => Date.UTC(2024, 0, d)),
    firstBar: [152.62, 153.98, 150.3, 151.5, 1106731],
    lastBar: [150.5, 152.86, 149.66, 152.22, 946157],
  },
  'tr-broker.csv': {
    delimiter: ';',
    decimalComma: true,
    columns: [0, -1, 1, 2, 3, 4, 5],
    times: [2, 3, 4, 5].map((d) => Date.UTC(2024, 0, d)),
    firstBar: [282.25, 286, 280.5, 285.5, 20143562],
    lastBar: [280.25, 283.5, 279, 282.75, 18530902],
  },
  // investing.com "Download Data" in each language: quoted, newest first, the last price first,
  // the locale's numbers (grouped, decimal comma) and K/M/B volumes
  'de-investing.csv': {
    decimalComma: true,
    reordered: 'reversed',
    columns: [0, -1, 2, 3, 4, 1, 5],
    times: [2, 3, 4, 5].map((d) => Date.UTC(2024, 0, d)),
    firstBar: [16758.08, 16845.21, 16718.65, 16769.36, 51_890_000],
    lastBar: [16596.86, 16666.35, 16515.62, 16594.21, 62_690_000],
  },
  'fr-investing.csv': {
    decimalComma: true,
    reordered: 'reversed',
    timeFormat: 'text-DMY',
    times: [2, 3, 4, 5].map((d) => Date.UTC(2024, 0, d)),
    firstBar: [7546.34, 7579.93, 7489.68, 7493.44, 53_940_000],
    lastBar: [7434.1, 7466.05, 7401.06, 7420.69, 61_880_000],
  },
  // "10,074" reads both ways; the volumes' "10,36M" says the comma is the decimal mark
  'es-investing.csv': {
    decimalComma: true,
    reordered: 'reversed',
    times: [Date.UTC(2019, 6, 17), Date.UTC(2019, 6, 18), Date.UTC(2019, 6, 19), Date.UTC(2019, 6, 22)],
    firstBar: [10.12, 10.16, 10.02, 10.06, 8_150_000],
    lastBar: [10.06, 10.148, 9.987, 10.074, 10_360_000],
  },
  'it-investing.csv': {
    decimalComma: true,
    reordered: 'reversed',
    firstBar: [30420.02, 30613.42, 30355.57, 30492.07, 491_370],
    lastBar: [30346.09, 30412.75, 30143.81, 30235.34, 557_460_000],
  },
  // every price reads both ways ("114.982"); the volumes and changes hold decimal commas
  'pt-investing.csv': {
    decimalComma: true,
    reordered: 'reversed',
    times: [14, 15, 16, 17].map((d) => Date.UTC(2023, 7, d)),
    firstBar: [118065, 118065, 116385, 116810, 9_850_000],
    lastBar: [115592, 116610, 114859, 114982, 12_750_000],
  },
  'ru-investing.csv': {
    decimalComma: true,
    reordered: 'reversed',
    unsure: ['volume'],
    firstBar: [2063.2, 2078.8, 2057.1, 2073.1, 0],
    lastBar: [2043.3, 2064.4, 2024.6, 2035.2, 0],
  },
  'tr-investing.csv': {
    decimalComma: true,
    reordered: 'reversed',
    firstBar: [282.25, 286, 280.5, 285.5, 20_140_000],
    lastBar: [280.25, 283.5, 279, 282.75, 18_530_000],
  },
  'en-investing.csv': {
    reordered: 'reversed',
    timeFormat: 'text-MDY',
    times: [2, 3, 4, 5].map((d) => Date.UTC(2024, 0, d)),
    firstBar: [4745.2, 4754.33, 4722.67, 4742.83, 3_740_000_000],
    lastBar: [4690.57, 4721.49, 4682.11, 4697.24, 3_840_000_000],
  },
  'zh-investing.csv': {
    reordered: 'reversed',
    times: [19, 20, 21, 22].map((d) => Date.UTC(2025, 7, d)),
    firstBar: [4355.02, 4366, 4331.18, 4340.15, 266_900],
    lastBar: [4378, 4395.45, 4375.1, 4385.2, 275_320],
  },
  // ariva: Stücke (pieces, grouped by points) is the volume, Volumen the turnover; read by the fast path
  'de-ariva.csv': {
    delimiter: ';',
    decimalComma: true,
    unsure: ['volume'],
    columns: [0, -1, 1, 2, 3, 4, 5],
    firstBar: [139.48, 141.22, 138.94, 140.8, 1_234_567],
    lastBar: [139.7, 140.12, 138.4, 139.1, 802],
  },
  'nl-broker.csv': {
    delimiter: ';',
    decimalComma: true,
    timeFormat: 'text-DMY',
    times: [2, 3, 4, 5].map((d) => Date.UTC(2024, 0, d)),
    firstBar: [780.5, 785.9, 776.2, 784.3, 1_203_442],
    lastBar: [778, 781.6, 772.3, 775.4, 996_120],
  },
  // rows far outside the file's own time range are bad rows, not bars (outliers.ts)
  'far-outside.csv': { bars: 400, timeframe: '1h', first: T0, badRows: 3, badLines: [51, 151, 301], gaps: 0, reordered: 'sorted' },
  'klines-epoch-garbage.csv': { bars: 150, timeframe: '1m', first: T0, hasHeader: false, badRows: 1, badLines: [77], gaps: 0, reordered: 'sorted' },
  'yfinance-multi-ticker.csv': { error: 'CSV_UNREADABLE', errorMatch: /line 2: the file holds 2 tickers \(AMZN, GOOGL\)/ },
};

describe('fixture corpus', () => {
  let db: Db;
  let dispose: () => void;
  beforeAll(() => {
    ({ db, dispose } = tempDb());
  });
  afterAll(() => dispose());

  it.each(Object.entries(CASES))('%s', async (file, want) => {
    const fresh = tempDb(); // each case on its own database: identical content would be 'already-imported'
    try {
      await checkCase(fresh.db, file, want);
    } finally {
      fresh.dispose();
    }
  });

  async function checkCase(target: Db, file: string, want: Expected): Promise<void> {
    const before = target.prepare('SELECT count(*) AS n FROM dataset_chunks').get() as { n: number };
    const run = () =>
      importFile(target, { path: join(FIXTURES, file), options: importOptionsSchema.parse(want.options ?? {}), importId: file });
    if (want.error) {
      const error = await run().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(BarwiseError);
      expect((error as BarwiseError).code).toBe(want.error);
      if (want.errorMatch) expect((error as BarwiseError).message).toMatch(want.errorMatch);
      expect(target.prepare('SELECT count(*) AS n FROM dataset_chunks').get()).toEqual(before);
      return;
    }
    const outcome: ImportOutcome = await run();
    const r = outcome.report;
    expect(outcome.status).toBe('imported');
    const bars = loadBars(target, outcome.dataset.id);
    if (want.bars !== undefined) expect(bars.time.length).toBe(want.bars);
    expect(r.barsImported).toBe(bars.time.length);
    if (want.timeframe) expect(outcome.dataset.timeframe).toBe(want.timeframe);
    if (want.first !== undefined) expect(new Date(bars.time[0]).toISOString()).toBe(new Date(want.first).toISOString());
    if (want.firstBar) expect([bars.open[0], bars.high[0], bars.low[0], bars.close[0], bars.volume[0]]).toEqual(want.firstBar);
    const last = bars.time.length - 1;
    if (want.lastBar) expect([bars.open[last], bars.high[last], bars.low[last], bars.close[last], bars.volume[last]]).toEqual(want.lastBar);
    if (want.columns) {
      const c = r.format.columns;
      expect([c.time, c.timeOfDay, c.open, c.high, c.low, c.close, c.volume]).toEqual(want.columns);
    }
    expect(r.badRows.count).toBe(want.badRows ?? 0);
    if (want.badLines) expect(r.badRows.listed.map((b) => b.line)).toEqual(want.badLines);
    if (want.dropped !== undefined) expect(r.identicalDuplicatesDropped).toBe(want.dropped);
    if (want.conflicting !== undefined) expect(r.conflictingDuplicates.count).toBe(want.conflicting);
    expect(r.reordered).toBe(want.reordered ?? 'none');
    if (want.gaps !== undefined) expect(r.gaps.count).toBe(want.gaps);
    if (want.missingBars !== undefined) expect(r.gaps.missingBars).toBe(want.missingBars);
    if (want.delimiter) expect(r.format.delimiter).toBe(want.delimiter);
    if (want.hasHeader !== undefined) expect(r.format.hasHeader).toBe(want.hasHeader);
    if (want.timeFormat) expect(r.format.timeFormat).toBe(want.timeFormat);
    expect(r.format.decimalComma).toBe(want.decimalComma ?? false);
    if (want.symbol) expect(outcome.dataset.symbol).toBe(want.symbol);
    for (const field of want.unsure ?? []) expect(r.unsure.map((u) => u.field)).toContain(field);
    if (want.times) expect(Array.from(bars.time)).toEqual(want.times);
    if (want.exact) {
      const got = Array.from(bars.time, (t, i) => [t, bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i]]);
      expect(got).toStrictEqual(referenceBars(file, want.exact));
    }
    // strictly ascending, and every bar consistent
    for (let i = 0; i < bars.time.length; i++) {
      if (i > 0) expect(bars.time[i]).toBeGreaterThan(bars.time[i - 1]);
      expect(bars.high[i]).toBeGreaterThanOrEqual(Math.max(bars.open[i], bars.close[i]));
      expect(bars.low[i]).toBeLessThanOrEqual(Math.min(bars.open[i], bars.close[i]));
    }
  }

  it('ambiguous dates import once the order is given', async () => {
    const outcome = await importFile(db, {
      path: join(FIXTURES, 'ambiguous-dates.csv'),
      options: importOptionsSchema.parse({ dateOrder: 'MDY' }),
      importId: 'x',
    });
    expect(outcome.dataset.firstTime).toBe(Date.UTC(2024, 1, 3, 9));
  });

  it('a bad high aborts under auto but imports the valid rows under skip', async () => {
    const outcome = await importFile(db, {
      path: join(FIXTURES, 'bad-high.csv'),
      options: importOptionsSchema.parse({ onBadRows: 'skip' }),
      importId: 'y',
    });
    expect(outcome.dataset.barCount).toBe(4);
    expect(outcome.report.badRows.listed).toEqual([
      { line: 4, reason: 'high 90 is below max(open 102, close 102.5)', text: '2024-01-01T02:00:00Z,102,90,101,102.5,12' },
    ]);
    expect(outcome.report.badRows.byReason).toEqual({ 'high below max(open, close)': 1 });
  });

  it('says why a row far outside the file is bad, and aborts on it under abort', async () => {
    const skipped = await importFile(db, { path: join(FIXTURES, 'far-outside.csv'), options: importOptionsSchema.parse({}), importId: 'o' });
    expect(skipped.report.badRows.listed[1]).toEqual({
      line: 151,
      reason: 'time 1900-01-01T00:00:00Z is far outside the rest of the file (2024-01-01T00:00:00Z … 2024-01-17T15:00:00Z)',
      text: '',
    });
    expect(skipped.report.badRows.byReason).toEqual({ 'time far outside the file': 3 });
    expect(skipped.dataset).toMatchObject({ firstTime: T0, lastTime: T0 + 399 * H, gapCount: 0 });
    await expect(
      importFile(db, { path: join(FIXTURES, 'far-outside.csv'), options: importOptionsSchema.parse({ onBadRows: 'abort' }), importId: 'o2' }),
    ).rejects.toMatchObject({ code: 'CSV_BAD_ROW', message: expect.stringMatching(/line 51: time 0000-01-01T00:00:00Z is far outside the rest of the file/) });
  });

  it('a conflicting duplicate aborts under abort', async () => {
    await expect(
      importFile(db, { path: join(FIXTURES, 'conflicting-dup.csv'), options: importOptionsSchema.parse({ onBadRows: 'abort' }), importId: 'z' }),
    ).rejects.toMatchObject({ code: 'CSV_BAD_ROW', message: expect.stringMatching(/line 102: time 2024-01-05T04:00:00.000Z also on line\(s\) 103/) });
  });
});
