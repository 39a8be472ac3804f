import type { z } from 'zod';
import { scaledText } from './format';

/**
 * A schema issue in plain words for the person who typed the value, in the units they typed it
 * in: a bound on a number becomes "must be below 100%" (a fraction < 1 shown as a percent, scale
 * 100) rather than zod's "Too big: expected number to be <1". Other issues keep their message.
 * The app's form and the CLI both say it this way, each naming its own field or option.
 */
export function issueText(issue: z.core.$ZodIssue, scale = 1, unit = ''): string {
  if (issue.code === 'too_big' && typeof issue.maximum === 'number') {
    return `must be ${issue.inclusive ? 'at most' : 'below'} ${scaledText(issue.maximum, scale)}${unit}`;
  }
  if (issue.code === 'too_small' && typeof issue.minimum === 'number') {
    if (issue.minimum === 0 && issue.inclusive) return 'must not be negative';
    return `must be ${issue.inclusive ? 'at least' : 'above'} ${scaledText(issue.minimum, scale)}${unit}`;
  }
  return issue.message;
}
