import { describe, expect, it } from 'vitest';
import { durationText } from './format';

describe('durationText', () => {
  it('gives the two largest units, dropping a zero second part', () => {
    expect(durationText(0)).toBe('0ms');
    expect(durationText(800)).toBe('800ms');
    expect(durationText(65_000)).toBe('1m 5s');
    expect(durationText(90_061_000)).toBe('1d 1h');
    expect(durationText(3 * 86_400_000)).toBe('3d');
    expect(durationText(-7_200_000)).toBe('-2h');
    expect(durationText(Number.NaN)).toBeUndefined();
  });
});
