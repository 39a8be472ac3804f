import { describe, expect, it } from 'vitest';
import { decimalEvidence, readPrice, readVolume } from './numbers';

describe('readPrice', () => {
  it.each([
    ['123.45', false, 123.45],
    ['1,234.5', false, 1234.5],
    ['12,345,678.25', false, 12345678.25],
    ['1,234', false, 1234],
    ['1,5', false, Number.NaN],
    ['1,23,456', false, Number.NaN],
    ['0,999', false, Number.NaN],
    ['1234,567.5', false, Number.NaN],
    ['1.2.3', false, Number.NaN],
    ['123,45', true, 123.45],
    ['2.450,00', true, 2450],
    ['114.982', true, 114982],
    ['1.234.567', true, 1234567],
    ['0,999', true, 0.999],
    ['100.5', true, Number.NaN],
    ['1.23,4', true, Number.NaN],
    ['1,234.5', true, Number.NaN],
    ['', false, Number.NaN],
    ['', true, Number.NaN],
    ['45K', false, Number.NaN],
  ])('%s (decimal comma %s) → %d', (text, comma, want) => {
    expect(readPrice(text, comma)).toBe(want);
  });
});

describe('readVolume', () => {
  it.each([
    ['1413', false, 1413],
    ['45.6K', false, 45_600],
    ['45,6K', true, 45_600],
    ['10,36M', true, 10_360_000],
    ['1.23M', false, 1_230_000],
    ['3.84B', false, 3_840_000_000],
    ['1.234,5K', true, 1_234_500],
    ['1,234.5K', false, 1_234_500],
    ['0.000435K', false, 0.435],
    ['K', false, Number.NaN],
    ['1e3K', false, Number.NaN],
    ['1.5k', false, Number.NaN],
    ['1.5KB', false, Number.NaN],
    ['-', false, Number.NaN],
  ])('%s (decimal comma %s) → %d', (text, comma, want) => {
    expect(readVolume(text, comma)).toBe(want);
  });

  it('scales the decimal exactly, not by a rounded product', () => {
    expect(1.005 * 1000).not.toBe(1005); // the trap
    expect(readVolume('1.005K', false)).toBe(1005);
    expect(readVolume('1,005K', true)).toBe(1005);
    expect(readVolume('0.1M', false)).toBe(100_000);
    expect(readVolume('9007199254.740993M', false)).toBe(Number('9007199254740993'));
  });
});

describe('decimalEvidence', () => {
  it.each([
    ['1,5', 'comma'],
    ['2.450,00', 'comma'],
    ['-0,53%', 'comma'],
    ['12,75M', 'comma'],
    ['0,999', 'comma'],
    ['1.5', 'point'],
    ['1,234.5', 'point'],
    ['0.16%', 'point'],
    ['1.0845', 'point'],
    ['1,234', undefined],
    ['114.982', undefined],
    ['100', undefined],
    ['-', undefined],
    ['abc', undefined],
  ])('%s → %s', (cell, want) => {
    expect(decimalEvidence(cell)).toBe(want);
  });
});
