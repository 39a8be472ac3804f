import { describe, expect, it } from 'vitest';
import { zoneConverter } from './zone';

const local = (y: number, mo: number, d: number, h: number, mi = 0) => Date.UTC(y, mo - 1, d, h, mi);

describe('zoneConverter', () => {
  it('UTC is the identity', () => {
    expect(zoneConverter('UTC').toUtc(local(2024, 1, 1, 12))).toBe(local(2024, 1, 1, 12));
  });

  it('applies winter and summer offsets (Europe/Berlin)', () => {
    const z = zoneConverter('Europe/Berlin');
    expect(z.toUtc(local(2024, 1, 15, 12))).toBe(local(2024, 1, 15, 11));
    expect(z.toUtc(local(2024, 7, 15, 12))).toBe(local(2024, 7, 15, 10));
  });

  it('moves a time in the spring-forward gap forward by the gap (America/New_York)', () => {
    const z = zoneConverter('America/New_York');
    // 02:30 does not exist on 2024-03-10: read as 03:30 EDT = 07:30Z
    expect(z.toUtc(local(2024, 3, 10, 2, 30))).toBe(local(2024, 3, 10, 7, 30));
    expect(z.toUtc(local(2024, 3, 10, 3, 0))).toBe(local(2024, 3, 10, 7, 0));
  });

  it('reads the repeated fall-back hour as the first occurrence, then the second once passed', () => {
    const z = zoneConverter('America/New_York');
    const first = z.toUtc(local(2024, 11, 3, 1, 30));
    expect(first).toBe(local(2024, 11, 3, 5, 30)); // EDT
    expect(z.toUtc(local(2024, 11, 3, 1, 30), first)).toBe(local(2024, 11, 3, 6, 30)); // EST
  });

  it('maps the repeated hour of a newest-first file to two distinct instants', () => {
    const z = zoneConverter('America/New_York');
    const two = z.toUtc(local(2024, 11, 3, 2, 0)); // 02:00 EST = 07:00Z
    const est = z.toUtc(local(2024, 11, 3, 1, 0), two);
    const edt = z.toUtc(local(2024, 11, 3, 1, 0), est);
    expect([two, est, edt]).toEqual([7, 6, 5].map((h) => local(2024, 11, 3, h)));
  });

  it('handles half-hour zones (Asia/Kolkata)', () => {
    expect(zoneConverter('Asia/Kolkata').toUtc(local(2024, 1, 1, 5, 30))).toBe(local(2024, 1, 1, 0, 0));
  });

  it('rejects an unknown zone', () => {
    expect(() => zoneConverter('Mars/Olympus')).toThrow(/unknown time zone/);
  });
});
