import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lowerBound, upperBound } from './search';

describe('lowerBound / upperBound', () => {
  it('first index with value ≥ t, and first with value > t, on sorted arrays with repeats', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 40 }), fc.double({ min: -1, max: 21, noNaN: true }), (values, t) => {
        const sorted = Float64Array.from(values.sort((a, b) => a - b));
        const firstAtLeast = sorted.findIndex((v) => v >= t);
        const firstAbove = sorted.findIndex((v) => v > t);
        expect(lowerBound(sorted, t)).toBe(firstAtLeast < 0 ? sorted.length : firstAtLeast);
        expect(upperBound(sorted, t)).toBe(firstAbove < 0 ? sorted.length : firstAbove);
      }),
    );
  });
});
