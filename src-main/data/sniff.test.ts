import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importOptionsSchema } from '../../src-shared/api/datasets';
import { readFile } from './import';
import { SNIFF_BYTES } from './sniff';

const dir = mkdtempSync(join(tmpdir(), 'barwise-sniff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const read = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return readFile({ path, options: importOptionsSchema.parse({ onBadRows: 'skip' }), importId: name });
};
const ROW = '2024-01-01T00:00:00Z,1,2,0.5,1.5,1';
const ROW2 = '2024-01-01T01:00:00Z,1,2,0.5,1.5,1';
const HEADER = 'time,open,high,low,close,volume';
const longer = (prefix: string) => prefix + ',x'.repeat(SNIFF_BYTES / 2);

describe('a line longer than the detection sample', () => {
  it('a header longer than 64 KB is named as such, not as a header without rows', async () => {
    await expect(read('long-header.csv', `${longer(HEADER)}\n${ROW}\n${ROW2}\n`)).rejects.toMatchObject({
      code: 'CSV_UNREADABLE',
      message: expect.stringMatching(/^line 1 is longer than 64 KB, .*: "time,open,high,low,close,volume,x,x,x/),
    });
  });

  it('a first data row longer than 64 KB after a header names line 2', async () => {
    await expect(read('long-row.csv', `${HEADER}\n${longer(ROW)}\n${ROW2}\n`)).rejects.toMatchObject({
      code: 'CSV_UNREADABLE',
      message: expect.stringMatching(/^line 2 is longer than 64 KB, .*: "2024-01-01T00:00:00Z,1,2,0.5,1.5,1,x,x/),
    });
  });

  it('a header-less first line longer than 64 KB is named too', async () => {
    await expect(read('long-first.csv', `${longer('1704067200000,1,2,0.5,1.5,1')}\n1704067260000,1,2,0.5,1.5,1\n`)).rejects.toMatchObject({
      code: 'CSV_UNREADABLE',
      message: expect.stringMatching(/^line 1 is longer than 64 KB/),
    });
  });

  it('a long row after the first whole one is just a row', async () => {
    const r = await read('long-later.csv', `${HEADER}\n${ROW}\n${longer(ROW2)}\n`);
    expect(r.bars.time.length).toBe(2);
  });

  it('a header and no rows still says so', async () => {
    await expect(read('header-only.csv', `${HEADER}\n`)).rejects.toMatchObject({ code: 'CSV_UNREADABLE', message: 'line 1: a header but no data rows' });
  });
});
