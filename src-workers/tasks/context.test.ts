import { describe, expect, it } from 'vitest';
import { calibrate } from './calibrate';
import { createTaskContext } from './context';
import type { ProgressMessage } from './protocol';

function context(seq = 7, progressIntervalMs = 100) {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const posted: ProgressMessage[] = [];
  const ctx = createTaskContext({ seq, cancelFlag: flag, progressIntervalMs, post: (m) => posted.push(m), shared: new Map([['k', 42]]) });
  return { ctx, flag, posted };
}

describe('task context', () => {
  it('throws CANCELLED at the checkpoint after main stores this task’s seq in the flag', () => {
    const { ctx, flag } = context(7);
    ctx.checkpoint(0.1);
    Atomics.store(flag, 0, 6); // another task's cancel: not ours
    expect(ctx.cancelled).toBe(false);
    Atomics.store(flag, 0, 7);
    expect(ctx.cancelled).toBe(true);
    expect(() => ctx.checkpoint(0.2)).toThrowError(expect.objectContaining({ code: 'CANCELLED' }));
  });

  it('posts at most one progress message per interval and rejects a bad fraction', () => {
    const { ctx, posted } = context(1, 100);
    for (let i = 0; i < 10_000; i++) ctx.checkpoint(i / 10_000, 'working');
    expect(posted).toHaveLength(1);
    expect(posted[0]).toEqual({ barwiseProgress: true, seq: 1, fraction: 0, message: 'working' });
    expect(() => ctx.checkpoint(Number.NaN)).toThrow(/within \[0, 1\], got NaN/);
    expect(() => ctx.checkpoint(1.5)).toThrow(RangeError);
  });

  it('reads values shared with the worker', () => {
    const { ctx } = context();
    expect(ctx.shared<number>('k')).toBe(42);
    expect(() => ctx.shared('nope')).toThrowError(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});

describe('calibrate kernel', () => {
  it('is deterministic and counts only fast < slow pairs', () => {
    const a = calibrate({ bars: 5_000, fast: [5, 50], slow: [20, 40], seed: 3 });
    const b = calibrate({ bars: 5_000, fast: [5, 50], slow: [20, 40], seed: 3 });
    expect(a).toEqual(b);
    expect(a.runs).toBe(2);
    expect(() => calibrate({ bars: 1, fast: [], slow: [] })).toThrow(/calibrate.bars must be an integer ≥ 2/);
  });
});
