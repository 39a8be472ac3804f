import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { importOptionsSchema, type ImportOptionsInput } from '../../src-shared/api/datasets';
import { BarwiseError } from '../../src-shared/errors';
import { detectFile, parseFile, readFile, type ParserChoice } from './import';
import { RowParser } from './parse';
import { zoneConverter } from './zone';

/**
 * The byte-level fast path must be invisible: the same bars, report and errors (line numbers and
 * reasons) as the papaparse path, for every file. Each case reads a file both ways and compares.
 */
const FIXTURES = join(import.meta.dirname, 'fixtures');
const dir = mkdtempSync(join(tmpdir(), 'barwise-fast-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;
function writeTemp(content: string | Uint8Array): string {
  const path = join(dir, `f${fileNo++}.csv`);
  writeFileSync(path, content);
  return path;
}

type Outcome =
  | { error: { code: string; message: string } }
  | { bars: Record<string, number[]>; report: Record<string, unknown>; symbol: string; name: string };

async function readBothWays(path: string, options: ImportOptionsInput, chunkBytes?: number): Promise<[Outcome, Outcome]> {
  const one = async (parser: ParserChoice): Promise<Outcome> => {
    try {
      const r = await readFile({ path, options: importOptionsSchema.parse(options), importId: 'd', chunkBytes, parser });
      const { durationMs: _, ...report } = r.report;
      const bars: Record<string, number[]> = {};
      for (const k of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) bars[k] = Array.from(r.bars[k]);
      return { bars, report, symbol: r.symbol, name: r.name };
    } catch (error) {
      if (!(error instanceof BarwiseError)) throw error;
      return { error: { code: error.code, message: error.message } };
    }
  };
  return [await one('auto'), await one('papaparse')];
}

/** Object.is on every number: −0 and NaN count, as they would in stored bytes. */
function expectSame(fast: Outcome, papa: Outcome): void {
  expect(fast).toStrictEqual(papa);
  if ('bars' in fast && 'bars' in papa) {
    for (const k of Object.keys(fast.bars)) fast.bars[k].forEach((x, i) => expect(Object.is(x, papa.bars[k][i])).toBe(true));
  }
}

const OPTION_SETS: readonly ImportOptionsInput[] = [
  {},
  { onBadRows: 'skip' },
  { onBadRows: 'skip', tz: 'America/New_York' },
  { onBadRows: 'skip', tz: 'Europe/Berlin', dateOrder: 'MDY' },
  { onBadRows: 'skip', dateOrder: 'DMY', timeframe: '1h' },
];

describe('fast path = papaparse path', () => {
  const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith('.csv'));

  it.each(fixtures)('fixture %s: same bars, report and errors under every option set and read size', async (f) => {
    for (const [i, options] of OPTION_SETS.entries()) {
      // one-byte reads (a BOM or a "\r\n" split across reads) under the first two option sets
      for (const chunkBytes of i < 2 ? [undefined, 1, 7, 64] : [undefined, 7]) {
        const [fast, papa] = await readBothWays(join(FIXTURES, f), options, chunkBytes);
        expectSame(fast, papa);
      }
    }
  });

  it('takes the fast path for the common files and not for quoted or UTF-16 ones', async () => {
    const uses = async (f: string) => {
      const path = join(FIXTURES, f);
      const { detection, encoding } = await detectFile(path, importOptionsSchema.parse({}));
      return parseFile(path, new RowParser(detection.dialect, zoneConverter('UTC')), detection.dialect, encoding);
    };
    expect(await uses('iso-utc.csv')).toBe(true);
    expect(await uses('binance-klines.csv')).toBe(true);
    expect(await uses('semicolon-decimal-comma.csv')).toBe(true);
    expect(await uses('quoted.csv')).toBe(false);
    expect(await uses('utf16-excel.csv')).toBe(false);
  });

  // Random files: a valid base in a random dialect, then lines replaced, inserted or mangled with
  // the kinds of trouble real exports hold.
  const cell = fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 0, max: 99_999_999 }).chain((n) => fc.constantFrom(1, 10, 100, 10_000).map((d) => String(n / d))) },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        '', ' 5', '5 ', '-1', '-0', '+3', '1e3', '1E-2', '12.', '.5', '0x1F', 'NaN', 'Infinity', '1,5', '1.5.3', '00000000000000012.5',
        '12345678901234567', '9007199254740993', '1234567890123456.7', '۱۲', '5\u00a0', '"5"', '5\r', 'abc', '9'.repeat(20),
        '1.234', '1,234', '1.234,5', '1,234.5', '12.345.678', '0,999', '1,23,456', '45,6K', '1.5M', '2B', '1.5k', 'K',
      ),
    },
  );
  const timeCell = (t: number, style: number): string => {
    const iso = new Date(t).toISOString();
    switch (style) {
      case 0:
        return iso.slice(0, 19).replace('T', ' ');
      case 1:
        return iso.slice(0, 19) + 'Z';
      case 2:
        return iso.slice(0, 16);
      case 3:
        return String(t);
      case 4:
        return String(t / 1000);
      case 5:
        return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)} ${iso.slice(11, 16)}`;
      default:
        return iso.slice(0, 10);
    }
  };
  const mangle = fc.oneof(
    fc.constant(''),
    fc.constant('   '),
    fc.constant('2024-13-01 00:00:00,1,2,0.5,1.5,1'),
    fc.constant('2024-01-01 00:00:00,1,2'),
    fc.constant('x,y,z,w,v,u'),
    fc.constant('"2024-01-01 00:00",1,2,0.5,1.5,1'),
    fc.constant('\uFEFF2024-01-01 00:00:00,1,2,0.5,1.5,1'),
    fc.constant('2024-01-01 00:00:00,1,2,0.5,1.5,1,extra,€'),
    fc.constant('2024-01-01 00:00:00\r,1,2,0.5,1.5,1'),
    fc.string({ maxLength: 30 }),
    fc.array(cell, { minLength: 1, maxLength: 8 }).map((c) => c.join(',')),
  );
  const file = fc.record({
    delimiter: fc.constantFrom(',', ';', '\t', '|'),
    newline: fc.constantFrom('\n', '\r\n', '\r'),
    header: fc.boolean(),
    style: fc.integer({ min: 0, max: 6 }),
    bom: fc.boolean(),
    finalNewline: fc.boolean(),
    tf: fc.constantFrom(60_000, 3_600_000, 86_400_000),
    start: fc.integer({ min: 1_600_000_000, max: 1_800_000_000 }),
    rows: fc.array(
      fc.record({ a: cell, b: cell, up: fc.nat(1000), down: fc.nat(1000), v: cell, step: fc.integer({ min: -1, max: 3 }) }),
      { minLength: 1, maxLength: 60 },
    ),
    mangles: fc.array(fc.record({ at: fc.nat(80), text: mangle, replace: fc.boolean() }), { maxLength: 6 }),
    chunkBytes: fc.constantFrom(undefined, 1, 5, 13, 100),
    tz: fc.constantFrom('UTC', 'America/New_York'),
  });

  it('random valid and invalid files read the same both ways (property)', async () => {
    await fc.assert(
      fc.asyncProperty(file, async (g) => {
        const tf = g.style >= 6 ? 86_400_000 : g.tf;
        let t = Math.floor((g.start * 1000) / tf) * tf;
        const lines: string[] = g.header ? [['time', 'open', 'high', 'low', 'close', 'volume'].join(g.delimiter)] : [];
        for (const r of g.rows) {
          const a = Number(r.a);
          const b = Number(r.b);
          // mostly consistent bars (so the fast path has rows to take), sometimes the raw cells
          const ok = Number.isFinite(a) && Number.isFinite(b) && a >= 0 && b >= 0 && r.up % 5 !== 0;
          const cells = ok
            ? [String(a), String(Math.max(a, b) + r.up / 100), String(Math.max(0, Math.min(a, b) - r.down / 100)), String(b)]
            : [r.a, r.b, String(r.up), String(r.down)];
          const comma = g.delimiter === ';' && r.down % 7 === 0;
          lines.push([timeCell(t, g.style), ...cells.map((c) => (comma ? c.replace('.', ',') : c)), r.v].join(g.delimiter));
          t += tf * r.step;
        }
        for (const m of g.mangles) {
          const at = Math.min(lines.length, (g.header ? 1 : 0) + (m.at % (lines.length + 1)));
          const text = m.text.replaceAll(',', g.delimiter);
          if (m.replace && at < lines.length) lines[at] = text;
          else lines.splice(at, 0, text);
        }
        const text = (g.bom ? '\uFEFF' : '') + lines.join(g.newline) + (g.finalNewline ? g.newline : '');
        const path = writeTemp(text);
        for (const options of [{ onBadRows: 'skip', tz: g.tz }, {}] as const) {
          const [fast, papa] = await readBothWays(path, options, g.chunkBytes);
          expectSame(fast, papa);
        }
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it('random bytes read the same both ways (property)', async () => {
    const token = fc.oneof(
      fc.string({ maxLength: 10 }),
      fc.constantFrom('2024-01-01 00:00:00', '2024-01-01T01:00Z', '1704067200000', '1.5', '2', '0.5', ',', '\n', '\r\n', '"', '\uFEFF', '€', 'open'),
    );
    const content = fc.oneof(
      fc.array(token, { maxLength: 200 }).map((t) => t.join('')),
      fc.uint8Array({ maxLength: 400 }),
      fc
        .array(fc.array(token, { minLength: 5, maxLength: 7 }), { minLength: 2, maxLength: 40 })
        .map((rows) => ['time,open,high,low,close,volume', ...rows.map((r) => r.join(','))].join('\n')),
    );
    await fc.assert(
      fc.asyncProperty(content, fc.constantFrom(undefined, 1, 3, 50), async (c, chunkBytes) => {
        const path = writeTemp(c);
        const [fast, papa] = await readBothWays(path, { onBadRows: 'skip' }, chunkBytes);
        expectSame(fast, papa);
      }),
      { numRuns: 300 },
    );
  }, 120_000);
});
