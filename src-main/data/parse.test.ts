import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { LONG_LINE, splitUnquoted } from './parse';

describe('splitUnquoted', () => {
  const text = fc.array(fc.constantFrom('a', '1', '.', ',', ';', '\t', '\n', '\r', '\r\n', ' ', '\uFEFF', 'é', ''), { maxLength: 80 }).map((t) => t.join(''));

  it('splits as papaparse fast mode does (property)', () => {
    fc.assert(
      fc.property(text, fc.constantFrom(',', ';', '\t'), fc.constantFrom('\n', '\r\n', '\r'), fc.integer({ min: 1, max: 8 }), (t, delimiter, newline, fields) => {
        fc.pre(t !== '' && !t.includes('"'));
        const papa = Papa.parse<string[]>(t, { delimiter, newline, fastMode: true, skipEmptyLines: false, header: false }).data;
        expect(splitUnquoted(t, newline, delimiter, fields)).toEqual(papa);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps a long line to its first fields and the rest, whole when joined', () => {
    const long = '5,'.repeat(LONG_LINE) + '5';
    const [head, row, tail] = splitUnquoted(`a,b\n${long}\nc,d`, '\n', ',', 6);
    expect(head).toEqual(['a', 'b']);
    expect(row).toHaveLength(7);
    expect(row.slice(0, 6)).toEqual(['5', '5', '5', '5', '5', '5']);
    expect(row.join(',')).toBe(long);
    expect(tail).toEqual(['c', 'd']);
    // fewer fields than asked for: all of them, as a split gives
    const few = 'x'.repeat(LONG_LINE) + ',1,2';
    expect(splitUnquoted(few, '\n', ',', 6)).toEqual([few.split(',')]);
  });
});
