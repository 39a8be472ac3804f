import { lessThan } from '../../src-shared/param-rules';
import { ema } from '../indicators/moving-averages';
import { lastClosedIndex } from '../engine/higher-timeframe';
import { FLAT, HOLD, LONG, SHORT, crossedAbove, firstValid, num, type Strategy } from '../engine/strategy';
import { enumParam, intParam } from './params';

/**
 * A base-timeframe EMA crossover (meant for 15m bars) traded only in the direction of the
 * higher-timeframe trend (4h close above/below its EMA). Only 4h bars that have CLOSED by the
 * base bar's close are read (see lastClosedIndex). A cross against the trend closes the position.
 */
export const mtfEmaTrend: Strategy = {
  id: 'mtf-ema-trend',
  name: 'Multi-timeframe EMA trend',
  description: 'EMA crossover on the chart timeframe, taken only in the direction of the higher-timeframe trend (close vs its EMA).',
  version: '1',
  params: [
    intParam('fast', 'Fast EMA', 9, 2, 500, 'Bars in the fast EMA on the chart timeframe.'),
    intParam('slow', 'Slow EMA', 21, 3, 1000, 'Bars in the slow EMA on the chart timeframe.'),
    enumParam('trendTimeframe', 'Trend timeframe', '4h', ['1h', '4h', '1d', '1w'], 'Higher timeframe that sets the allowed direction.'),
    intParam('trendPeriod', 'Trend EMA', 50, 2, 500, 'Bars (of the trend timeframe) in the trend EMA.'),
  ],
  requiredTimeframes: (params) => [String(params.trendTimeframe)],
  rules: [lessThan('fast', 'slow')],
  prepare({ bars, higher, params, series }) {
    const trendBars = higher[String(params.trendTimeframe)];
    const fast = ema(bars.close, num(params, 'fast'), 0, series());
    const slow = ema(bars.close, num(params, 'slow'), 0, series());
    const trendEma = ema(trendBars.close, num(params, 'trendPeriod'));
    const closed = lastClosedIndex(bars, trendBars);
    // Trend per base bar: +1 up, −1 down, 0 unknown (no closed higher bar with an EMA yet).
    const trend = new Int8Array(bars.time.length);
    for (let i = 0; i < trend.length; i++) {
      const k = closed[i];
      if (k >= 0 && trendEma[k] === trendEma[k]) trend[i] = trendBars.close[k] > trendEma[k] ? 1 : trendBars.close[k] < trendEma[k] ? -1 : 0;
    }
    return {
      warmup: firstValid(fast, slow),
      decide(i, position) {
        const up = crossedAbove(fast, slow, i);
        const down = !up && crossedAbove(slow, fast, i);
        if (up) return trend[i] > 0 ? LONG : position === SHORT ? FLAT : HOLD;
        if (down) return trend[i] < 0 ? SHORT : position === LONG ? FLAT : HOLD;
        return HOLD;
      },
    };
  },
};
