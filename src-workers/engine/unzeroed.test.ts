import { describe, expect, it } from 'vitest';
import { unzeroedFloat64 } from './unzeroed';

describe('unzeroedFloat64', () => {
  it('gives an array of the length asked for, which keeps what is written to it', () => {
    for (const length of [0, 1, 3, 64, 100_003]) {
      const array = unzeroedFloat64(length);
      expect(array).toBeInstanceOf(Float64Array);
      expect(array.length).toBe(length);
      for (let i = 0; i < length; i++) array[i] = i * 0.5 - 7;
      for (let i = 0; i < length; i++) if (array[i] !== i * 0.5 - 7) throw new Error(`element ${i} changed`);
    }
  });

  it('gives each array memory of its own, small ones too (never a slice of a shared pool)', () => {
    const a = unzeroedFloat64(4);
    const b = unzeroedFloat64(4);
    expect(a.buffer).not.toBe(b.buffer);
    expect(a.byteOffset).toBe(0);
    expect(a.buffer.byteLength).toBe(4 * Float64Array.BYTES_PER_ELEMENT);
    a.fill(1);
    b.fill(2);
    expect([...a]).toEqual([1, 1, 1, 1]);
  });
});
