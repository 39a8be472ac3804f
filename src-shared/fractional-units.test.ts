import { describe, expect, it } from 'vitest';
import { marketOfPrices, marketOfSymbol } from './fractional-units';

describe('markets traded in fractions of a unit', () => {
  it('knows crypto and FX by their symbols as exchanges and files write them', () => {
    for (const s of ['BTCUSDT', 'BINANCE:ETHUSDT', 'BTC-USD', 'btc/eur', 'SOL', 'XBTUSD', 'DOGEUSDC']) expect(marketOfSymbol(s), s).toBe('crypto');
    for (const s of ['EURUSD', 'EUR/USD', 'EURUSD=X', 'GBPJPY', 'OANDA:AUDNZD']) expect(marketOfSymbol(s), s).toBe('fx');
    for (const s of ['AAPL', 'SPY', 'MSFT', 'EURUSDT', 'SAMPLE', 'USDUSD']) expect(marketOfSymbol(s), s).toBe(s === 'EURUSDT' ? 'crypto' : null);
    // The dataset's name counts when the symbol says nothing.
    expect(marketOfSymbol('DATA', 'my btc-usd 4h export')).toBe('crypto');
  });

  it('knows FX by prices quoted to four decimals or more', () => {
    const fx = Array.from({ length: 20 }, (_, i) => 1.08 + i * 0.00013);
    expect(marketOfPrices(fx)).toBe('fx');
    const stock = Array.from({ length: 20 }, (_, i) => 150 + i * 0.25);
    expect(marketOfPrices(stock)).toBeNull();
    expect(marketOfPrices(fx.slice(0, 5))).toBeNull();
    expect(marketOfPrices([...fx, 16_512])).toBeNull();
  });
});
