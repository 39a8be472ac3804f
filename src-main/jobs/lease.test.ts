import { describe, expect, it } from 'vitest';
import { DEFAULT_LEASE, resolveLease } from './lease';

describe('lease options', () => {
  it('defaults to a 2 s heartbeat and a 30 s lease, and takes shorter ones', () => {
    expect(resolveLease()).toEqual({ heartbeatMs: 2_000, leaseMs: 30_000 });
    expect(Object.isFrozen(DEFAULT_LEASE)).toBe(true);
    expect(resolveLease({ heartbeatMs: 100, leaseMs: 1_000 })).toEqual({ heartbeatMs: 100, leaseMs: 1_000 });
  });

  it('refuses a lease that spans fewer than 3 heartbeats, and values that are not whole milliseconds in range', () => {
    expect(() => resolveLease({ heartbeatMs: 1_000, leaseMs: 2_000 })).toThrow(/leaseMs \(2000\) must be at least 3 heartbeats \(3000\)/);
    expect(() => resolveLease({ heartbeatMs: 0.5 })).toThrow(/heartbeatMs must be an integer/);
    expect(() => resolveLease({ leaseMs: 5 })).toThrow(/leaseMs must be an integer in \[10, 3600000\]/);
    expect(() => resolveLease({ heartbeatMs: Number.NaN })).toThrow(/heartbeatMs/);
  });
});
