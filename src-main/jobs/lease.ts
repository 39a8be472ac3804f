/**
 * How long a process's claim on its jobs lasts without renewal, and how often it renews it.
 *
 * A process renews its lease every heartbeat while it holds unfinished jobs (one small write).
 * Another process fails those jobs only when the lease has run out (or the owner's pid is gone).
 * The lease must outlast every stall of a healthy process's event loop, or a slow process would
 * have its work taken from it: a write waiting for another process's lock (busy_timeout, 5 s, see
 * src-main/store/db.ts), the commit of a large import (≈ 0.2 s per million bars), loading a large
 * dataset into the cache, garbage collection. 30 s is several times the worst of these; it is
 * also how long the jobs of a hung process keep showing `running` before they fail.
 * The heartbeat is 2 s: 15 renewals per lease, so many missed beats in a row are tolerated; it
 * also bounds how soon a cancel asked for by another process reaches the owner and how soon a
 * live process notices a dead owner. It writes nothing while the process holds no jobs.
 */
export interface LeaseOptions {
  readonly heartbeatMs: number;
  readonly leaseMs: number;
}

export const DEFAULT_LEASE: Readonly<LeaseOptions> = Object.freeze({ heartbeatMs: 2_000, leaseMs: 30_000 });

/** Defaults + the caller's (tests shorten both), validated: the lease must span several beats. */
export function resolveLease(input: Partial<LeaseOptions> = {}): LeaseOptions {
  const lease = { ...DEFAULT_LEASE, ...input };
  for (const [field, value] of Object.entries(lease)) {
    if (!Number.isInteger(value) || value < 10 || value > 3_600_000) {
      throw new RangeError(`lease option ${field} must be an integer in [10, 3600000] ms, got ${String(value)}`);
    }
  }
  if (lease.leaseMs < 3 * lease.heartbeatMs) {
    throw new RangeError(`lease option leaseMs (${lease.leaseMs}) must be at least 3 heartbeats (${3 * lease.heartbeatMs})`);
  }
  return lease;
}
