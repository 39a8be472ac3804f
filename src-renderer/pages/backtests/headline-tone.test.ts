import { describe, expect, it } from 'vitest';
import { tone } from './headline-tone';

describe('headline colours', () => {
  it('colours a figure by its break-even', () => {
    const winning = { returnPct: 12 };
    expect(tone('returnPct', 12, winning)).toBe('positive');
    expect(tone('moneyProfitFactor', 1.8, winning)).toBe('positive');
    expect(tone('moneyProfitFactor', 0.6, winning)).toBe('negative');
    expect(tone('moneyProfitFactor', 1, winning)).toBe('');
    expect(tone('maxDrawdownPct', 8, winning)).toBe('negative');
    expect(tone('numTrades', 40, winning)).toBe('');
    expect(tone('winRatePct', 70, winning)).toBe('');
    expect(tone('sharpe', null, winning)).toBe('');
  });

  it('is never green on a run that lost money', () => {
    const losing = { returnPct: -9.9 };
    // backtesting.py's profit factor on returns can be 10 on an account that shrank.
    expect(tone('profitFactor', 10, losing)).toBe('');
    expect(tone('sqn', 0.4, losing)).toBe('');
    expect(tone('returnPct', -9.9, losing)).toBe('negative');
    expect(tone('moneyProfitFactor', 0.01, losing)).toBe('negative');
    expect(tone('sharpe', 0.2, { returnPct: 0 })).toBe('');
  });
});
