export { sma, ema, wma, wilder } from './moving-averages';
export { rollingStd, zScore, trueRange, atr, bollinger, type BollingerBands } from './volatility';
export { rsi, macd, stochastic, rollingMax, rollingMin, type Macd, type Stochastic } from './oscillators';
export { donchian, type DonchianChannel } from './channels';
export { adx, type Adx } from './trend';
export { vwap } from './volume';
