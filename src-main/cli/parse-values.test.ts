import { describe, expect, it } from 'vitest';
import { parseInstant, parseNumber, parseParams } from './parse-values';

describe('CLI values', () => {
  it('reads instants as epoch ms, ISO dates and times, UTC unless they carry an offset', () => {
    expect(parseInstant('from', '1677628800000')).toBe(Date.UTC(2023, 2, 1));
    expect(parseInstant('from', '2023-03-01')).toBe(Date.UTC(2023, 2, 1));
    expect(parseInstant('from', '2023-03-01T09:30')).toBe(Date.UTC(2023, 2, 1, 9, 30));
    expect(parseInstant('from', '2023-03-01T09:30:00+02:00')).toBe(Date.UTC(2023, 2, 1, 7, 30));
    expect(parseInstant('from', undefined)).toBeUndefined();
    expect(() => parseInstant('from', 'March 1st')).toThrow(/--from must be an ISO date or epoch ms, got "March 1st"/);
  });

  it('takes a date alone as the end of a window to mean the end of that day; a time stays as given', () => {
    expect(parseInstant('to', '2023-06-01', 'end')).toBe(Date.UTC(2023, 5, 2) - 1);
    expect(parseInstant('to', '2023-06-01T00:00', 'end')).toBe(Date.UTC(2023, 5, 1));
    expect(parseInstant('to', '1685577600000', 'end')).toBe(Date.UTC(2023, 5, 1));
  });

  it('types params and refuses malformed numbers and pairs', () => {
    expect(parseParams(['fast=10', 'long=true', 'name=x'])).toEqual({ fast: 10, long: true, name: 'x' });
    expect(() => parseParams(['fast'])).toThrow(/--param must be NAME=VALUE, got "fast"/);
    expect(parseNumber('cash', '1e4')).toBe(10_000);
    expect(() => parseNumber('cash', ' ')).toThrow(/--cash must be a number/);
  });
});
