import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { method, returns } from '../../src-shared/api/define';
import { BarwiseError } from '../../src-shared/errors';
import { implement } from './implement';

const spec = {
  math: {
    half: method(z.object({ value: z.number().int().min(2) }).strict(), returns<number>()),
    fail: method(z.object({}).strict(), returns<never>()),
    crash: method(z.object({}).strict(), returns<never>()),
  },
};

const api = implement(spec, {
  math: {
    half: ({ value }) => value / 2,
    fail: () => {
      throw new BarwiseError('DATASET_NOT_FOUND', 'No dataset with id d1');
    },
    crash: () => {
      throw new TypeError('x is not a function');
    },
  },
});

describe('implement', () => {
  it('validates input and names the failing field', async () => {
    await expect(api.math.half({ value: 10 })).resolves.toEqual({ ok: true, value: 5 });
    const bad = await api.math.half({ value: 1 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(!bad.ok && bad.error.message).toMatch(/^math\.half: value: /);
    const wrongType = await api.math.half({ value: 'x' } as never);
    expect(!wrongType.ok && wrongType.error.message).toMatch(/value:.*number/);
  });

  it('returns thrown BarwiseErrors as their code, anything else as INTERNAL', async () => {
    await expect(api.math.fail({})).resolves.toEqual({
      ok: false,
      error: { code: 'DATASET_NOT_FOUND', message: 'No dataset with id d1' },
    });
    await expect(api.math.crash({})).resolves.toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'x is not a function' },
    });
  });

  it('rejects an implementation that misses a method or adds an undeclared one', () => {
    expect(() => implement(spec, { math: { half: () => 1, fail: () => 1 } } as never)).toThrow(/math\.crash has no implementation/);
    expect(() =>
      implement(spec, { math: { half: () => 1, fail: () => 1 as never, crash: () => 1 as never, extra: () => 1 } } as never),
    ).toThrow(/undeclared methods: extra/);
  });
});
