import { defineStrategy, rsi } from 'barwise';

export default defineStrategy({
  name: 'RSI with stop-loss and take-profit',
  description: 'Buys when the RSI crosses up through the oversold level, with a stop-loss and a take-profit on every entry; closes when it crosses down through the overbought level.',
  params: {
    period: { type: 'int', default: 14, min: 2, max: 200, description: 'Bars in the RSI.' },
    oversold: { type: 'float', default: 30, min: 1, max: 50, step: 1, description: 'Buy when the RSI crosses up through this level.' },
    overbought: { type: 'float', default: 70, min: 50, max: 99, step: 1, description: 'Close when the RSI crosses down through this level.' },
    stopPct: { type: 'float', default: 2, min: 0.1, max: 50, step: 0.1, description: 'Stop-loss, in percent below the entry fill.' },
    targetPct: { type: 'float', default: 4, min: 0.1, max: 100, step: 0.1, description: 'Take-profit, in percent above the entry fill.' },
  },
  rules: [{ kind: 'less-than', left: 'oversold', right: 'overbought' }],
  init: ({ data, params, I }) => ({
    rsi: I(rsi(data.close, params.period), { overlay: false }),
  }),
  next({ crossover, position, buy }, { rsi }, params) {
    if (position.size === 0 && crossover(rsi, params.oversold)) {
      buy({ sl: { percent: params.stopPct }, tp: { percent: params.targetPct }, tag: 'oversold' });
    } else if (position.isLong && crossover(params.overbought, rsi)) {
      position.close();
    }
  },
});
