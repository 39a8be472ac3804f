import { blockBounds } from '../../src-shared/optimize/diagnostics';
import { CSCV_BLOCKS, type BlockMoments, type ReturnMoments } from '../../src-shared/optimize/results';
import { periodEnd, returnPeriod } from '../engine/periods';

/**
 * A run's period returns, the ones its Sharpe ratio is computed on (days for intraday and daily
 * bars, weeks, months, years for such bars: docs/statistics.md, "Annualized"), reduced to what
 * the overfitting diagnostics need: their moments, and their sums in CSCV_BLOCKS blocks.
 */

/** The last bar of each period of `time`: the same for every variant of a chunk, so found once. */
export function periodLastBars(time: Float64Array, timeframeMs: number): Int32Array {
  const { unit } = returnPeriod(timeframeMs);
  const last: number[] = [];
  let end = time.length > 0 ? periodEnd(unit, time[0]) : 0;
  for (let i = 1; i < time.length; i++) {
    if (time[i] >= end) {
      last.push(i - 1);
      end = periodEnd(unit, time[i]);
    }
  }
  if (time.length > 0) last.push(time.length - 1);
  return Int32Array.from(last);
}

/** r_j = E_j / E_{j−1} − 1 over the equity at each period's last bar (so one fewer return than periods). */
export function periodReturns(equity: Float64Array, lastBars: Int32Array): Float64Array {
  const out = new Float64Array(Math.max(0, lastBars.length - 1));
  for (let j = 1; j < lastBars.length; j++) out[j - 1] = equity[lastBars[j]] / equity[lastBars[j - 1]] - 1;
  return out;
}

/** Mean, sample std (T − 1), skewness m₃/m₂^{3/2} and raw kurtosis m₄/m₂² (population moments). */
export function returnMoments(r: Float64Array): ReturnMoments {
  const t = r.length;
  if (t === 0) return { count: 0, mean: 0, std: 0, skewness: 0, kurtosis: 3 };
  let sum = 0;
  for (let i = 0; i < t; i++) sum += r[i];
  const mean = sum / t;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < t; i++) {
    const d = r[i] - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  const std = t > 1 ? Math.sqrt(m2 / (t - 1)) : 0;
  m2 /= t;
  m3 /= t;
  m4 /= t;
  // A flat series (or a single return) has no shape: the normal's, so the DSR adds nothing for it.
  if (!(m2 > 1e-300)) return { count: t, mean, std, skewness: 0, kurtosis: 3 };
  return { count: t, mean, std, skewness: m3 / m2 ** 1.5, kurtosis: m4 / (m2 * m2) };
}

/** The returns' count, sum and sum of squares in CSCV_BLOCKS consecutive blocks (fewer when there are fewer returns). */
export function blockMoments(r: Float64Array, blocks = CSCV_BLOCKS): BlockMoments[] {
  if (r.length < blocks) return [];
  return blockBounds(r.length, blocks).map(([from, to]) => {
    let sum = 0;
    let sumOfSquares = 0;
    for (let i = from; i < to; i++) {
      sum += r[i];
      sumOfSquares += r[i] * r[i];
    }
    return { count: to - from, sum, sumOfSquares };
  });
}
