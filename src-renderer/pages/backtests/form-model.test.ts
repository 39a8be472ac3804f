import { describe, expect, it } from 'vitest';
import type { DatasetSummary } from '../../../src-shared/api/datasets';
import type { StrategyInfo } from '../../../src-shared/backtest';
import { buildRequest, defaultForm, type FormState } from './form-model';

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
