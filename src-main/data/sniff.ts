import Papa from 'papaparse';
import { BarwiseError } from '../../src-shared/errors';
import type { ColumnMap, DetectOptions, Detection, Dialect, Newline, Unsure } from './dialect';
import {
  epochUnitOf,
  parseTextTime,
  parseTimeOfDay,
  strictNumber,
  type DateOrder,
  type TimeFormat,
} from './timestamps';
import {
  ADJ_CLOSE_NAMES,
  CLOSE_NAMES,
  DATE_NAMES,
  findColumn,
  HIGH_NAMES,
  LOW_NAMES,
  normalizeHeader,
  OPEN_NAMES,
  SYMBOL_NAMES,
  TICK_VOLUME_NAMES,
  TIME_NAMES,
  TIME_OF_DAY_NAMES,
  VOLUME_NAMES,
} from './header-names';
import { clip, clipRow } from './clip';
import { decimalEvidence } from './numbers';

/** How much of a file detection looks at. */
export const SNIFF_BYTES = 64 * 1024;
const DELIMITERS = [',', ';', '\t', '|'] as const;
const MAX_PREAMBLE_LINES = 10;

interface Line {
  readonly number: number;
  readonly fields: readonly string[];
}

/** The sample's complete lines as fields (quote-aware), blank lines dropped, with 1-based numbers. */
function sampleLines(sample: string, delimiter: string, newline: Newline, complete: boolean): Line[] {
  let text = sample;
  if (!complete) {
    const cut = text.lastIndexOf(newline);
    text = cut >= 0 ? text.slice(0, cut) : text;
  }
  const parsed = Papa.parse<string[]>(text, { delimiter, newline, skipEmptyLines: false, header: false });
  const lines: Line[] = [];
  let number = 1;
  for (const row of parsed.data) {
    if (!(row.length === 1 && row[0].trim() === '')) lines.push({ number, fields: row });
    number += 1 + row.reduce((n, f) => n + countNewlines(f, newline), 0);
  }
  return lines;
}

function countNewlines(field: string, newline: string): number {
  let n = 0;
  for (let i = field.indexOf(newline); i >= 0; i = field.indexOf(newline, i + 1)) n++;
  return n;
}

function modalCount(lines: readonly Line[]): { count: number; coverage: number } {
  const counts = new Map<number, number>();
  for (const l of lines) counts.set(l.fields.length, (counts.get(l.fields.length) ?? 0) + 1);
  let best = 0;
  let bestN = 0;
  for (const [count, n] of counts) if (n > bestN || (n === bestN && count > best)) [best, bestN] = [count, n];
  return { count: best, coverage: lines.length ? bestN / lines.length : 0 };
}

function detectDelimiter(sample: string, newline: Newline, complete: boolean): { delimiter: string; unsure?: Unsure } {
  const scored = DELIMITERS.map((delimiter) => {
    const lines = sampleLines(sample, delimiter, newline, complete).slice(0, 60);
    return { delimiter, ...modalCount(lines) };
  }).filter((s) => s.count >= 2 && s.coverage >= 0.6);
  scored.sort((a, b) => b.count * b.coverage - a.count * a.coverage);
  const best = scored[0];
  if (!best) {
    throw new BarwiseError('CSV_UNREADABLE', 'no delimiter found: rows must hold at least 5 fields separated by "," ";" tab or "|"');
  }
  const runnerUp = scored[1];
  const unsure =
    runnerUp && runnerUp.count * runnerUp.coverage >= best.count * best.coverage * 0.9
      ? { field: 'delimiter' as const, message: `delimiter "${show(best.delimiter)}" chosen over "${show(runnerUp.delimiter)}"`, choices: scored.map((s) => s.delimiter) }
      : undefined;
  return { delimiter: best.delimiter, unsure };
}

const show = (d: string) => (d === '\t' ? 'tab' : d);

interface HeaderMatch {
  readonly time: number;
  readonly date: number;
  readonly timeOnly: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly adjClose: number;
  readonly volume: number;
  readonly symbol: number;
  /** Columns without a name (pandas' index), in order: the time when no column is named for it. */
  readonly unnamed: readonly number[];
  readonly unsure: Unsure[];
}

/**
 * pandas' to_csv() writes an unnamed index first with an empty name; a file read back without
 * index_col and written again holds it as "Unnamed: 0", after a new empty-named row counter.
 */
const isUnnamed = (name: string) => name === '' || /^unnamed:? ?\d+$/.test(name);

function matchHeader(raw: readonly string[]): HeaderMatch | undefined {
  const names = raw.map(normalizeHeader);
  const unsure: Unsure[] = [];
  const open = findColumn(names, OPEN_NAMES);
  const high = findColumn(names, HIGH_NAMES);
  const low = findColumn(names, LOW_NAMES);
  let close = findColumn(names, CLOSE_NAMES);
  const adjClose = findColumn(names, ADJ_CLOSE_NAMES);
  if (close < 0 && adjClose >= 0) {
    close = adjClose;
    unsure.push({ field: 'columns', message: `no Close column: using "${clip(raw[adjClose])}" as close` });
  } else if (adjClose >= 0) {
    unsure.push({ field: 'columns', message: `"${clip(raw[adjClose])}" ignored: close is taken from "${clip(raw[close])}" (adjusted prices do not match high/low)` });
  }
  const time = findColumn(names, TIME_NAMES);
  const date = findColumn(names, DATE_NAMES);
  const timeOnly = findColumn(names, TIME_OF_DAY_NAMES);
  const unnamed = names.flatMap((n, i) => (isUnnamed(n) ? [i] : []));
  if (open < 0 || high < 0 || low < 0 || close < 0) return undefined;
  let volume = findColumn(names, VOLUME_NAMES);
  if (volume < 0) volume = names.findIndex((n) => n.startsWith('volume '));
  if (volume < 0) volume = findColumn(names, TICK_VOLUME_NAMES);
  const isVolume = (n: string) => n.startsWith('vol') || VOLUME_NAMES.includes(n) || TICK_VOLUME_NAMES.includes(n);
  const otherVolumes = raw.filter((_, i) => i !== volume && isVolume(names[i]));
  if (volume >= 0 && otherVolumes.length) {
    unsure.push({ field: 'volume', message: `volume taken from "${clip(raw[volume])}" (also found ${otherVolumes.map((n) => `"${clip(n)}"`).join(', ')})` });
  }
  return { time, date, timeOnly, open, high, low, close, adjClose, volume, symbol: findColumn(names, SYMBOL_NAMES), unnamed, unsure };
}

const namesATime = (h: HeaderMatch) => h.time >= 0 || h.date >= 0 || h.timeOnly >= 0 || h.unnamed.length > 0;

interface ColumnLevels {
  /** Lines after the header row up to and including the index's name row. */
  readonly rows: number;
  readonly indexName: string;
  /** The distinct values of a "Ticker" level row. */
  readonly tickers: readonly string[];
}

/**
 * pandas writes a frame whose columns have several levels (yfinance ≥ 0.2.51: "Price", "Ticker")
 * as one row per level, the level's name first, then a row holding the index's name alone:
 * `Price,Close,High,…` / `Ticker,MSFT,MSFT,…` / `Date,,,…`. The index (the time) is column 0.
 */
function columnLevels(lines: readonly Line[], headerIndex: number, header: HeaderMatch): ColumnLevels | undefined {
  const width = lines[headerIndex].fields.length;
  if ([header.open, header.high, header.low, header.close, header.volume].includes(0)) return undefined;
  for (let k = headerIndex + 2; k < Math.min(lines.length, headerIndex + 5); k++) {
    const f = lines[k].fields;
    if (f.length !== width || !f.slice(1).every((x) => x.trim() === '')) continue;
    const levels = lines.slice(headerIndex + 1, k);
    if (levels.some((l) => l.fields.length !== width || l.fields[0].trim() === '' || looksNumeric(l.fields[0]))) return undefined;
    const tickerRow = levels.find((l) => normalizeHeader(l.fields[0]) === 'ticker');
    const tickers = [...new Set(tickerRow?.fields.slice(1).map((x) => x.trim()).filter(Boolean) ?? [])];
    return { rows: k - headerIndex, indexName: f[0], tickers };
  }
  return undefined;
}

/** 0, 1, 2, … (or from 1): pandas' default RangeIndex, a row number rather than epoch seconds. */
function isRowCounter(values: readonly string[]): boolean {
  const first = strictNumber(values[0] ?? '');
  return (first === 0 || first === 1) && values.every((v, i) => strictNumber(v) === first + i);
}

/**
 * The time column of a header that names none: the first unnamed column (pandas' index) holding
 * values that are neither blank (a trailing delimiter) nor a row counter (a default RangeIndex).
 */
function unnamedTimeColumn(unnamed: readonly number[], data: readonly Line[], header: Line, delimiter: string): number {
  const values = (k: number) => data.map((l) => l.fields[k] ?? '');
  const found = unnamed.find((k) => !values(k).every((v) => v.trim() === '') && !isRowCounter(values(k)));
  if (found !== undefined) return found;
  const counter = data.length > 1 ? unnamed.find((k) => isRowCounter(values(k))) : undefined;
  const text = clipRow(header.fields, show(delimiter));
  throw new BarwiseError(
    'CSV_UNREADABLE',
    counter !== undefined
      ? `line ${header.number}: header "${text}" names no time or date column, and its unnamed column ${counter + 1} holds row numbers (${clip(data[0].fields[counter])}, ${clip(data[1].fields[counter])}, …), not times`
      : `line ${header.number}: header not understood: "${text}" (need a time or date column and open, high, low, close)`,
  );
}

/** A line that does not end within the sample: detection cannot read it, so it says so. */
function lineTooLong(line: number, start: string): BarwiseError {
  const shown = clip(start.slice(0, 60).replace(/\s+$/, ''));
  return new BarwiseError(
    'CSV_UNREADABLE',
    `line ${line} is longer than ${SNIFF_BYTES / 1024} KB, all that detection reads to find the header and the first data row: "${shown}…"`,
  );
}

/**
 * Decimal comma or point: by the cells that read only one way (numbers.ts decimalEvidence: "1,5",
 * "2.450,00" for a comma; "1.5", "1,234.5" for a point), first among the prices and the volume,
 * then among the other columns (investing.com's "-0,53%" change); without any, by the rule for
 * cells that read both ways ("1,234"): a comma when the delimiter is not one and some price holds a
 * comma but none a point.
 */
function detectDecimalComma(rows: readonly Line[], columns: ColumnMap, delimiter: string): boolean {
  const values = [columns.open, columns.high, columns.low, columns.close, columns.volume].filter((k) => k >= 0);
  const tally = (cells: readonly string[]) => {
    let comma = 0;
    let point = 0;
    for (const c of cells) {
      const e = decimalEvidence(c);
      if (e === 'comma') comma++;
      else if (e === 'point') point++;
    }
    return comma - point;
  };
  const byValues = tally(rows.flatMap((l) => values.map((k) => l.fields[k] ?? '')));
  if (byValues !== 0) return byValues > 0;
  const skip = new Set([columns.time, columns.timeOfDay, ...values]);
  const byOthers = tally(rows.flatMap((l) => l.fields.filter((_, k) => !skip.has(k))));
  if (byOthers !== 0) return byOthers > 0;
  const prices = rows.flatMap((l) => [l.fields[columns.open], l.fields[columns.high], l.fields[columns.low], l.fields[columns.close]]).filter(Boolean);
  return delimiter !== ',' && prices.some((c) => c.includes(',')) && prices.every((c) => !c.includes('.'));
}

const looksNumeric = (s: string) => /^\s*[-+]?\d+(\.\d+)?([eE][-+]?\d+)?\s*$/.test(s);

/** Picks the timestamp format from sample values (dates only, when the time of day is separate). */
function detectTimeFormat(
  values: readonly string[],
  headerName: string | undefined,
  options: DetectOptions,
  unsure: Unsure[],
): TimeFormat {
  const sample = values.filter((v) => v.trim() !== '').slice(0, 2000);
  if (sample.length === 0) throw new BarwiseError('CSV_UNREADABLE', 'no data rows found');
  const enough = (ok: number) => ok >= Math.max(1, Math.ceil(sample.length * 0.9));
  if (sample.every(looksNumeric)) {
    const isCompactDate = (v: string) => /^\s*\d{8}\s*$/.test(v) && !Number.isNaN(parseTextTime(v, 'YMD'));
    if ((headerName === undefined || DATE_NAMES.includes(headerName)) && sample.every(isCompactDate) && strictNumber(sample[0]) > 19_000_000) {
      return { kind: 'text', order: 'YMD' };
    }
    const units = new Set(sample.map((v) => epochUnitOf(strictNumber(v))));
    const unit = epochUnitOf(strictNumber(sample[0]));
    if (units.size > 1) {
      unsure.push({ field: 'timeFormat', message: `epoch values of mixed magnitude: read as ${unit} from the first row` });
    }
    return { kind: 'epoch', unit };
  }
  const parses = (order: DateOrder) => sample.filter((v) => !Number.isNaN(parseTextTime(v, order))).length;
  if (enough(parses('YMD'))) return { kind: 'text', order: 'YMD' };
  const dmy = parses('DMY');
  const mdy = parses('MDY');
  if (options.dateOrder) return { kind: 'text', order: options.dateOrder };
  if (enough(dmy) && !enough(mdy)) return { kind: 'text', order: 'DMY' };
  if (enough(mdy) && !enough(dmy)) return { kind: 'text', order: 'MDY' };
  if (!enough(dmy) && !enough(mdy)) {
    throw new BarwiseError('CSV_UNREADABLE', `timestamps not understood, e.g. "${clip(sample[0])}" (expected ISO-8601, YYYY-MM-DD HH:MM[:SS], YYYY.MM.DD, DD/MM/YYYY, MM/DD/YYYY or epoch s/ms/µs)`);
  }
  // Both orders read every value: decide by which gives evenly spaced, ordered times.
  const irregularity = (order: DateOrder) => {
    const times = sample.map((v) => parseTextTime(v, order));
    const diffs = new Set<number>();
    let backwards = 0;
    let forwards = 0;
    for (let i = 1; i < times.length; i++) {
      const d = times[i] - times[i - 1];
      diffs.add(Math.abs(d));
      if (d < 0) backwards++;
      else if (d > 0) forwards++;
    }
    return diffs.size + Math.min(backwards, forwards) * 10;
  };
  const a = irregularity('DMY');
  const b = irregularity('MDY');
  if (a < b) return { kind: 'text', order: 'DMY' };
  if (b < a) return { kind: 'text', order: 'MDY' };
  if (/^\s*\d{1,2}\.\d{1,2}\.\d{2,4}/.test(sample[0])) {
    // DD.MM.YYYY is the convention wherever dots separate a day-first date; still, say so.
    unsure.push({ field: 'dateOrder', message: `dates such as "${clip(sample[0].trim())}" read as DD.MM.YYYY (dotted dates are day-first by convention)`, choices: ['DMY', 'MDY'] });
    return { kind: 'text', order: 'DMY' };
  }
  unsure.push({
    field: 'dateOrder',
    message: `dates such as "${clip(sample[0].trim())}" read the same as DD/MM/YYYY and MM/DD/YYYY: choose the order`,
    choices: ['DMY', 'MDY'],
    blocking: true,
  });
  return { kind: 'text', order: 'DMY' };
}

/**
 * Detects a file's dialect from its first bytes (BOM already stripped). `complete` says the sample
 * is the whole file, so its last line is whole. Throws CSV_UNREADABLE when nothing fits.
 */
export function detect(sampleText: string, complete: boolean, options: DetectOptions = {}): Detection {
  try {
    return detectDialect(sampleText, complete, options);
  } catch (error) {
    // Every detection error names a line: the first non-blank one, unless it already says which.
    if (error instanceof BarwiseError && !/\bline \d+/.test(error.message)) {
      const lines = sampleText.split(/\r\n|\n|\r/);
      const first = Math.max(0, lines.findIndex((l) => l.replace(/^\uFEFF/, '').trim() !== '')) + 1;
      throw new BarwiseError(error.code, `line ${first}: ${error.message}`);
    }
    throw error;
  }
}

function detectDialect(sampleText: string, complete: boolean, options: DetectOptions): Detection {
  const sample = sampleText.charCodeAt(0) === 0xfeff ? sampleText.slice(1) : sampleText;
  if (sample.trim() === '') throw new BarwiseError('CSV_UNREADABLE', 'the file is empty');
  if (sample.includes('\0')) throw new BarwiseError('CSV_UNREADABLE', 'this is a binary file, not CSV text');
  const newline: Newline = sample.includes('\r\n') ? '\r\n' : sample.includes('\n') || !sample.includes('\r') ? '\n' : '\r';
  if (!complete && !/[\r\n]/.test(sample)) throw lineTooLong(1, sample);
  const unsure: Unsure[] = [];
  let delimiter: string;
  if (options.delimiter) {
    delimiter = options.delimiter;
  } else {
    const found = detectDelimiter(sample, newline, complete);
    delimiter = found.delimiter;
    if (found.unsure) unsure.push(found.unsure);
  }
  const lines = sampleLines(sample, delimiter, newline, complete);
  if (lines.length === 0) throw new BarwiseError('CSV_UNREADABLE', 'no complete line in the first 64 KB');

  let header: HeaderMatch | undefined;
  let headerIndex = -1;
  let levels: ColumnLevels | undefined;
  for (let i = 0; i < Math.min(lines.length, MAX_PREAMBLE_LINES) && !header; i++) {
    const match = matchHeader(lines[i].fields);
    if (!match) continue;
    levels = namesATime(match) ? undefined : columnLevels(lines, i, match);
    if (namesATime(match) || levels) {
      header = match;
      headerIndex = i;
    }
  }
  let columns: ColumnMap;
  let dataFrom: number;
  let timeHeaderName: string | undefined;
  let symbolIndex = -1;
  let levelSymbol: string | undefined;
  if (header) {
    unsure.push(...header.unsure);
    dataFrom = headerIndex + 1 + (levels?.rows ?? 0);
    if (headerIndex > 0) {
      unsure.push({ field: 'preamble', message: `${lines[headerIndex].number - 1} line(s) before the header skipped` });
    }
    const data = lines.slice(dataFrom, dataFrom + 200);
    const names = lines[headerIndex].fields.map(normalizeHeader);
    let time = levels ? 0 : header.time;
    let timeOfDay = -1;
    if (levels && levels.tickers.length > 1) {
      throw new BarwiseError(
        'CSV_UNREADABLE',
        `line ${lines[headerIndex].number + 1}: the file holds ${levels.tickers.length} tickers (${levels.tickers.join(', ')}); a dataset is one market: save each ticker on its own`,
      );
    }
    if (time < 0) {
      const split =
        header.date >= 0 &&
        header.timeOnly >= 0 &&
        data.length > 0 &&
        data.every((l) => !Number.isNaN(parseTimeOfDay(l.fields[header!.timeOnly] ?? '')));
      if (split) {
        time = header.date;
        timeOfDay = header.timeOnly;
      } else if (header.timeOnly >= 0 || header.date >= 0) {
        time = header.timeOnly >= 0 ? header.timeOnly : header.date;
      } else {
        time = unnamedTimeColumn(header.unnamed, data, lines[headerIndex], delimiter);
      }
    }
    timeHeaderName = levels ? normalizeHeader(levels.indexName) : names[time];
    symbolIndex = header.symbol;
    levelSymbol = levels?.tickers[0];
    columns = { time, timeOfDay, open: header.open, high: header.high, low: header.low, close: header.close, volume: header.volume };
  } else {
    const first = lines[0].fields;
    if (first.some((f) => /[a-z]{2,}/i.test(f) && Number.isNaN(parseTextTime(f, 'YMD')) && !looksNumeric(f))) {
      const looksLikeHeader = first.filter((f) => !looksNumeric(f)).length >= 3;
      if (looksLikeHeader) {
        throw new BarwiseError(
          'CSV_UNREADABLE',
          `line ${lines[0].number}: header not understood: "${clipRow(first, show(delimiter))}" (need a time or date column and open, high, low, close)`,
        );
      }
    }
    dataFrom = 0;
    const withTimeOfDay = first.length >= 6 && !Number.isNaN(parseTimeOfDay(first[1])) && !looksNumeric(first[1]);
    const o = withTimeOfDay ? 2 : 1;
    const fieldCount = modalCount(lines).count;
    columns = {
      time: 0,
      timeOfDay: withTimeOfDay ? 1 : -1,
      open: o,
      high: o + 1,
      low: o + 2,
      close: o + 3,
      volume: fieldCount > o + 4 ? o + 4 : -1,
    };
    if (fieldCount < o + 4) throw new BarwiseError('CSV_UNREADABLE', `rows hold ${fieldCount} fields; at least ${o + 4} are needed (time, open, high, low, close)`);
    unsure.push({
      field: 'header',
      message: `no header row: columns read by position as ${withTimeOfDay ? 'date, time' : 'time'}, open, high, low, close${columns.volume >= 0 ? ', volume' : ''}`,
    });
  }
  const data = lines.slice(dataFrom);
  if (data.length === 0) {
    if (complete) throw new BarwiseError('CSV_UNREADABLE', 'a header but no data rows');
    // The sample ends inside the first data row: detection never saw one whole.
    const cut = sample.lastIndexOf(newline);
    throw lineTooLong(sample.slice(0, cut).split(newline).length + 1, sample.slice(cut + newline.length));
  }

  // MetaTrader's real <VOL> is all zeros for most symbols: its <TICKVOL> is the volume there is.
  if (header && columns.volume >= 0 && data.every((l) => strictNumber(l.fields[columns.volume] ?? '') === 0)) {
    const names = lines[headerIndex].fields.map(normalizeHeader);
    const tick = findColumn(names, TICK_VOLUME_NAMES);
    if (tick >= 0 && tick !== columns.volume) {
      unsure.push({ field: 'volume', message: `"${clip(lines[headerIndex].fields[columns.volume])}" is all zeros: volume taken from "${clip(lines[headerIndex].fields[tick])}"` });
      columns = { ...columns, volume: tick };
    }
  }
  // Volume present in the header but empty (or "-", as investing.com writes it) in every sampled
  // row: treat as absent, and say so.
  if (columns.volume >= 0 && data.every((l) => /^\s*-?\s*$/.test(l.fields[columns.volume] ?? ''))) {
    unsure.push({ field: 'volume', message: 'the volume column is empty: volume set to 0' });
    columns = { ...columns, volume: -1 };
  } else if (columns.volume < 0) {
    unsure.push({ field: 'volume', message: 'no volume column: volume set to 0' });
  }

  const timeFormat = detectTimeFormat(
    data.map((l) => l.fields[columns.time] ?? ''),
    columns.timeOfDay >= 0 ? 'date' : timeHeaderName,
    options,
    unsure,
  );
  if (timeFormat.kind === 'epoch' && columns.timeOfDay >= 0) {
    throw new BarwiseError('CSV_UNREADABLE', 'a separate time-of-day column needs a calendar date column, not epoch numbers');
  }
  const decimalComma = detectDecimalComma(data.slice(0, 200), columns, delimiter);
  const used = [columns.time, columns.timeOfDay, columns.open, columns.high, columns.low, columns.close, columns.volume];
  const dialect: Dialect = {
    delimiter,
    newline,
    quoted: sample.includes('"'),
    decimalComma,
    headerLine: header ? lines[headerIndex].number : null,
    dataStartLine: data[0].number,
    headerNames: header ? lines[headerIndex].fields.map((f) => clip(f)) : null,
    columns,
    timeFormat,
    minFields: Math.max(...used) + 1,
  };
  // A symbol is a short name: a long "symbol" cell is data, not a market's name.
  const cell = symbolIndex >= 0 ? data[0].fields[symbolIndex]?.trim() : levelSymbol;
  const symbol = cell && cell.length <= 64 ? clip(cell) : undefined;
  return { dialect, unsure, symbol };
}
