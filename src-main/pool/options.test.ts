import { describe, expect, it } from 'vitest';
import { DEFAULT_POOL_OPTIONS, resolvePoolOptions, timeoutFor } from './options';
import { PriorityQueue } from './queue';

describe('pool options', () => {
  it('has frozen defaults', () => {
    expect(Object.isFrozen(DEFAULT_POOL_OPTIONS)).toBe(true);
    expect(DEFAULT_POOL_OPTIONS.recycleAfterTasks).toBe(100);
    expect(resolvePoolOptions({}, 4).options.threads).toBe(4);
  });

  it('caps a thread count above the cores and says so', () => {
    const { options, notes } = resolvePoolOptions({ threads: 64 }, 2);
    expect(options.threads).toBe(2);
    expect(notes[0]).toMatch(/64 worker threads requested; capped at the 2 cores/);
  });

  it('names the field that fails validation', () => {
    expect(() => resolvePoolOptions({ threads: 0 }, 2)).toThrow(/threads must be an integer in \[1, 1024\], got 0/);
    expect(() => resolvePoolOptions({ recycleAfterTasks: 1.5 }, 2)).toThrow(/recycleAfterTasks/);
    expect(() => resolvePoolOptions({ cancelGraceMs: Number.NaN }, 2)).toThrow(/cancelGraceMs/);
    expect(() => resolvePoolOptions({ kindTimeoutsMs: { backtest: -1 } }, 2)).toThrow(/kindTimeoutsMs\.backtest/);
    expect(() => resolvePoolOptions({ userCodeTimeoutMs: 0.5 }, 2)).toThrow(/userCodeTimeoutMs must be an integer/);
    expect(() => resolvePoolOptions({ bogus: 1 } as never, 2)).toThrow(/unknown pool option\(s\): bogus/);
  });

  it('takes a kind timeout over the default one', () => {
    const { options } = resolvePoolOptions({ taskTimeoutMs: 1000, kindTimeoutsMs: { slow: 5000 } }, 2);
    expect(timeoutFor(options, 'slow')).toBe(5000);
    expect(timeoutFor(options, 'other')).toBe(1000);
  });
});

describe('PriorityQueue', () => {
  it('serves interactive before normal before batch, FIFO within each', () => {
    const q = new PriorityQueue<string>();
    q.push('b1', 'batch');
    q.push('n1', 'normal');
    q.push('b2', 'batch');
    q.push('i1', 'interactive');
    q.push('i2', 'interactive');
    expect(q.remove('n1')).toBe(true);
    expect(q.length).toBe(4);
    expect([q.shift(), q.shift(), q.shift(), q.shift(), q.shift()]).toEqual(['i1', 'i2', 'b1', 'b2', undefined]);
  });

  it('stays correct over many pushes and shifts', () => {
    const q = new PriorityQueue<number>();
    for (let i = 0; i < 5000; i++) q.push(i, 'normal');
    for (let i = 0; i < 4000; i++) expect(q.shift()).toBe(i);
    q.push(9999, 'normal');
    expect(q.drain()).toEqual([...Array.from({ length: 1000 }, (_, i) => 4000 + i), 9999]);
    expect(q.length).toBe(0);
  });
});
