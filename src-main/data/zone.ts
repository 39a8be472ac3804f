import { BarwiseError } from '../../src-shared/errors';

/**
 * Naive wall-clock times ("2024-03-10 02:30") → UTC epoch ms in an IANA zone, DST-correct,
 * using only Intl. Offsets are cached per 15-minute bucket (every real-world transition falls on a
 * quarter hour), so a million rows cost a million Map lookups, not a million Intl calls.
 *
 * Disambiguation (same as Temporal's 'compatible'): a time inside a spring-forward gap is moved
 * forward by the gap (02:30 → 03:30 local); a time inside a fall-back overlap resolves to the
 * EARLIER instant when nothing precedes it, else to the occurrence nearest the previous row but
 * not equal to it (so the repeated hour of a file sorted either way maps to two distinct hours
 * instead of duplicates).
 */
export interface ZoneConverter {
  readonly zone: string;
  /** `previousUtc` lets an overlap choose the second occurrence when the file has passed the first. */
  toUtc(localMs: number, previousUtc?: number): number;
}

const BUCKET = 900_000;
const DAY = 86_400_000;
/** Entries per cache (≈ 3 years of quarter hours): bounded memory on a 30 M-row file. */
const MAX_CACHED = 100_000;

export function isValidZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function offsetFunction(zone: string): (utcMs: number) => number {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    era: 'short',
  });
  const cache = new Map<number, number>();
  return (utcMs) => {
    const bucket = Math.floor(utcMs / BUCKET);
    let offset = cache.get(bucket);
    if (offset === undefined) {
      const at = bucket * BUCKET;
      const parts: Record<string, string> = {};
      for (const p of format.formatToParts(at)) parts[p.type] = p.value;
      let year = Number(parts.year);
      if (parts.era === 'BC' || parts.era === 'B') year = 1 - year;
      const local = Date.UTC(year, Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
      offset = local - at;
      if (cache.size >= MAX_CACHED) cache.clear(); // bounded: rows arrive in time order, so recent buckets are what matters
      cache.set(bucket, offset);
    }
    return offset;
  };
}

type Resolution = { readonly kind: 'single'; readonly offset: number } | { readonly kind: 'edge' };

export function zoneConverter(zone: string): ZoneConverter {
  if (zone === 'UTC' || zone === 'Etc/UTC' || zone === 'GMT') return { zone, toUtc: (local) => local };
  if (!isValidZone(zone)) throw new BarwiseError('VALIDATION_FAILED', `tz: unknown time zone "${zone}" (use an IANA name such as Europe/Berlin)`);
  const offsetAt = offsetFunction(zone);
  const byLocalBucket = new Map<number, Resolution>();

  const candidates = (local: number): number[] => {
    const before = offsetAt(local - DAY);
    const after = offsetAt(local + DAY);
    const found: number[] = [];
    for (const offset of before === after ? [before] : [before, after]) {
      const utc = local - offset;
      if (offsetAt(utc) === offset && !found.includes(utc)) found.push(utc);
    }
    if (found.length === 0) found.push(local - before); // inside a gap: shift forward by the gap
    return found.sort((a, b) => a - b);
  };

  return {
    zone,
    toUtc(local, previousUtc) {
      const bucket = Math.floor(local / BUCKET);
      let resolution = byLocalBucket.get(bucket);
      if (resolution === undefined) {
        // A bucket is 'single' only when both its ends resolve uniquely with the same offset.
        const start = candidates(bucket * BUCKET);
        const end = candidates(bucket * BUCKET + BUCKET - 1);
        const offStart = bucket * BUCKET - start[0];
        const offEnd = bucket * BUCKET + BUCKET - 1 - end[0];
        resolution =
          start.length === 1 && end.length === 1 && offStart === offEnd && offsetAt(start[0]) === offStart
            ? { kind: 'single', offset: offStart }
            : { kind: 'edge' };
        if (byLocalBucket.size >= MAX_CACHED) byLocalBucket.clear();
        byLocalBucket.set(bucket, resolution);
      }
      if (resolution.kind === 'single') return local - resolution.offset;
      const all = candidates(local);
      if (all.length === 1 || previousUtc === undefined) return all[0];
      // An overlap: the occurrence nearest the previous row (but not equal to it), so the repeated
      // hour of a file sorted either way maps to two distinct instants.
      let best = all[0];
      for (const c of all) {
        if (c === previousUtc) continue;
        if (best === previousUtc || Math.abs(c - previousUtc) < Math.abs(best - previousUtc)) best = c;
      }
      return best;
    },
  };
}
