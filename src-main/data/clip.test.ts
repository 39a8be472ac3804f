import { describe, expect, it } from 'vitest';
import { clip, clipRow } from './clip';

describe('clip', () => {
  it('keeps a value of up to 200 characters whole', () => {
    expect(clip('2024-01-01,1,2')).toBe('2024-01-01,1,2');
    expect(clip('x'.repeat(200))).toBe('x'.repeat(200));
  });

  it('cuts a longer value to its start, an ellipsis and its length', () => {
    expect(clip('x'.repeat(10_485_760))).toBe(`${'x'.repeat(200)}… (10,485,760 characters)`);
    expect(clip('abcdef', 3)).toBe('abc… (6 characters)');
  });
});

describe('clipRow', () => {
  it('is clip of the joined row', () => {
    for (const row of [['a', 'b', 'c'], ['x'.repeat(150), 'y'.repeat(49)], ['x'.repeat(150), 'y'.repeat(50)], ['x'.repeat(300), 'y'], ['', '', '']]) {
      expect(clipRow(row, ',')).toBe(clip(row.join(',')));
      expect(clipRow(row, ';', 10)).toBe(clip(row.join(';'), 10));
    }
  });

  it('clips a row of five million fields without joining it', () => {
    const row = new Array<string>(5_000_000).fill('5');
    expect(clipRow(row, ',')).toBe(`${'5,'.repeat(100)}… (9,999,999 characters)`);
  });
});
