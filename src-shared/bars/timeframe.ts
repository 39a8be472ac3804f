/** Timeframe labels the app understands, shortest first. */
export const TIMEFRAMES = ['1m', '5m', '15m', '30m', '1h', '4h', '1d', '1w'] as const;
export type Timeframe = (typeof TIMEFRAMES)[number];

const MINUTE_MS = 60_000;
const TIMEFRAME_MS: Readonly<Record<Timeframe, number>> = {
  '1m': MINUTE_MS,
  '5m': 5 * MINUTE_MS,
  '15m': 15 * MINUTE_MS,
  '30m': 30 * MINUTE_MS,
  '1h': 60 * MINUTE_MS,
  '4h': 240 * MINUTE_MS,
  '1d': 1440 * MINUTE_MS,
  '1w': 7 * 1440 * MINUTE_MS,
};

export function isTimeframe(label: string): label is Timeframe {
  return (TIMEFRAMES as readonly string[]).includes(label);
}

/** '4h' → 14_400_000. Throws on a label outside TIMEFRAMES (a typo must not become NaN). */
export function timeframeMs(label: string): number {
  if (!isTimeframe(label)) throw new Error(`unknown timeframe '${label}' (expected one of ${TIMEFRAMES.join(', ')})`);
  return TIMEFRAME_MS[label];
}

/** 14_400_000 → '4h'; undefined when the spacing is not one of TIMEFRAMES. */
export function timeframeLabel(ms: number): Timeframe | undefined {
  return TIMEFRAMES.find((label) => TIMEFRAME_MS[label] === ms);
}
