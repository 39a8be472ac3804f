import { z } from 'zod';
import { parseTimeframe } from '../bars/resample';

/** The longest bar a timeframe may name: a year. Longer bars mean nothing to a backtest. */
export const MAX_TIMEFRAME = '366d';
const MAX_TIMEFRAME_MS = 366 * 86_400_000;

/** Why a typed timeframe is refused, or undefined when it is fine. */
function timeframeProblem(label: string): string | undefined {
  const match = /^(\d+)(s|m|h|d|w)$/.exec(label);
  if (!match) return 'must be a whole number of s, m, h, d or w, such as 1m, 15m, 4h, 1d, 1w or 90m';
  if (Number(match[1]) === 0) return 'must be longer than 0';
  let ms: number;
  try {
    ms = parseTimeframe(label);
  } catch {
    ms = Number.POSITIVE_INFINITY;
  }
  return ms > MAX_TIMEFRAME_MS ? `must be at most ${MAX_TIMEFRAME} (a year)` : undefined;
}

/**
 * A timeframe as a person types it (`90m`, `4h`, `1w`): a whole number of s, m, h, d or w, from
 * 1s to a year. Checked where it enters, so that no huge label reaches the resampler.
 */
export const timeframeSchema = z.string().superRefine((label, ctx) => {
  const message = timeframeProblem(label);
  if (message) ctx.addIssue({ code: 'custom', message });
});
