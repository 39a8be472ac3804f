/**
 * Volume-weighted average price of the typical price (H+L+C)/3, cumulative from the first bar
 * (technicalindicators' convention; anchor resets are left to the caller by slicing bars).
 */
export function vwap(high: Float64Array, low: Float64Array, close: Float64Array, volume: Float64Array): Float64Array {
  const n = close.length;
  const out = new Float64Array(n);
  let priceVolume = 0;
  let totalVolume = 0;
  for (let i = 0; i < n; i++) {
    priceVolume += ((high[i] + low[i] + close[i]) / 3) * volume[i];
    totalVolume += volume[i];
    out[i] = totalVolume > 0 ? priceVolume / totalVolume : NaN;
  }
  return out;
}
