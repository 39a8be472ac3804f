import type { z } from 'zod';
import { scaledText } from './format';

/** A bound as a person reads it: digits grouped from 10,000 up ("1,000,000,000,000,000", not "1000000000000000"). */
function boundText(value: number, scale: number): string {
  const text = scaledText(value, scale);
  const scaled = Number(text);
  return Math.abs(scaled) >= 10_000 ? scaled.toLocaleString('en-US', { maximumFractionDigits: 20 }) : text;
}

/** What a length bound counts. */
const COUNTED: Readonly<Record<string, string>> = { string: 'characters', array: 'items', set: 'items', file: 'bytes' };

/** An allowed value as typed: a tab is a word, and punctuation is quoted (`",", ";", tab`). */
const valueText = (value: unknown) => (value === '\t' ? 'tab' : /^[\w-]+$/.test(String(value)) ? String(value) : JSON.stringify(value));

/**
 * A schema issue in plain words for the person who typed the value, in the units they typed it
 * in: a bound on a number becomes "must be below 100%" (a fraction < 1 shown as a percent, scale
 * 100) rather than zod's "Too big: expected number to be <1"; a length bound counts characters,
 * and a choice lists the choices. Other issues keep their message. The app's form and the CLI
 * both say it this way, each naming its own field or option.
 */
export function issueText(issue: z.core.$ZodIssue, scale = 1, unit = ''): string {
  if ((issue.code === 'too_big' || issue.code === 'too_small') && issue.origin in COUNTED) {
    const bound = issue.code === 'too_big' ? issue.maximum : issue.minimum;
    if (issue.code === 'too_small' && Number(bound) === 1) return 'must not be empty';
    return `must be ${issue.code === 'too_big' ? 'at most' : 'at least'} ${String(bound)} ${COUNTED[issue.origin]} long`;
  }
  if (issue.code === 'too_big' && typeof issue.maximum === 'number') {
    return `must be ${issue.inclusive ? 'at most' : 'below'} ${boundText(issue.maximum, scale)}${unit}`;
  }
  if (issue.code === 'too_small' && typeof issue.minimum === 'number') {
    if (issue.minimum === 0 && issue.inclusive) return 'must not be negative';
    return `must be ${issue.inclusive ? 'at least' : 'above'} ${boundText(issue.minimum, scale)}${unit}`;
  }
  if (issue.code === 'invalid_value') return `must be one of ${issue.values.map(valueText).join(', ')}`;
  return issue.message;
}
