import { describe, expect, it } from 'vitest';
import type { DatasetSummary } from '../../../src-shared/api/datasets';
import { backtestConfigSchema, type BacktestConfigInput, type StrategyInfo } from '../../../src-shared/backtest';
import { buildRequest, defaultForm, formFromConfig, fractionPercentText, type FormState } from './form-model';

const strategy: StrategyInfo = {
  id: 'buy-and-hold',
  name: 'Buy and hold',
  description: 'Buys at the first bar and holds.',
  version: '1',
  params: [],
  rules: [],
  higherTimeframes: [],
};

const dataset: DatasetSummary = {
  id: '01900000-0000-7000-8000-000000000000',
  name: 'BTC 1h',
  symbol: 'BTC',
  timeframe: '1h',
  timeframeMs: 3_600_000,
  firstTime: Date.UTC(2023, 0, 1),
  lastTime: Date.UTC(2023, 11, 31, 23),
  barCount: 8760,
  gapCount: 0,
  missingBars: 0,
  sourceFile: 'btc.csv',
  contentHash: 'ab'.repeat(32),
  synthetic: false,
  createdAt: 0,
  updatedAt: 0,
};

const errorsOf = (changes: Partial<FormState>) =>
  buildRequest({ ...defaultForm(dataset.id, strategy), ...changes }, strategy, dataset).errors;

describe('buildRequest', () => {
  it('builds the request from the default form', () => {
    const { request, errors } = buildRequest(defaultForm(dataset.id, strategy), strategy, dataset);
    expect(errors).toEqual({});
    expect(request?.config).toMatchObject({ cash: 10_000, sizing: { kind: 'equity-fraction', fraction: 0.9999 } });
  });

  it('turns typed percents into the fractions they name, rounded once', () => {
    // 99.99 / 100 is 0.9998999999999999, which buys 999 units at 9.999 where 0.9999 buys 1,000.
    const config = (changes: Partial<FormState>) => buildRequest({ ...defaultForm(dataset.id, strategy), ...changes }, strategy, dataset).request?.config;
    expect(config({})?.sizing).toEqual({ kind: 'equity-fraction', fraction: 0.9999 });
    expect(config({ commissionPct: '0.07', spreadPct: ' 1.1 ', slippageKind: 'fraction', slippagePct: '5e-2' })).toMatchObject({
      commission: { fraction: 0.0007 },
      spread: 0.011,
      slippage: { kind: 'fraction', fraction: 0.0005 },
    });
    expect(errorsOf({ commissionPct: '1e' })).toEqual({ commissionPct: 'Commission needs a number' });
  });

  it("states the schema's bounds in the units of each field", () => {
    expect(errorsOf({ commissionPct: '150' })).toEqual({ commissionPct: 'Commission: must be below 100%' });
    expect(errorsOf({ spreadPct: '-1' })).toEqual({ spreadPct: 'Spread: must not be negative' });
    expect(errorsOf({ sizingValue: '150' })).toEqual({ sizingValue: 'Size: must be at most 100%' });
    expect(errorsOf({ sizingKind: 'risk', sizingValue: '120', stopLossPct: '2' })).toEqual({ sizingValue: 'Size: must be at most 100%' });
    expect(errorsOf({ cash: '0' })).toEqual({ cash: 'Initial cash: must be above 0' });
  });

  it('refuses a fractional fixed quantity while units are whole', () => {
    expect(errorsOf({ sizingKind: 'fixed-quantity', sizingValue: '1.5' })).toEqual({
      sizingValue: 'Size: must be a whole number of units while units are whole (fractional units off)',
    });
    expect(errorsOf({ sizingKind: 'fixed-quantity', sizingValue: '1.5', fractionalUnits: true })).toEqual({});
  });
});

describe('formFromConfig (Edit & rerun, presets)', () => {
  const sma: StrategyInfo = {
    ...strategy,
    id: 'sma-cross',
    params: [
      { name: 'fast', label: 'Fast period', type: 'int', default: 10, min: 1, max: 500, description: 'Fast.' },
      { name: 'slow', label: 'Slow period', type: 'int', default: 30, min: 2, max: 500, description: 'Slow.' },
    ],
  };

  it('gives back a form whose request is the very config, every setting and odd percents included', () => {
    const configs: BacktestConfigInput[] = [
      {
        strategy: { id: 'sma-cross', params: { fast: 7, slow: 25 } },
        from: Date.UTC(2023, 1, 1),
        to: Date.UTC(2023, 4, 31, 23, 59, 59, 999),
        cash: 25_000,
        commission: { fraction: 0.0007, fixed: 1.5 },
        slippage: { kind: 'ticks', ticks: 2, tickSize: 0.5 },
        spread: 0.0002,
        sizing: { kind: 'fixed-cash', amount: 5000 },
        fractionalUnits: true,
        direction: 'long-only',
        leverage: 2,
        tradeOnClose: true,
        closeAtEnd: false,
        stopLoss: { kind: 'atr', multiple: 1.5, period: 20 },
        takeProfit: { kind: 'percent', percent: 6 },
        trailingStop: { kind: 'percent', percent: 3 },
        riskFreeRate: 0.025,
      },
      { strategy: { id: 'sma-cross', params: { fast: 10, slow: 30 } }, sizing: { kind: 'equity-fraction', fraction: 0.9999 }, slippage: { kind: 'fraction', fraction: 0.00013 } },
      { strategy: { id: 'sma-cross', params: { fast: 10, slow: 30 } }, sizing: { kind: 'risk', riskPct: 1.25 }, stopLoss: { kind: 'percent', percent: 2 }, riskFreeRate: 1e-7 },
      { strategy: { id: 'sma-cross', params: { fast: 10, slow: 30 } }, sizing: { kind: 'fixed-quantity', quantity: 3 }, direction: 'short-only' },
    ];
    for (const input of configs) {
      const config = backtestConfigSchema.parse(input);
      const form = formFromConfig(config, dataset.id, '4h', sma);
      const { request, errors } = buildRequest(form, sma, dataset);
      expect(errors).toEqual({});
      expect(backtestConfigSchema.parse(request?.config)).toEqual(config);
      expect(request?.timeframe).toBe('4h');
    }
  });

  it('writes fractions as the percents typed, without binary noise', () => {
    expect([0.0007, 0.9999, 0.011, 1e-7, 0].map(fractionPercentText)).toEqual(['0.07', '99.99', '1.1', '0.00001', '0']);
  });
});
