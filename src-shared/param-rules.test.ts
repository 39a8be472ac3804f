import { describe, expect, it } from 'vitest';
import { atMost, brokenRules, lessThan } from './param-rules';

describe('brokenRules', () => {
  it('names both parameters and their values, with labels when given', () => {
    const rules = [lessThan('fast', 'slow'), atMost('exit', 'entry')];
    expect(brokenRules(rules, { fast: 10, slow: 30, exit: 10, entry: 10 })).toEqual([]);
    expect(brokenRules(rules, { fast: 30, slow: 30, exit: 11, entry: 10 }).map((p) => p.message)).toEqual([
      'fast (30) must be less than slow (30)',
      'exit (11) must not exceed entry (10)',
    ]);
    expect(brokenRules([lessThan('fast', 'slow')], { fast: 40, slow: 30 }, (n) => `${n[0].toUpperCase()}${n.slice(1)} period`)[0].message).toBe(
      'Fast period (40) must be less than Slow period (30)',
    );
  });

  it('leaves values that are not finite numbers to the per-field checks', () => {
    expect(brokenRules([lessThan('fast', 'slow')], { fast: Number.NaN, slow: 3 })).toEqual([]);
    expect(brokenRules([lessThan('fast', 'slow')], { fast: 'x', slow: 3 })).toEqual([]);
  });
});
