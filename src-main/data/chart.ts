import type { ChartSeries } from '../../src-shared/api/datasets';
import type { Bars } from '../../src-shared/bars/bars';
import { formatTimeframe } from '../../src-shared/bars/resample';
import { lowerBound, upperBound } from '../../src-shared/bars/search';


/**
 * A price-chart series of at most `maxPoints` candles. Downsampling merges runs of consecutive
 * bars into one candle (first open, max high, min low, last close), which keeps every extreme
 * visible. (LTTB, as in the `downsample` package, picks points of ONE series and would drop the
 * highs and lows a candle chart must show; it fits line series such as equity curves.)
 */
export function chartSeries(datasetId: string, bars: Bars, maxPoints: number, from?: number, to?: number): ChartSeries {
  const start = from === undefined ? 0 : lowerBound(bars.time, from);
  const end = to === undefined ? bars.time.length : upperBound(bars.time, to);
  const n = Math.max(0, end - start);
  const per = Math.max(1, Math.ceil(n / maxPoints));
  const points = Math.ceil(n / per);
  const out: Omit<ChartSeries, 'datasetId' | 'timeframe' | 'barsPerPoint' | 'totalBars'> = {
    time: new Array<number>(points),
    open: new Array<number>(points),
    high: new Array<number>(points),
    low: new Array<number>(points),
    close: new Array<number>(points),
  };
  for (let p = 0; p < points; p++) {
    const a = start + p * per;
    const b = Math.min(end, a + per);
    let high = bars.high[a];
    let low = bars.low[a];
    for (let i = a + 1; i < b; i++) {
      if (bars.high[i] > high) high = bars.high[i];
      if (bars.low[i] < low) low = bars.low[i];
    }
    out.time[p] = bars.time[a];
    out.open[p] = bars.open[a];
    out.high[p] = high;
    out.low[p] = low;
    out.close[p] = bars.close[b - 1];
  }
  return { datasetId, timeframe: formatTimeframe(bars.timeframeMs), ...out, barsPerPoint: per, totalBars: n };
}
