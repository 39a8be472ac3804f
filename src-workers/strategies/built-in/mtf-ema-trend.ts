import { defineStrategy, ema } from 'barwise';

/**
 * A base-timeframe EMA crossover (meant for 15m bars) taken only in the direction of the higher
 * timeframe's trend (its close above or below its EMA). A higher bar is read from the base bar at
 * whose close it has closed, never while it is still forming. A cross against the trend closes
 * the position.
 */
export default defineStrategy({
  name: 'Multi-timeframe EMA trend',
  description: 'EMA crossover on the chart timeframe, taken only in the direction of the higher-timeframe trend (close vs its EMA).',
  params: {
    fast: { type: 'int', default: 9, min: 2, max: 500, label: 'Fast EMA', description: 'Bars in the fast EMA on the chart timeframe.' },
    slow: { type: 'int', default: 21, min: 3, max: 1000, label: 'Slow EMA', description: 'Bars in the slow EMA on the chart timeframe.' },
    trendTimeframe: {
      type: 'enum',
      options: ['1h', '4h', '1d', '1w'],
      default: '4h',
      label: 'Trend timeframe',
      description: 'Higher timeframe that sets the allowed direction.',
    },
    trendPeriod: { type: 'int', default: 50, min: 2, max: 500, label: 'Trend EMA', description: 'Bars (of the trend timeframe) in the trend EMA.' },
  },
  rules: [{ kind: 'less-than', left: 'fast', right: 'slow' }],
  timeframes: (params) => [params.trendTimeframe],
  init: ({ data, params, higher, I }) => {
    const timeframe = params.trendTimeframe;
    const trend = higher(timeframe);
    return {
      fast: I(ema(data.close, params.fast)),
      slow: I(ema(data.close, params.slow)),
      trendClose: I(trend.close, { timeframe, name: 'trend close' }),
      trendEma: I(ema(trend.close, params.trendPeriod), { timeframe, name: 'trend EMA' }),
    };
  },
  next({ crossover, position, buy, sell }, { fast, slow, trendClose, trendEma }) {
    const up = trendClose.at(-1) > trendEma.at(-1);
    const down = trendClose.at(-1) < trendEma.at(-1);
    if (crossover(fast, slow)) {
      if (up) {
        if (!position.isLong) {
          position.close();
          buy();
        }
      } else if (position.isShort) position.close();
    } else if (crossover(slow, fast)) {
      if (down) {
        if (!position.isShort) {
          position.close();
          sell();
        }
      } else if (position.isLong) position.close();
    }
  },
});
