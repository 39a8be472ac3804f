import { execFile } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { importOptionsSchema } from '../../src-shared/api/datasets';
import { readFile } from './import';

/**
 * A file whose bad rows hold multi-megabyte fields: the report keeps each value clipped (clip.ts),
 * so its size and the import's memory do not grow with the fields. Measured in a real process
 * (peak RSS); 60 × 2 MB keeps the test quick, and fails the old code as 60 × 10 MB failed in
 * the field (a 126 MB report stored, 1.1 GB RSS; at 10 MB: INTERNAL "Invalid string length").
 */
const dir = mkdtempSync(join(tmpdir(), 'barwise-huge-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FIELD_MB = 2;
const HUGE_ROWS = 60;
const T0 = Date.UTC(2024, 0, 1);

/**
 * 100 good minute bars, then a huge row, `rows` times; written streaming. The huge row is a bar
 * whose open is `fieldMb` of "x", or (`fives`) a line of `fieldMb` of "5,5,5,…": millions of fields.
 */
async function writeFile(path: string, rows: number, fieldMb: number, fives = false): Promise<void> {
  const out = createWriteStream(path);
  const write = (s: string | Buffer) => new Promise<void>((done) => (out.write(s) ? done() : out.once('drain', () => done())));
  const megabyte = Buffer.alloc(1 << 20, fives ? '5,' : 'x');
  await write('time,open,high,low,close,volume\n');
  let i = 0;
  for (let r = 0; r < rows; r++) {
    const good: string[] = [];
    for (let k = 0; k < 100; k++, i++) good.push(`${new Date(T0 + i * 60_000).toISOString()},1,2,0.5,1.5,3\n`);
    await write(good.join(''));
    if (!fives) await write(`${new Date(T0 + i++ * 60_000).toISOString()},`);
    for (let m = 0; m < fieldMb; m++) await write(megabyte);
    await write(fives ? '5\n' : ',2,0.5,1.5,3\n');
  }
  await new Promise<void>((done) => out.end(done));
}

interface ChildResult {
  ok: boolean;
  code: string | null;
  messageLength: number;
  badRows: number | null;
  reportLength: number;
  storedReportLength: number;
  maxRssMb: number;
}

async function importInChild(path: string, name: string, onBadRows = 'auto'): Promise<ChildResult> {
  const script = join(import.meta.dirname, 'test-import-process.ts');
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script, path, join(dir, name), onBadRows], { timeout: 60_000 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as ChildResult;
}

describe('an import whose bad rows hold huge fields', () => {
  it('stores a small report and stays within a bounded RSS', async () => {
    const small = join(dir, 'small.csv');
    const huge = join(dir, 'huge.csv');
    const fives = join(dir, 'fives.csv');
    await Promise.all([writeFile(small, HUGE_ROWS, 0), writeFile(huge, HUGE_ROWS, FIELD_MB), writeFile(fives, 3, 10, true)]);
    // Each import in its own process, side by side (peak RSS is per process). The baseline: the
    // same rows with empty bad fields.
    const [baseline, result, aborted, split] = await Promise.all([
      importInChild(small, 'base'),
      importInChild(huge, 'huge'),
      importInChild(huge, 'abort', 'abort'),
      importInChild(fives, 'fives', 'skip'),
    ]);
    expect(result).toMatchObject({ ok: true, badRows: HUGE_ROWS });
    // 100 listed bad rows at most, each value clipped to 200 characters: tens of KB whatever the fields.
    expect(result.storedReportLength).toBeLessThan(64 * 1024);
    expect(result.reportLength).toBeLessThan(64 * 1024);
    // The file holds 120 MB of huge fields. Streaming holds a few copies of the longest line (2 MB)
    // at a time, plus the read buffers the garbage collector frees in its own time (measured: about
    // +90 MB over the baseline); keeping the fields in the report took +1 GB. 200 MB separates them.
    expect(result.maxRssMb - baseline.maxRssMb).toBeLessThan(200);

    // abort: a domain error naming the first bad row, its message bounded too
    expect(aborted).toMatchObject({ ok: false, code: 'CSV_BAD_ROW' });
    expect(aborted.messageLength).toBeLessThan(4096);

    // Three lines of 10 MB of "5,5,5,…" (five million fields each): split no further than the
    // fields the parser reads (measured: about +95 MB); papaparse's string per field took +280 MB.
    expect(split).toMatchObject({ ok: true, badRows: 3 });
    expect(split.maxRssMb - baseline.maxRssMb).toBeLessThan(200);
  }, 60_000);
});

describe('a time repeated on many lines with different values', () => {
  it('names at most 10 other lines in each row\'s reason', async () => {
    const path = join(dir, 'same-time.csv');
    const rows = Array.from({ length: 20_000 }, (_, i) => `2024-01-01T00:00:00Z,${1 + (i % 7)},9,0.5,1,1`);
    await new Promise<void>((done) => createWriteStream(path).end(['time,open,high,low,close,volume', ...rows, '2024-01-01T01:00:00Z,1,2,0.5,1.5,1', '2024-01-01T02:00:00Z,1,2,0.5,1.5,1'].join('\n'), done));
    const r = await readFile({ path, options: importOptionsSchema.parse({ onBadRows: 'skip' }), importId: 'same' });
    expect(r.report.badRows.count).toBe(20_000);
    expect(r.report.badRows.listed[0].reason).toBe('time 2024-01-01T00:00:00.000Z also on line(s) 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 and 19989 more with different values');
    expect(r.report.conflictingDuplicates.listed[0].lines).toHaveLength(100);
    expect(JSON.stringify(r.report).length).toBeLessThan(64 * 1024);
  }, 20_000);
});
