/**
 * The byte-level fast path of the import, written by hand because no library does this well:
 * papaparse (the general path, parse.ts) makes a string per field and an array per row, which is
 * where most of an import's time went (split + garbage collection); csv-parse is slower still.
 * Here an unquoted, UTF-8 file in a dialect detection has already settled is read straight from
 * the Buffer chunks the file stream yields: fields are found by byte, ISO timestamps and plain
 * decimals are read from the bytes into the Float64Array columns, with no string or array per row.
 *
 * It is only ever a shortcut, never a second parser with its own opinions: a block holding a quote
 * (or the byte 0xEF, which begins a BOM) goes to papaparse whole, and any line the fast path is
 * not sure of — blank, too few fields, a value that fails a check, non-ASCII bytes in a field it
 * must read — is handed, with any neighbours of its kind, to RowParser.pushBlock as text, so line
 * numbers, reasons and counts are exactly those of the papaparse path (tested differentially over
 * the fixture corpus and with fast-check in fastpath.test.ts). Numbers and timestamps the byte
 * scanners do not take on (exponents, long mantissas, DD/MM/YYYY, a separate time column, …) are
 * decoded to a short string and read by the same functions the papaparse path uses.
 */
import type { Dialect } from './dialect';
import type { RowParser } from './parse';
import type { Encoding } from './source';
import { wallClockMs } from './timestamps';

/** The fast path applies to UTF-8 files whose sample held no quote (any delimiter, newline, time format). */
export function fastPathApplies(dialect: Dialect, encoding: Encoding): boolean {
  const { time, timeOfDay, open, high, low, close, volume } = dialect.columns;
  const used = [time, timeOfDay, open, high, low, close, volume].filter((k) => k >= 0);
  return (
    encoding === 'utf-8' &&
    !dialect.quoted &&
    dialect.delimiter.length === 1 &&
    dialect.delimiter.charCodeAt(0) < 128 &&
    new Set(used).size === used.length // each field read once, for one value
  );
}

/** Decodes whole lines handed to the papaparse path (the file's own BOM was already removed). */
export const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
const TWO53 = 2 ** 53;

/** Where the last numberAt / isoFieldAt stopped. */
export let scanEnd = 0;

/**
 * strictNumber's exact fast branch on the bytes from s (up to lim): digits[<dec>digits] with at
 * most 15 digits is mantissa / 10^k, one correctly rounded division, bit-identical to Number()
 * (Clinger); an integer below 2^53 of any length is exact either way. `dec` is the file's decimal
 * separator ('.', or ',' in decimal-comma files, where a '.' groups thousands). Stops at the first
 * other byte (scanEnd): the caller checks that it ends the field. NaN: not this form; the caller
 * then decodes the field and reads it as the papaparse path does (numbers.ts).
 */
export function numberAt(buf: Uint8Array, s: number, lim: number, dec: number): number {
  let i = s;
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  let c = i < lim ? buf[i] : 0;
  while (c >= 48 && c <= 57) {
    mantissa = mantissa * 10 + (c - 48);
    digits++;
    c = ++i < lim ? buf[i] : 0;
  }
  let point = false;
  if (c === dec && digits > 0) {
    point = true;
    c = ++i < lim ? buf[i] : 0;
    while (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      scale++;
      c = ++i < lim ? buf[i] : 0;
    }
  }
  scanEnd = i;
  if (digits === 0) return Number.NaN;
  if (digits <= 15 && (scale > 0 || !point)) return scale === 0 ? mantissa : mantissa / POW10[scale];
  if (!point && mantissa <= TWO53) return mantissa;
  return Number.NaN;
}

/** The offset the last isoAt read: 0 after a "Z", NaN for a naive time. */
export let isoOffsetMs = Number.NaN;

const d2 = (b: Uint8Array, i: number) => {
  const x = b[i] - 48;
  const y = b[i + 1] - 48;
  return x >= 0 && x <= 9 && y >= 0 && y <= 9 ? x * 10 + y : -1000;
};

/**
 * timestamps.ts's fastIso on bytes [s, e): "YYYY-MM-DD[ T]HH:MM[:SS][Z]" at fixed offsets, the day
 * cached; naive wall-clock ms, or NaN for any other layout (the caller then decodes the field and
 * asks parseTextTime, which would have reached the same NaN here and gone on to its general scanner).
 */
export function isoAt(b: Uint8Array, s: number, e: number): number {
  const n = e - s;
  if (n < 16 || b[s + 4] !== 45 || b[s + 7] !== 45 || b[s + 13] !== 58) return Number.NaN;
  const sep = b[s + 10];
  if (sep !== 32 && sep !== 84) return Number.NaN;
  let end = 16;
  let sec = 0;
  if (n >= 19 && b[s + 16] === 58) {
    sec = d2(b, s + 17);
    end = 19;
  }
  let offset = Number.NaN;
  if (n === end + 1 && b[s + end] === 90) offset = 0;
  else if (n !== end) return Number.NaN;
  const y = d2(b, s) * 100 + d2(b, s + 2);
  const m = d2(b, s + 5);
  const d = d2(b, s + 8);
  const h = d2(b, s + 11);
  const mi = d2(b, s + 14);
  const ms = wallClockMs(y, m, d, h, mi, sec);
  if (ms === ms) isoOffsetMs = offset;
  return ms;
}

/** The ISO lengths isoAt takes, most common first: "…HH:MM:SS", "…HH:MM", then with a "Z". */
const ISO_LENGTHS = [19, 16, 20, 17];

/**
 * isoAt on the field that starts at s: tries each length the layout allows whose next byte ends
 * the field (a match also proves no delimiter inside, since isoAt checks every byte). NaN with
 * scanEnd = s otherwise.
 */
export function isoFieldAt(b: Uint8Array, s: number, lim: number, delim: number): number {
  for (let k = 0; k < 4; k++) {
    const e = s + ISO_LENGTHS[k];
    if (e > lim || (e < lim && b[e] !== delim)) continue;
    const t = isoAt(b, s, e);
    if (t === t) {
      scanEnd = e;
      return t;
    }
  }
  scanEnd = s;
  return Number.NaN;
}

/** Bytes [s, e) as a string when all are ASCII (so latin1 = UTF-8), else null. */
export function asciiAt(buf: Buffer, s: number, e: number): string | null {
  for (let i = s; i < e; i++) if (buf[i] > 127) return null;
  return buf.toString('latin1', s, e);
}

const EMPTY = Buffer.alloc(0);
const BOM = [0xef, 0xbb, 0xbf];

/**
 * Cuts the file's Buffer chunks into the same blocks of whole lines that LineBlocks cuts its
 * decoded text into (the last newline of each chunk; newline bytes never occur inside a UTF-8
 * sequence, so the cuts coincide), and hands each block to the fast path, or to papaparse as
 * text when it holds a quote or a 0xEF byte (papaparse strips a U+FEFF that starts a block).
 */
export class ByteBlocks {
  private carry: Buffer = EMPTY;
  private bomChecked = false;
  private readonly nl: number;
  private readonly crlf: boolean;
  private readonly nlLen: number;

  constructor(
    private readonly parser: RowParser,
    newline: string,
  ) {
    this.crlf = newline === '\r\n';
    this.nl = newline === '\r' ? 13 : 10;
    this.nlLen = newline.length;
  }

  push(input: Buffer): void {
    let chunk = input;
    if (!this.bomChecked) {
      // The decoder of the text path drops a BOM at the start of the stream: so do we.
      const head = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
      if (head.length < 3 && head.every((b, i) => b === BOM[i])) {
        this.carry = head;
        return;
      }
      this.bomChecked = true;
      this.carry = EMPTY;
      chunk = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? head.subarray(3) : head;
    }
    const last = this.lastLineEnd(chunk);
    if (last < 0) {
      this.carry = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
      return;
    }
    const carry = this.carry;
    // The block: carry + chunk up to (not including) the newline that ends at `last`.
    const blockEnd = last + 1 - this.nlLen; // may be -1 when a "\r\n" straddles carry and chunk
    this.carry = chunk.subarray(last + 1);
    const special = (b: Buffer, from: number, to: number) => {
      const q = b.indexOf(34, from);
      if (q >= 0 && q < to) return true;
      const x = b.indexOf(0xef, from);
      return x >= 0 && x < to;
    };
    if (carry.length === 0) {
      if (special(chunk, 0, blockEnd)) this.parser.pushBlock(utf8.decode(chunk.subarray(0, blockEnd)));
      else this.parser.pushBytes(chunk, 0, blockEnd);
      return;
    }
    if (special(carry, 0, carry.length) || special(chunk, 0, blockEnd)) {
      const block = Buffer.concat([carry, chunk.subarray(0, last + 1)]);
      this.parser.pushBlock(utf8.decode(block.subarray(0, block.length - this.nlLen)));
      return;
    }
    // The line that started in the previous chunk, then the rest of the block in place.
    const first = this.firstLineEnd(chunk, carry);
    const head = Buffer.concat([carry, chunk.subarray(0, first + 1)]);
    this.parser.pushBytes(head, 0, head.length - this.nlLen);
    if (first < last) this.parser.pushBytes(chunk, first + 1, blockEnd);
  }

  /** The rest after the last newline (the file's last line when it has no final newline). */
  end(): void {
    if (!this.bomChecked) {
      this.bomChecked = true;
      const c = this.carry;
      if (c.length >= 3 && c[0] === 0xef && c[1] === 0xbb && c[2] === 0xbf) this.carry = c.subarray(3);
      // a file of one or two bytes that begin a BOM: the decoder yields U+FFFD for them
    }
    const rest = this.carry;
    this.carry = EMPTY;
    if (rest.length === 0) return;
    if (rest.includes(34) || rest.includes(0xef)) this.parser.pushBlock(utf8.decode(rest));
    else this.parser.pushBytes(rest, 0, rest.length);
  }

  /** Index of the last byte of the last newline in chunk, or −1. */
  private lastLineEnd(chunk: Buffer): number {
    let i = chunk.lastIndexOf(this.nl);
    if (!this.crlf) return i;
    while (i >= 0) {
      const prev = i > 0 ? chunk[i - 1] : this.carry.length ? this.carry[this.carry.length - 1] : -1;
      if (prev === 13) return i;
      i = i > 0 ? chunk.lastIndexOf(10, i - 1) : -1;
    }
    return -1;
  }

  private firstLineEnd(chunk: Buffer, carry: Buffer): number {
    let i = chunk.indexOf(this.nl);
    if (!this.crlf) return i;
    while (i >= 0) {
      const prev = i > 0 ? chunk[i - 1] : carry.length ? carry[carry.length - 1] : -1;
      if (prev === 13) return i;
      i = chunk.indexOf(10, i + 1);
    }
    return -1;
  }
}
