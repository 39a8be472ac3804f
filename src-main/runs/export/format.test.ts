import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { formatDuration, formatMoney, formatPercent, formatStat, formatTime, toWinAnsi } from './format';

describe('formatting', () => {
  it('formats durations with their two largest units', () => {
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000 + 59_000)).toBe('3d 4h');
    expect(formatDuration(3 * 86_400_000)).toBe('3d');
    expect(formatDuration(5.5 * 3_600_000)).toBe('5h 30m');
    expect(formatDuration(65_000)).toBe('1m 5s');
    expect(formatDuration(800)).toBe('800ms');
    expect(formatDuration(null)).toBe('n/a');
  });

  it('formats percent and currency with 2 decimals, times as ISO UTC', () => {
    expect(formatPercent(12.345)).toBe('12.35%');
    expect(formatMoney(-1234567.891)).toBe('-1,234,567.89');
    expect(formatTime(Date.UTC(2024, 1, 29, 13, 5, 30))).toBe('2024-02-29T13:05Z');
    expect(formatStat(null, 'ratio')).toBe('—');
    expect(formatStat(44.6904, 'bars')).toBe('44.7');
    expect(formatStat(1234, 'count')).toBe('1,234');
  });
});

describe('toWinAnsi', () => {
  it('spells symbols outside WinAnsi in ASCII and keeps Latin-1', () => {
    expect(toWinAnsi('a ≤ b → c − d, √n, x × y · z')).toBe('a <= b -> c - d, sqrtn, x × y · z');
    expect(toWinAnsi('Zürich – “quoted” €5')).toBe('Zürich – “quoted” €5');
    expect(toWinAnsi('Łódź 日本\nnext\tline')).toBe('Lódz ?? next line');
  });

  it('returns only text that Helvetica can encode', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const everything = Array.from({ length: 0x3000 }, (_, i) => String.fromCodePoint(i)).join('');
    expect(() => font.encodeText(toWinAnsi(everything))).not.toThrow();
  });
});
