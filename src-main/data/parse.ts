import Papa from 'papaparse';
import type { BadRow } from '../../src-shared/api/datasets';
import type { Dialect } from './dialect';
import { EPOCH_SCALE, lastOffsetMs, parseTextTime, parseTimeOfDay, strictNumber } from './timestamps';
import type { ZoneConverter } from './zone';

export const LISTED_BAD_ROWS = 100;

/** Bad rows: all counted, the first 100 kept with line number, reason and text. */
export class BadRowLog {
  count = 0;
  readonly listed: BadRow[] = [];
  readonly byReason: Record<string, number> = {};
  add(line: number, kind: string, reason: string, text: string): void {
    this.count++;
    this.byReason[kind] = (this.byReason[kind] ?? 0) + 1;
    if (this.listed.length < LISTED_BAD_ROWS) this.listed.push({ line, reason, text: text.slice(0, 160) });
  }
}

/** The rows that parsed, in file order, with their line numbers (for later duplicate reports). */
export interface ParsedRows {
  readonly length: number;
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  readonly line: Uint32Array;
  /** −1: strictly descending so far, 1: non-decreasing, 0: mixed. */
  readonly order: -1 | 0 | 1;
  readonly rowsRead: number;
  readonly blankLines: number;
  readonly bad: BadRowLog;
}

/**
 * Splits decoded text into blocks of whole lines, so each block can go to papaparse on its own.
 * In quoted mode a newline inside quotes is not a line end.
 */
export class LineBlocks {
  private carry = '';
  constructor(
    private readonly newline: string,
    private readonly quoted: boolean,
  ) {}

  /** The whole lines available so far (without the final newline), or undefined. */
  push(text: string): string | undefined {
    const buf = this.carry + text;
    // Cut after the newline's last character; the block excludes the whole newline.
    const last = this.newline.charCodeAt(this.newline.length - 1);
    const cut = this.quoted ? this.lastUnquoted(buf, last) : buf.lastIndexOf(this.newline);
    if (cut < 0) {
      this.carry = buf;
      return undefined;
    }
    const end = this.quoted && this.newline.length === 2 && buf.charCodeAt(cut - 1) === 13 ? cut - 1 : cut;
    this.carry = buf.slice(this.quoted ? cut + 1 : cut + this.newline.length);
    return buf.slice(0, end);
  }

  /** What is left at the end of the file. */
  end(): string | undefined {
    const rest = this.carry;
    this.carry = '';
    return rest.length ? rest : undefined;
  }

  private lastUnquoted(buf: string, nl: number): number {
    let inQuotes = false;
    let last = -1;
    for (let i = 0; i < buf.length; i++) {
      const c = buf.charCodeAt(i);
      if (c === 34) inQuotes = !inQuotes;
      else if (c === nl && !inQuotes) last = i;
    }
    return last;
  }
}

const KIND_FIELDS = 'too few fields';
const KIND_TIME = 'unparseable time';
const KIND_NUMBER = 'unparseable number';
const KIND_NEGATIVE = 'negative value';
const KIND_HIGH = 'high below max(open, close)';
const KIND_LOW = 'low above min(open, close)';
const KIND_QUOTES = 'malformed quotes';

/**
 * Turns blocks of lines into columns: papaparse splits (fast mode when the file has no quotes),
 * then numbers go straight into growing Float64Arrays. Rows that fail a check are logged, never
 * kept: no value is ever repaired.
 */
export class RowParser {
  private cap: number;
  private n = 0;
  private time: Float64Array;
  private open: Float64Array;
  private high: Float64Array;
  private low: Float64Array;
  private close: Float64Array;
  private volume: Float64Array;
  private line: Uint32Array;
  private nextLine = 1;
  private rowsRead = 0;
  private blankLines = 0;
  private ascending = true;
  private descending = true;
  private lastTime = Number.NaN;
  readonly bad = new BadRowLog();

  constructor(
    private readonly dialect: Dialect,
    private readonly zone: ZoneConverter,
    capacityHint = 1024,
  ) {
    this.cap = Math.max(16, Math.ceil(capacityHint));
    this.time = new Float64Array(this.cap);
    this.open = new Float64Array(this.cap);
    this.high = new Float64Array(this.cap);
    this.low = new Float64Array(this.cap);
    this.close = new Float64Array(this.cap);
    this.volume = new Float64Array(this.cap);
    this.line = new Uint32Array(this.cap);
  }

  get rows(): number {
    return this.rowsRead;
  }

  private grow(): void {
    const cap = this.cap * 2;
    const g = <T extends Float64Array | Uint32Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap);
      b.set(a);
      return b;
    };
    const f = (n: number) => new Float64Array(n);
    this.time = g(this.time, f);
    this.open = g(this.open, f);
    this.high = g(this.high, f);
    this.low = g(this.low, f);
    this.close = g(this.close, f);
    this.volume = g(this.volume, f);
    this.line = g(this.line, (n) => new Uint32Array(n));
    this.cap = cap;
  }

  /** One block of whole lines (as LineBlocks cuts them). */
  pushBlock(text: string): void {
    const d = this.dialect;
    if (text === '') {
      // papaparse reads '' as no rows, but it is one (blank) line between two newlines.
      if (this.nextLine >= d.dataStartLine) this.blankLines++;
      this.nextLine++;
      return;
    }
    // A quote after a quote-free sample: this block goes through the quote-aware mode too.
    const quoted = d.quoted || text.includes('"');
    const result = Papa.parse<string[]>(text, {
      delimiter: d.delimiter,
      newline: d.newline,
      fastMode: !quoted,
      skipEmptyLines: false,
      header: false,
    });
    const rows = result.data;
    const quoteErrors = quoted && result.errors.length ? new Set(result.errors.map((e) => e.row)) : undefined;
    const { time: ci, timeOfDay: cd, open: co, high: ch, low: cl, close: cc, volume: cv } = d.columns;
    const minFields = d.minFields;
    const start = d.dataStartLine;
    const epoch = d.timeFormat.kind === 'epoch';
    const scale = d.timeFormat.kind === 'epoch' ? EPOCH_SCALE[d.timeFormat.unit] : 1;
    const order = d.timeFormat.kind === 'text' ? d.timeFormat.order : 'YMD';
    const comma = d.decimalComma;
    const num = comma ? (s: string) => strictNumber(s.replace(',', '.')) : strictNumber;
    const zone = this.zone;
    let line = this.nextLine;
    let n = this.n;
    let [T, O, H, L, C, V, N] = [this.time, this.open, this.high, this.low, this.close, this.volume, this.line];
    let lastTime = this.lastTime;
    let ascending = this.ascending;
    let descending = this.descending;
    for (let r = 0; r < rows.length; r++, line++) {
      const row = rows[r];
      const thisLine = line;
      if (quoted) for (const f of row) if (f.includes(d.newline)) line += f.split(d.newline).length - 1;
      if (thisLine < start) continue;
      if (row.length === 1 && (row[0] === '' || row[0] === '\r' || row[0].trim() === '')) {
        this.blankLines++;
        continue;
      }
      this.rowsRead++;
      if (quoteErrors?.has(r)) {
        this.reject(thisLine, KIND_QUOTES, 'malformed quotes', row);
        continue;
      }
      if (row.length < minFields) {
        this.reject(thisLine, KIND_FIELDS, `expected at least ${minFields} fields, found ${row.length}`, row);
        continue;
      }
      let t: number;
      if (epoch) {
        t = strictNumber(row[ci]);
        if (scale !== 1) t = scale === 1000 ? t * 1000 : Math.round(t * scale);
      } else {
        const local = cd >= 0 ? parseTextTime(row[ci], order) + parseTimeOfDay(row[cd]) : parseTextTime(row[ci], order);
        if (local !== local) t = local;
        else if (lastOffsetMs === lastOffsetMs) t = local - lastOffsetMs;
        else t = zone.toUtc(local, lastTime === lastTime ? lastTime : undefined);
      }
      if (!(t === t && Math.abs(t) < 8.64e15)) {
        const raw = cd >= 0 ? `${row[ci]} ${row[cd]}` : row[ci];
        this.reject(thisLine, KIND_TIME, `time "${raw.trim()}" is not a ${describeFormat(d)}`, row);
        continue;
      }
      const o = num(row[co]);
      const h = num(row[ch]);
      const l = num(row[cl]);
      const c = num(row[cc]);
      const v = cv >= 0 ? num(row[cv]) : 0;
      // One comparison catches NaN and ±Infinity in any field.
      if (!Number.isFinite(o + h + l + c + v)) {
        const names = ['open', 'high', 'low', 'close', 'volume'];
        const vals = [o, h, l, c, v];
        const cols = [co, ch, cl, cc, cv];
        const k = vals.findIndex((x) => !Number.isFinite(x));
        this.reject(thisLine, KIND_NUMBER, `${names[k]} "${row[cols[k]]}" is not a finite number`, row);
        continue;
      }
      if (o < 0 || h < 0 || l < 0 || c < 0 || v < 0) {
        const names = ['open', 'high', 'low', 'close', 'volume'];
        const vals = [o, h, l, c, v];
        const k = vals.findIndex((x) => x < 0);
        this.reject(thisLine, KIND_NEGATIVE, `${names[k]} ${vals[k]} is negative`, row);
        continue;
      }
      if (h < o || h < c) {
        this.reject(thisLine, KIND_HIGH, `high ${h} is below max(open ${o}, close ${c})`, row);
        continue;
      }
      if (l > o || l > c) {
        this.reject(thisLine, KIND_LOW, `low ${l} is above min(open ${o}, close ${c})`, row);
        continue;
      }
      if (n === this.cap) {
        this.grow();
        [T, O, H, L, C, V, N] = [this.time, this.open, this.high, this.low, this.close, this.volume, this.line];
      }
      T[n] = t;
      O[n] = o;
      H[n] = h;
      L[n] = l;
      C[n] = c;
      V[n] = v;
      N[n] = thisLine;
      if (n > 0) {
        if (t < lastTime) ascending = false;
        else descending = false;
      }
      lastTime = t;
      n++;
    }
    this.n = n;
    this.lastTime = lastTime;
    this.ascending = ascending;
    this.descending = descending;
    this.nextLine = line;
  }

  private reject(line: number, kind: string, reason: string, row: readonly string[]): void {
    this.bad.add(line, kind, reason, this.bad.listed.length < LISTED_BAD_ROWS ? row.join(this.dialect.delimiter) : '');
  }

  finish(): ParsedRows {
    const n = this.n;
    return {
      length: n,
      time: this.time.subarray(0, n),
      open: this.open.subarray(0, n),
      high: this.high.subarray(0, n),
      low: this.low.subarray(0, n),
      close: this.close.subarray(0, n),
      volume: this.volume.subarray(0, n),
      line: this.line.subarray(0, n),
      order: this.ascending ? 1 : this.descending && n > 1 ? -1 : 0,
      rowsRead: this.rowsRead,
      blankLines: this.blankLines,
      bad: this.bad,
    };
  }
}

export function describeFormat(d: Dialect): string {
  const f = d.timeFormat;
  if (f.kind === 'epoch') return `epoch timestamp in ${f.unit === 'us' ? 'µs' : f.unit}`;
  const date = f.order === 'YMD' ? 'YYYY-MM-DD' : f.order === 'DMY' ? 'DD/MM/YYYY' : 'MM/DD/YYYY';
  return d.columns.timeOfDay >= 0 ? `${date} date with an HH:MM[:SS] time` : `${date}[ HH:MM[:SS]] date-time`;
}
