import { rollingMax, rollingMin } from './oscillators';

export interface DonchianChannel {
  readonly upper: Float64Array;
  readonly lower: Float64Array;
  readonly middle: Float64Array;
}

/** Highest high and lowest low of the last `period` bars, current bar included. */
export function donchian(high: Float64Array, low: Float64Array, period: number): DonchianChannel {
  const upper = rollingMax(high, period);
  const lower = rollingMin(low, period);
  const middle = new Float64Array(high.length);
  for (let i = 0; i < high.length; i++) middle[i] = (upper[i] + lower[i]) / 2;
  return { upper, lower, middle };
}
