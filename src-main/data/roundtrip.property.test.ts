import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { importOptionsSchema, type ImportOptionsInput } from '../../src-shared/api/datasets';
import { BarwiseError } from '../../src-shared/errors';
import { readFile } from './import';

const dir = mkdtempSync(join(tmpdir(), 'barwise-prop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;
function writeTemp(content: string | Uint8Array): string {
  const path = join(dir, `f${fileNo++}.csv`);
  writeFileSync(path, content);
  return path;
}

interface Bar {
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

const TIMEFRAMES = [60_000, 300_000, 3_600_000, 86_400_000];
/** A price with up to 4 decimals, as a number that prints back exactly. */
const price = fc.integer({ min: 1, max: 50_000_000 }).chain((n) => fc.constantFrom(1, 10, 100, 10_000).map((d) => n / d));

const barsArb = fc
  .record({
    tf: fc.constantFrom(...TIMEFRAMES),
    // 2001-01-01 .. 2037: whole minutes, so every format (even epoch seconds) can hold them
    startMin: fc.integer({ min: 16_000_000, max: 35_000_000 }),
    rows: fc.array(
      fc.record({ a: price, b: price, up: price, down: price, v: fc.oneof(fc.constant(0), price), skip: fc.integer({ min: 1, max: 3 }) }),
      { minLength: 2, maxLength: 40 },
    ),
  })
  .map(({ tf, startMin, rows }) => {
    const start = Math.floor((startMin * 60_000) / tf) * tf;
    let t = start;
    return rows.map((r): Bar => {
      const time = t;
      t += tf * r.skip;
      const open = r.a;
      const close = r.b;
      return { time, open, close, high: Math.max(open, close) + r.up, low: Math.max(0, Math.min(open, close) - r.down / 1000), volume: r.v };
    });
  });

type TimeStyle = 'iso-z' | 'iso-offset' | 'space-seconds' | 'dotted-split' | 'dmy' | 'mdy' | 'epoch-s' | 'epoch-ms' | 'epoch-us';

const dialectArb = fc.record({
  delimiter: fc.constantFrom(',', ';', '\t', '|'),
  header: fc.constantFrom('canonical', 'short', 'upper', 'angle', 'none'),
  shuffle: fc.boolean(),
  timeStyle: fc.constantFrom<TimeStyle>('iso-z', 'iso-offset', 'space-seconds', 'dotted-split', 'dmy', 'mdy', 'epoch-s', 'epoch-ms', 'epoch-us'),
  crlf: fc.boolean(),
  bom: fc.boolean(),
  quoteAll: fc.boolean(),
  decimalComma: fc.boolean(),
  grouping: fc.boolean(),
  volumeSuffix: fc.constantFrom('', 'K', 'M'),
  reverse: fc.boolean(),
  withVolume: fc.boolean(),
});

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
function timeCells(t: number, style: TimeStyle): string[] {
  const d = new Date(t);
  const [Y, M, D, h, m, s] = [d.getUTCFullYear(), pad(d.getUTCMonth() + 1), pad(d.getUTCDate()), pad(d.getUTCHours()), pad(d.getUTCMinutes()), pad(d.getUTCSeconds())];
  switch (style) {
    case 'iso-z':
      return [`${Y}-${M}-${D}T${h}:${m}:${s}Z`];
    case 'iso-offset': {
      const local = new Date(t + 5.5 * 3_600_000); // written at +05:30
      const L = (n: number) => pad(n);
      return [`${local.getUTCFullYear()}-${L(local.getUTCMonth() + 1)}-${L(local.getUTCDate())}T${L(local.getUTCHours())}:${L(local.getUTCMinutes())}:${s}+05:30`];
    }
    case 'space-seconds':
      return [`${Y}-${M}-${D} ${h}:${m}:${s}`];
    case 'dotted-split':
      return [`${Y}.${M}.${D}`, `${h}:${m}`];
    case 'dmy':
      return [`${D}/${M}/${Y} ${h}:${m}:${s}`];
    case 'mdy':
      return [`${M}/${D}/${Y} ${h}:${m}`];
    case 'epoch-s':
      return [String(t / 1000)];
    case 'epoch-ms':
      return [String(t)];
    case 'epoch-us':
      return [String(t * 1000)];
  }
}

const HEADERS = {
  canonical: ['time', 'open', 'high', 'low', 'close', 'volume'],
  short: ['Timestamp', 'o', 'h', 'l', 'c', 'v'],
  upper: ['DATETIME', 'OPEN', 'HIGH', 'LOW', 'CLOSE', 'VOLUME'],
  angle: ['<DATE>', '<OPEN>', '<HIGH>', '<LOW>', '<CLOSE>', '<VOL>'],
} as const;

function writeCsv(bars: readonly Bar[], d: DialectChoice): { text: string; options: ImportOptionsInput } {
  const split = d.timeStyle === 'dotted-split';
  const comma = d.decimalComma && d.delimiter === ';';
  // Grouping marks only where the file shows its decimal mark unambiguously (a cell with a
  // fraction of other than three digits): a file of "1.234"s alone reads as a decimal point.
  const fractions = bars.flatMap((b) => [b.open, b.high, b.low, b.close].map((x) => String(x).split('.')[1]));
  const markShown = fractions.some((f) => f !== undefined && f.length !== 3);
  const groupMark = comma ? '.' : ',';
  const grouped = d.grouping && markShown && (d.quoteAll || d.delimiter !== groupMark);
  const num = (x: number) => localeNumber(String(x), comma, grouped);
  const power = { '': 0, K: 3, M: 6 }[d.volumeSuffix];
  const vol = (x: number) => (power ? localeNumber(shiftLeft(String(x), power), comma, grouped) + d.volumeSuffix : num(x));
  const fields = d.withVolume ? 6 : 5;
  // column order: time cell(s) then values; shuffled only when there is a header
  const order = Array.from({ length: fields - 1 }, (_, i) => i + 1);
  if (d.shuffle && d.header !== 'none') order.reverse();
  const lines: string[][] = [];
  if (d.header !== 'none') {
    const names = HEADERS[d.header];
    const timeNames = split ? ['Date', 'Time'] : [d.header === 'angle' ? '<DATE>' : names[0]];
    lines.push([...timeNames, ...order.map((i) => names[i])]);
  }
  const rows = d.reverse ? [...bars].reverse() : bars;
  for (const b of rows) {
    const values = [b.time, b.open, b.high, b.low, b.close, b.volume];
    lines.push([...timeCells(b.time, d.timeStyle), ...order.map((i) => (i === 5 ? vol(values[i]) : num(values[i])))]);
  }
  const q = (cell: string) => (d.quoteAll ? `"${cell}"` : cell);
  const nl = d.crlf ? '\r\n' : '\n';
  const text = (d.bom ? '\uFEFF' : '') + lines.map((l) => l.map(q).join(d.delimiter)).join(nl) + nl;
  const options: ImportOptionsInput = {
    delimiter: d.delimiter as ',' | ';' | '\t' | '|',
    dateOrder: d.timeStyle === 'mdy' ? 'MDY' : d.timeStyle === 'dmy' ? 'DMY' : undefined,
  };
  return { text, options };
}
type DialectChoice = {
  delimiter: string;
  header: 'canonical' | 'short' | 'upper' | 'angle' | 'none';
  shuffle: boolean;
  timeStyle: TimeStyle;
  crlf: boolean;
  bom: boolean;
  quoteAll: boolean;
  decimalComma: boolean;
  grouping: boolean;
  volumeSuffix: '' | 'K' | 'M';
  reverse: boolean;
  withVolume: boolean;
};

/** "1234567.5" with the marks of a locale: "1,234,567.5" or "1.234.567,5". */
function localeNumber(text: string, comma: boolean, grouped: boolean): string {
  const [whole, fraction] = text.split('.');
  const g = grouped ? whole.replace(/\B(?=(\d{3})+$)/g, comma ? '.' : ',') : whole;
  return fraction === undefined ? g : `${g}${comma ? ',' : '.'}${fraction}`;
}

/** The decimal text of x with its point moved `places` to the left: ("4.35", 3) → "0.00435". */
function shiftLeft(text: string, places: number): string {
  const [whole, fraction = ''] = text.split('.');
  const digits = whole.padStart(places + 1, '0');
  const cut = digits.length - places;
  return `${digits.slice(0, cut)}.${digits.slice(cut)}${fraction}`;
}

describe('round trip (property)', () => {
  it('bars written in any supported dialect read back as the same bars', async () => {
    await fc.assert(
      fc.asyncProperty(barsArb, dialectArb, async (bars, dialect) => {
        const { text, options } = writeCsv(bars, dialect);
        const path = writeTemp(text);
        const tf = bars.length > 1 ? undefined : '1m';
        const result = await readFile({ path, options: importOptionsSchema.parse({ ...options, timeframe: tf }), importId: 'p' });
        const got = result.bars;
        expect(Array.from(got.time)).toEqual(bars.map((b) => b.time));
        expect(Array.from(got.open)).toEqual(bars.map((b) => b.open));
        expect(Array.from(got.high)).toEqual(bars.map((b) => b.high));
        expect(Array.from(got.low)).toEqual(bars.map((b) => b.low));
        expect(Array.from(got.close)).toEqual(bars.map((b) => b.close));
        expect(Array.from(got.volume)).toEqual(bars.map((b) => (dialect.withVolume ? b.volume : 0)));
        expect(result.report.badRows.count).toBe(0);
      }),
      { numRuns: 150 },
    );
  });
});

const ALLOWED = new Set(['CSV_UNREADABLE', 'CSV_BAD_ROW', 'CSV_AMBIGUOUS', 'VALIDATION_FAILED']);

describe('round trip (found by the property above)', () => {
  it('detects a decimal comma that shows only in the lows (whole-number opens, highs and closes)', async () => {
    const text = 'time;open;high;low;close\n2000-06-03T02:40:00Z;2;3;0,999;1\n2000-06-03T02:41:00Z;1;46417861;0,999;46417860\n';
    const result = await readFile({ path: writeTemp(text), options: importOptionsSchema.parse({ delimiter: ';' }), importId: 'p' });
    expect(Array.from(result.bars.low)).toEqual([0.999, 0.999]);
    expect(Array.from(result.bars.high)).toEqual([3, 46417861]);
  });
});

describe('garbage (property)', () => {
  const token = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom('2024-01-01', '12:00', '1.5', '-3', 'NaN', '"', '""', ',', ';', '\t', '|', '\r', '\n', '\uFEFF', 'open', 'high', 'Date', '1e308', '0x1F'),
    fc.integer().map(String),
    fc.double().map(String),
  );
  const garbage = fc.oneof(
    fc.string({ maxLength: 400 }),
    fc.array(fc.array(token, { maxLength: 8 }).map((cells) => cells.join(',')), { maxLength: 30 }).map((l) => l.join('\n')),
    fc.uint8Array({ maxLength: 300 }),
  );

  it('yields bars or a typed error naming a line, never a crash or a hang', async () => {
    await fc.assert(
      fc.asyncProperty(garbage, async (content) => {
        const path = writeTemp(content);
        try {
          const result = await readFile({ path, options: importOptionsSchema.parse({}), importId: 'g' });
          expect(result.bars.time.length).toBeGreaterThan(0);
        } catch (error) {
          expect(error).toBeInstanceOf(BarwiseError);
          expect(ALLOWED.has((error as BarwiseError).code)).toBe(true);
          expect((error as BarwiseError).message).toMatch(/\bline \d+/);
        }
      }),
      { numRuns: 300 },
    );
  }, 30_000);

  it('a valid file with one row mangled reports that row by line number', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 149 }), fc.string({ minLength: 1, maxLength: 20 }), async (at, junk) => {
        const lines = ['time,open,high,low,close,volume'];
        for (let i = 0; i < 150; i++) lines.push(`${new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString()},1,2,0.5,1.5,10`);
        lines[at + 1] = junk.replace(/[\r\n]/g, 'x');
        const path = writeTemp(lines.join('\n'));
        try {
          const result = await readFile({ path, options: importOptionsSchema.parse({ onBadRows: 'skip' }), importId: 'm' });
          // the junk may happen to be blank (skipped) or even a valid row; otherwise it is listed
          if (result.report.badRows.count) expect(result.report.badRows.listed[0].line).toBe(at + 2);
        } catch (error) {
          expect(error).toBeInstanceOf(BarwiseError);
          expect((error as BarwiseError).message).toMatch(/\bline \d+/);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('streaming boundaries (property)', () => {
  it('reading in tiny pieces gives the same result as reading whole, whatever the split', async () => {
    const files = ['bom-crlf.csv', 'quoted.csv', 'embedded-newline-quoted.csv', 'utf16-excel.csv', 'semicolon-decimal-comma.csv', 'one-garbage-line.csv', 'metatrader5.csv'];
    const fixtures = join(import.meta.dirname, 'fixtures');
    const whole = new Map<string, Awaited<ReturnType<typeof readFile>>>();
    for (const f of files) whole.set(f, await readFile({ path: join(fixtures, f), options: importOptionsSchema.parse({ onBadRows: 'skip' }), importId: 'w' }));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...files), fc.integer({ min: 1, max: 97 }), async (f, chunkBytes) => {
        const got = await readFile({ path: join(fixtures, f), options: importOptionsSchema.parse({ onBadRows: 'skip' }), importId: 's', chunkBytes });
        const want = whole.get(f)!;
        for (const k of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) expect(Array.from(got.bars[k])).toEqual(Array.from(want.bars[k]));
        expect(got.report.badRows).toEqual(want.report.badRows);
        expect(got.report.blankLines).toBe(want.report.blankLines);
      }),
      { numRuns: 60 },
    );
  }, 60_000);

  it('keeps multibyte characters whole across reads', async () => {
    const lines = ['time,open,high,low,close,volume,note'];
    for (let i = 0; i < 40; i++) lines.push(`${new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString()},1,2,0.5,1.5,${i},prix €${i} ✓`);
    const path = writeTemp(lines.join('\n'));
    for (const chunkBytes of [1, 2, 3, 5, 7]) {
      const got = await readFile({ path, options: importOptionsSchema.parse({}), importId: 'u', chunkBytes });
      expect(got.bars.time.length).toBe(40);
      expect(got.report.badRows.count).toBe(0);
    }
  });
});
