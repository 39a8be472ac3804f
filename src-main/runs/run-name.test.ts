import { describe, expect, it } from 'vitest';
import { backtestConfigSchema, type BacktestConfigInput, type BacktestResult } from '../../src-shared/backtest';
import { defaultRunName, settingsText } from './run-name';

const config = (input: Omit<BacktestConfigInput, 'strategy'> = {}) =>
  backtestConfigSchema.parse({ strategy: { id: 'sma-cross', params: { fast: 10, slow: 30 } }, ...input });

describe('run names', () => {
  it('names a run with default settings by strategy, parameters and market alone', () => {
    const result = { config: config(), provenance: { strategyId: 'sma-cross', params: { fast: 10, slow: 30 } } } as unknown as BacktestResult;
    expect(defaultRunName(result, { symbol: 'BTCUSD', timeframe: '1h' })).toBe('sma-cross (fast=10 slow=30) · BTCUSD 1h');
  });

  it('adds each setting off the defaults, so runs that differ only there tell apart', () => {
    expect(settingsText(config({ direction: 'long-only', commission: { fraction: 0.0007 }, fractionalUnits: true }))).toBe(
      'long-only, commission 0.07%, fractional units',
    );
    expect(
      settingsText(
        config({
          from: Date.UTC(2023, 0, 1),
          cash: 50_000,
          commission: { fixed: 1 },
          slippage: { kind: 'ticks', ticks: 2, tickSize: 0.25 },
          spread: 0.0002,
          sizing: { kind: 'fixed-quantity', quantity: 3 },
          leverage: 2,
          tradeOnClose: true,
          closeAtEnd: false,
          stopLoss: { kind: 'percent', percent: 2 },
          takeProfit: { kind: 'atr', multiple: 3 },
          trailingStop: { kind: 'percent', percent: 1.5 },
          riskFreeRate: 0.02,
        }),
      ),
    ).toBe(
      '2023-01-01 to end, cash 50000, commission 1 per order, slippage 2 ticks of 0.25, spread 0.02%, size 3 units, leverage 2×, ' +
        'fills at close, left open at end, stop 2%, target 3×ATR(14), trailing 1.5%, risk-free 2%',
    );
    expect(settingsText(config({ sizing: { kind: 'equity-fraction', fraction: 0.5 }, slippage: { kind: 'fraction', fraction: 0.0005 } }))).toBe(
      'slippage 0.05%, size 50%',
    );
    expect(settingsText(config({ sizing: { kind: 'risk', riskPct: 1 }, to: Date.UTC(2023, 5, 30, 12) }))).toBe('start to 2023-06-30 12:00, risk 1%');
  });
});
