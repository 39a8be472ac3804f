import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { backtestConfigSchema, type BacktestConfigInput } from './backtest';
import { issueText } from './issue-text';

/** The first issue backtestConfigSchema raises for `config`. */
function firstIssue(config: Omit<BacktestConfigInput, 'strategy'>) {
  const parsed = backtestConfigSchema.safeParse({ strategy: { id: 'sma-cross' }, ...config });
  if (parsed.success) throw new Error('expected an issue');
  return parsed.error.issues[0];
}

describe('issueText', () => {
  it('says each kind of bound in words, in the units the value was typed in', () => {
    expect(issueText(firstIssue({ commission: { fraction: 2 } }))).toBe('must be below 1');
    expect(issueText(firstIssue({ commission: { fraction: 2 } }), 100, '%')).toBe('must be below 100%');
    expect(issueText(firstIssue({ sizing: { kind: 'equity-fraction', fraction: 1.5 } }), 100, '%')).toBe('must be at most 100%');
    expect(issueText(firstIssue({ cash: 0 }))).toBe('must be above 0');
    expect(issueText(firstIssue({ commission: { fixed: -1 } }))).toBe('must not be negative');
    expect(issueText(firstIssue({ leverage: 0.5 }))).toBe('must be at least 1');
    expect(issueText(firstIssue({ leverage: 2000 }))).toBe('must be at most 1000');
  });

  it('scales a bound without binary noise', () => {
    // 0.07 × 100 is 7.000000000000001 in binary floating point.
    const parsed = z.number().max(0.07).safeParse(1);
    expect(issueText(parsed.error!.issues[0], 100, '%')).toBe('must be at most 7%');
  });

  it('says a bound on a length in characters, a choice as its choices, a large bound with grouped digits', () => {
    const text = (schema: z.ZodType, value: unknown) => issueText(schema.safeParse(value).error!.issues[0]);
    expect(text(z.string().min(1), '')).toBe('must not be empty');
    expect(text(z.string().max(200), 'x'.repeat(201))).toBe('must be at most 200 characters long');
    expect(issueText(firstIssue({ direction: 'sideways' as 'both' }))).toBe('must be one of long-only, short-only, both');
    expect(text(z.enum([',', '\t']), 'x')).toBe('must be one of ",", tab');
    expect(issueText(firstIssue({ cash: 1e308 }))).toBe('must be at most 1,000,000,000,000,000');
  });

  it('keeps the message of an issue that is not a bound', () => {
    const issue = firstIssue({ from: 2, to: 1 });
    expect(issueText(issue)).toBe(issue.message);
    expect(issue.message).toMatch(/^from \(1970-01-01\) must not be after to/);
  });
});
