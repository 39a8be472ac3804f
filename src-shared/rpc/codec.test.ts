import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, encode } from './codec';

describe('codec', () => {
  it('round-trips typed arrays, ArrayBuffers and non-finite numbers', () => {
    const value = {
      f64: new Float64Array([1.5, -0, Number.NaN, Number.POSITIVE_INFINITY, 1e-300]),
      i32: new Int32Array([1, -2, 2 ** 31 - 1]),
      bytes: new Uint8Array([0, 255, 128]),
      buffer: new Uint8Array([9, 8, 7]).buffer,
      nested: [{ n: Number.NEGATIVE_INFINITY, u: undefined, s: 'x' }],
    };
    const back = decode(encode(value)) as typeof value;
    expect(back.f64).toBeInstanceOf(Float64Array);
    expect(Array.from(back.f64)).toEqual(Array.from(value.f64));
    expect(Object.is(back.f64[1], -0)).toBe(true);
    expect(back.i32).toEqual(value.i32);
    expect(back.bytes).toEqual(value.bytes);
    expect(new Uint8Array(back.buffer)).toEqual(new Uint8Array([9, 8, 7]));
    expect(back.nested[0]).toEqual({ n: Number.NEGATIVE_INFINITY, u: undefined, s: 'x' });
  });

  it('round-trips any Float64Array bit for bit', () => {
    fc.assert(
      fc.property(fc.float64Array({ maxLength: 200 }), (array) => {
        const back = decode(encode({ array })) as { array: Float64Array };
        expect(new Uint8Array(back.array.buffer)).toEqual(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
      }),
    );
  });

  it('round-trips a view on part of a larger buffer as just that part', () => {
    const whole = new Float64Array([1, 2, 3, 4]);
    const back = decode(encode(whole.subarray(1, 3))) as Float64Array;
    expect(Array.from(back)).toEqual([2, 3]);
  });
});
