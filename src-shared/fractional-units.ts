/**
 * Whether a market is traded in fractions of a unit (crypto, FX), judged from its symbol or its
 * prices. The backtest form turns fractional units on for such a dataset: with whole units, one
 * bitcoin at 16,512 cannot be bought from 10,000 and the run has no trades.
 */

const CRYPTO_QUOTES = ['USDT', 'USDC', 'BUSD', 'FDUSD', 'TUSD', 'DAI', 'PERP'];
const CRYPTO_BASES = new Set([
  'BTC', 'XBT', 'ETH', 'SOL', 'XRP', 'ADA', 'DOGE', 'BNB', 'LTC', 'DOT', 'AVAX', 'LINK', 'MATIC', 'TRX', 'SHIB', 'BCH', 'XLM', 'ATOM',
  'UNI', 'ETC', 'XMR', 'NEAR', 'APT', 'ARB', 'OP', 'SUI', 'PEPE', 'TON',
]);
const CURRENCIES = new Set([
  'EUR', 'USD', 'GBP', 'JPY', 'CHF', 'AUD', 'NZD', 'CAD', 'SEK', 'NOK', 'DKK', 'PLN', 'HUF', 'CZK', 'TRY', 'ZAR', 'MXN', 'SGD',
  'HKD', 'CNH', 'CNY', 'XAU', 'XAG',
]);

export type FractionalMarket = 'crypto' | 'fx';

/** 'crypto' or 'fx' when the symbol (or the dataset's name) names such a market; null otherwise. */
export function marketOfSymbol(...names: readonly string[]): FractionalMarket | null {
  for (const name of names) {
    // "BINANCE:BTCUSDT", "BTC-USD", "EUR/USD", "EURUSD=X" (Yahoo), "btcusdt_4h".
    const upper = name.toUpperCase().replace(/^[A-Z0-9]+:/, '');
    const compact = upper.replace(/=X$/, '').replace(/[-/_ .]/g, '');
    const words = upper.split(/[^A-Z0-9]+/).filter(Boolean);
    if (words.some((w) => CRYPTO_BASES.has(w)) || CRYPTO_QUOTES.some((q) => compact.endsWith(q) && compact.length > q.length)) return 'crypto';
    for (const base of CRYPTO_BASES) if (compact.startsWith(base) && CURRENCIES.has(compact.slice(base.length, base.length + 3))) return 'crypto';
    const pair = /^([A-Z]{3})([A-Z]{3})(?![A-Z])/.exec(compact);
    if (pair && CURRENCIES.has(pair[1]) && CURRENCIES.has(pair[2]) && pair[1] !== pair[2]) return 'fx';
  }
  return null;
}

/** Decimals written after the point, up to 8 (floating-point noise beyond that is ignored). */
function decimals(value: number): number {
  const text = value.toFixed(8).replace(/0+$/, '');
  const point = text.indexOf('.');
  return point < 0 ? 0 : text.length - point - 1;
}

/**
 * 'fx' when prices look like a currency pair's: all between 0.01 and 500 and most quoted to four
 * decimals or more (1.08345, 151.234 quotes three for JPY pairs, so those are judged by symbol).
 */
export function marketOfPrices(closes: readonly number[]): FractionalMarket | null {
  const finite = closes.filter((c) => Number.isFinite(c));
  if (finite.length < 10) return null;
  if (finite.some((c) => c < 0.01 || c > 500)) return null;
  const fine = finite.filter((c) => decimals(c) >= 4).length;
  return fine / finite.length >= 0.5 ? 'fx' : null;
}
