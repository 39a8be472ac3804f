import { describe, expect, it } from 'vitest';
import { tradeStats } from '../../src-workers/engine/stats';
import { tradeTableOf } from '../../src-workers/engine/trade-log';
import { DERIVED_STAT_KEYS, STAT_DEFINITIONS, engineStats, moneyProfitFactor, withDerivedStats, type BacktestStats, type Trade } from '../../src-shared/backtest';

function trade(size: number, entryPrice: number, exitPrice: number): Trade {
  const pnl = size * (exitPrice - entryPrice);
  return {
    side: 'long', size, entryBar: 0, entryTime: 0, entryPrice, exitBar: 1, exitTime: 1, exitPrice,
    pnl, returnPct: ((exitPrice - entryPrice) / entryPrice) * 100, commission: 0, barsHeld: 1, durationMs: 1, exitReason: 'signal',
  };
}

describe('the money profit factor (TradingView, AmiBroker)', () => {
  it('is gross profit over |gross loss| in money, worked by hand', () => {
    // Won +100% on 1 unit at 10 (+10), lost −10% on 100 units at 100 (−1,000): the account shrank.
    const stats = tradeStats(tradeTableOf([trade(1, 10, 20), trade(100, 100, 90)]));
    const derived = withDerivedStats(stats as BacktestStats);
    // Money: 10 / 1,000.
    expect(derived.moneyProfitFactor).toBeCloseTo(0.01, 15);
    // backtesting.py's, on returns, says the opposite: 100% / 10%.
    expect(derived.profitFactor).toBeCloseTo(10, 12);
  });

  it('has none without a losing trade, and is 0 without a winner', () => {
    expect(moneyProfitFactor(500, 0)).toBeNull();
    expect(moneyProfitFactor(0, -20)).toBe(0);
    expect(moneyProfitFactor(300, -150)).toBe(2);
  });

  it('is derived, not the engine\'s: engineStats gives back the engine\'s figures in their order', () => {
    const stats = tradeStats(tradeTableOf([trade(2, 50, 60), trade(1, 40, 35)])) as BacktestStats;
    const derived = withDerivedStats(stats);
    expect(Object.keys(engineStats(derived))).toEqual(Object.keys(stats));
    expect(JSON.stringify(engineStats(derived))).toBe(JSON.stringify(stats));
    // Both figures are in the table, each under its own name.
    const labels = new Map(STAT_DEFINITIONS.map((d) => [d.key, d.label]));
    expect(labels.get('moneyProfitFactor')).toBe('Profit factor');
    expect(labels.get('profitFactor')).toBe('Profit factor (returns)');
    expect(DERIVED_STAT_KEYS).toEqual(['moneyProfitFactor']);
  });
});
