import Papa from 'papaparse';
import type { BadRow } from '../../src-shared/api/datasets';
import type { Dialect } from './dialect';
import { clip, clipRow } from './clip';
import { asciiAt, isoFieldAt, isoOffsetMs, numberAt, scanEnd, utf8 } from './fastpath';
import { readPrice, readVolume } from './numbers';
import { EPOCH_SCALE, lastOffsetMs, parseTextTime, parseTimeOfDay, strictNumber } from './timestamps';
import type { ZoneConverter } from './zone';

export const LISTED_BAD_ROWS = 100;

/** The longest reason kept (its quoted values are clipped to 200 characters already). */
const REASON_CHARS = 400;

/**
 * Bad rows: all counted, the first 100 kept with line number, reason and text, each clipped
 * (clip.ts): a report's size does not grow with the file's lines, however long they are.
 */
export class BadRowLog {
  count = 0;
  readonly listed: BadRow[] = [];
  readonly byReason: Record<string, number> = {};
  add(line: number, kind: string, reason: string, text: string): void {
    this.count++;
    this.byReason[kind] = (this.byReason[kind] ?? 0) + 1;
    if (this.listed.length < LISTED_BAD_ROWS) this.listed.push({ line, reason: clip(reason, REASON_CHARS), text: clip(text) });
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

/** What pushBytes reads in a field: nothing, a number, an ISO time, an epoch number, text for the time parsers. */
const ROLE_NUMBER = 1;
const ROLE_ISO = 2;
const ROLE_EPOCH = 3;
const ROLE_TEXT = 4;

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
  /** The fast path's per-field scratch (pushBytes). */
  private fields?: { roles: Uint8Array; start: Int32Array; end: Int32Array; value: Float64Array };
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
    let rows: string[][];
    let quoteErrors: Set<number | undefined> | undefined;
    if (quoted) {
      const result = Papa.parse<string[]>(text, { delimiter: d.delimiter, newline: d.newline, skipEmptyLines: false, header: false });
      rows = result.data;
      quoteErrors = result.errors.length ? new Set(result.errors.map((e) => e.row)) : undefined;
    } else {
      rows = splitUnquoted(text, d.newline, d.delimiter, d.minFields);
    }
    const { time: ci, timeOfDay: cd, open: co, high: ch, low: cl, close: cc, volume: cv } = d.columns;
    const minFields = d.minFields;
    const start = d.dataStartLine;
    const epoch = d.timeFormat.kind === 'epoch';
    const scale = d.timeFormat.kind === 'epoch' ? EPOCH_SCALE[d.timeFormat.unit] : 1;
    const order = d.timeFormat.kind === 'text' ? d.timeFormat.order : 'YMD';
    const comma = d.decimalComma;
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
        this.reject(thisLine, KIND_TIME, `time "${clip(raw.trim())}" is not a ${describeFormat(d)}`, row);
        continue;
      }
      const o = readPrice(row[co], comma);
      const h = readPrice(row[ch], comma);
      const l = readPrice(row[cl], comma);
      const c = readPrice(row[cc], comma);
      const v = cv >= 0 ? readVolume(row[cv], comma) : 0;
      // One comparison catches NaN and ±Infinity in any field.
      if (!Number.isFinite(o + h + l + c + v)) {
        const names = ['open', 'high', 'low', 'close', 'volume'];
        const vals = [o, h, l, c, v];
        const cols = [co, ch, cl, cc, cv];
        const k = vals.findIndex((x) => !Number.isFinite(x));
        this.reject(thisLine, KIND_NUMBER, `${names[k]} "${clip(row[cols[k]])}" is not a finite number`, row);
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

  /**
   * The byte-level fast path (fastpath.ts): lines [from, to) of a block of UTF-8 bytes that holds
   * no quote, separated by the dialect's newline (the block's final newline excluded, as in
   * pushBlock). A line whose every needed value reads and passes the checks goes straight into the
   * columns; any other line joins a run of such lines that is handed to pushBlock as text, in file
   * order, so its report (line, reason, text) is the papaparse path's own.
   */
  pushBytes(buf: Buffer, from: number, to: number): void {
    const d = this.dialect;
    const delim = d.delimiter.charCodeAt(0);
    const crlf = d.newline === '\r\n';
    const nl = d.newline === '\r' ? 13 : 10;
    const nlLen = d.newline.length;
    const minFields = d.minFields;
    const { time: ci, timeOfDay: cd, open: co, high: ch, low: cl, close: cc, volume: cv } = d.columns;
    const start = d.dataStartLine;
    const epoch = d.timeFormat.kind === 'epoch';
    const scale = d.timeFormat.kind === 'epoch' ? EPOCH_SCALE[d.timeFormat.unit] : 1;
    const order = d.timeFormat.kind === 'text' ? d.timeFormat.order : 'YMD';
    const iso = !epoch && order === 'YMD' && cd < 0;
    const comma = d.decimalComma;
    const dec = comma ? 44 : 46;
    const zone = this.zone;
    if (!this.fields) {
      // What the byte scanners read in each of the first minFields fields.
      const roles = new Uint8Array(minFields);
      for (const k of [co, ch, cl, cc, cv]) if (k >= 0) roles[k] = ROLE_NUMBER;
      roles[ci] = epoch ? ROLE_EPOCH : iso ? ROLE_ISO : ROLE_TEXT;
      if (cd >= 0) roles[cd] = ROLE_TEXT;
      this.fields = { roles, start: new Int32Array(minFields), end: new Int32Array(minFields), value: new Float64Array(minFields) };
    }
    const { roles, start: fs, end: fe, value: fv } = this.fields;
    let line = this.nextLine;
    let n = this.n;
    let [T, O, H, L, C, V, N] = [this.time, this.open, this.high, this.low, this.close, this.volume, this.line];
    let lastTime = this.lastTime;
    let ascending = this.ascending;
    let descending = this.descending;
    let rowsRead = this.rowsRead;
    let runStart = -1;
    let runLine = 0;
    let p = from;
    for (;;) {
      const lineStart = p;
      // The line's end: memchr (Buffer.indexOf) is far quicker than a byte loop.
      let e = buf.indexOf(nl, p);
      if (crlf) while (e >= 0 && e <= to && !(e > p && buf[e - 1] === 13)) e = buf.indexOf(10, e + 1);
      const lineEnd = e < 0 || e > to ? to : crlf ? e - 1 : e;
      // The first minFields fields, each read by its scanner as the bytes are met; a scanner that
      // stops short of the field's end leaves NaN, and the field's text is read below instead.
      let f = 0;
      if (line >= start) {
        let q = p;
        for (; f < minFields; ) {
          const role = roles[f];
          let v = Number.NaN;
          let r = q;
          if (role === ROLE_NUMBER) {
            v = numberAt(buf, q, lineEnd, dec);
            r = scanEnd;
          } else if (role === ROLE_ISO) {
            v = isoFieldAt(buf, q, lineEnd, delim);
            r = scanEnd;
          } else if (role === ROLE_EPOCH) {
            v = numberAt(buf, q, lineEnd, 46);
            r = scanEnd;
          }
          if (r !== lineEnd && buf[r] !== delim) {
            v = Number.NaN;
            while (r < lineEnd && buf[r] !== delim) r++;
          }
          fs[f] = q;
          fe[f] = r;
          fv[f] = v;
          f++;
          if (r === lineEnd) break;
          q = r + 1;
        }
      }
      let ok = f === minFields;
      if (ok && runStart >= 0) {
        // Lines held back go through papaparse first: in file order, as the time zone's
        // overlap rule and the order checks need (the previous row's time).
        this.n = n;
        this.lastTime = lastTime;
        this.ascending = ascending;
        this.descending = descending;
        this.rowsRead = rowsRead;
        this.nextLine = runLine;
        this.pushBlock(utf8.decode(buf.subarray(runStart, lineStart - nlLen)));
        runStart = -1;
        line = this.nextLine;
        n = this.n;
        [T, O, H, L, C, V, N] = [this.time, this.open, this.high, this.low, this.close, this.volume, this.line];
        lastTime = this.lastTime;
        ascending = this.ascending;
        descending = this.descending;
        rowsRead = this.rowsRead;
      }
      let t = 0;
      let o = 0;
      let h = 0;
      let l = 0;
      let c = 0;
      let v = 0;
      if (ok) {
        // The time: read from the bytes for ISO and epoch layouts, else by the papaparse path's
        // own function on the field's text.
        let local = fv[ci];
        let offset = Number.NaN;
        if (iso && local === local) offset = isoOffsetMs;
        else if (epoch) {
          if (local !== local) {
            const s = asciiAt(buf, fs[ci], fe[ci]);
            if (s === null) ok = false;
            else local = strictNumber(s);
          }
        } else {
          const s = asciiAt(buf, fs[ci], fe[ci]);
          const sd = cd >= 0 ? asciiAt(buf, fs[cd], fe[cd]) : '';
          if (s === null || sd === null) ok = false;
          else {
            local = cd >= 0 ? parseTextTime(s, order) + parseTimeOfDay(sd) : parseTextTime(s, order);
            offset = lastOffsetMs;
          }
        }
        if (epoch) {
          t = local;
          if (scale !== 1) t = scale === 1000 ? t * 1000 : Math.round(t * scale);
        } else if (local !== local) t = local;
        else if (offset === offset) t = local - offset;
        else t = zone.toUtc(local, lastTime === lastTime ? lastTime : undefined);
        ok = ok && t === t && Math.abs(t) < 8.64e15;
      }
      if (ok) {
        o = fv[co];
        h = fv[ch];
        l = fv[cl];
        c = fv[cc];
        v = cv >= 0 ? fv[cv] : 0;
        if (!(o === o && h === h && l === l && c === c && v === v)) {
          // A form the byte reader does not take on (e.g. "1e3", " 5", "1.234,5", "45K"): the text's reading.
          if (o !== o) o = this.textNumber(buf, co);
          if (h !== h) h = this.textNumber(buf, ch);
          if (l !== l) l = this.textNumber(buf, cl);
          if (c !== c) c = this.textNumber(buf, cc);
          if (v !== v) v = this.textNumber(buf, cv);
        }
        // Any check that fails: papaparse's path reads the line again and reports it.
        ok = Number.isFinite(o + h + l + c + v) && o >= 0 && h >= 0 && l >= 0 && c >= 0 && v >= 0 && h >= o && h >= c && l <= o && l <= c;
      }
      if (ok) {
        rowsRead++;
        if (n === this.cap) {
          this.n = n;
          this.grow();
          [T, O, H, L, C, V, N] = [this.time, this.open, this.high, this.low, this.close, this.volume, this.line];
        }
        T[n] = t;
        O[n] = o;
        H[n] = h;
        L[n] = l;
        C[n] = c;
        V[n] = v;
        N[n] = line;
        if (n > 0) {
          if (t < lastTime) ascending = false;
          else descending = false;
        }
        lastTime = t;
        n++;
      } else if (runStart < 0) {
        runStart = lineStart;
        runLine = line;
      }
      line++;
      if (lineEnd >= to) break;
      p = lineEnd + nlLen;
    }
    this.n = n;
    this.lastTime = lastTime;
    this.ascending = ascending;
    this.descending = descending;
    this.rowsRead = rowsRead;
    this.nextLine = line;
    if (runStart >= 0) {
      this.nextLine = runLine;
      this.pushBlock(utf8.decode(buf.subarray(runStart, to)));
    }
  }

  /** Field k's text read as the papaparse path reads it (NaN for non-ASCII: that line goes there). */
  private textNumber(buf: Buffer, k: number): number {
    const f = this.fields!;
    const s = asciiAt(buf, f.start[k], f.end[k]);
    if (s === null) return Number.NaN;
    const comma = this.dialect.decimalComma;
    return k === this.dialect.columns.volume ? readVolume(s, comma) : readPrice(s, comma);
  }

  private reject(line: number, kind: string, reason: string, row: readonly string[]): void {
    this.bad.add(line, kind, reason, this.bad.listed.length < LISTED_BAD_ROWS ? clipRow(row, this.dialect.delimiter) : '');
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

/** Lines longer than this keep only the fields the parser reads (splitUnquoted). */
export const LONG_LINE = 64 * 1024;

/**
 * papaparse's fast mode, as papaparse does it (a leading U+FEFF dropped, the text split at the
 * newline, each line at the delimiter), except that a line longer than LONG_LINE is split only
 * into its first `fields` fields and the rest of the line as one more: the same first fields,
 * the same count when there are fewer, and the same text when joined, without a string per field
 * of a line of five million "5,"s.
 */
export function splitUnquoted(text: string, newline: string, delimiter: string, fields: number): string[][] {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (input === '') return []; // papaparse: no rows
  return input.split(newline).map((line) => (line.length > LONG_LINE ? splitFirst(line, delimiter, fields) : line.split(delimiter)));
}

function splitFirst(line: string, delimiter: string, fields: number): string[] {
  const out: string[] = [];
  let from = 0;
  while (out.length < fields) {
    const at = line.indexOf(delimiter, from);
    if (at < 0) break;
    out.push(line.slice(from, at));
    from = at + delimiter.length;
  }
  out.push(line.slice(from));
  return out;
}

export function describeFormat(d: Dialect): string {
  const f = d.timeFormat;
  if (f.kind === 'epoch') return `epoch timestamp in ${f.unit === 'us' ? 'µs' : f.unit}`;
  const date = f.order === 'YMD' ? 'YYYY-MM-DD' : f.order === 'DMY' ? 'DD/MM/YYYY' : 'MM/DD/YYYY';
  return d.columns.timeOfDay >= 0 ? `${date} date with an HH:MM[:SS] time` : `${date}[ HH:MM[:SS]] date-time`;
}
