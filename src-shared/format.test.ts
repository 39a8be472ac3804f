import { describe, expect, it } from 'vitest';
import { datasetText, durationText, scaledText, statText } from './format';

describe('durationText', () => {
  it('gives the two largest units, dropping a zero second part', () => {
    expect(durationText(0)).toBe('0ms');
    expect(durationText(800)).toBe('800ms');
    expect(durationText(65_000)).toBe('1m 5s');
    expect(durationText(90_061_000)).toBe('1d 1h');
    expect(durationText(3 * 86_400_000)).toBe('3d');
    expect(durationText(-7_200_000)).toBe('-2h');
    expect(durationText(Number.NaN)).toBeUndefined();
  });
});

describe('statText', () => {
  it('formats each unit the same way for the app and the report', () => {
    expect(statText('percent', 12.345)).toBe('12.35%');
    expect(statText('currency', 10234.5)).toBe('10,234.50');
    expect(statText('ratio', Number.POSITIVE_INFINITY)).toBe('∞');
    expect(statText('count', 1234)).toBe('1,234');
    expect(statText('bars', 44.6904)).toBe('44.7');
    expect(statText('duration', 90_061_000)).toBe('1d 1h');
    expect(statText('time', Date.UTC(2024, 2, 1, 14, 0))).toBe('2024-03-01 14:00');
    expect(statText('time', Date.UTC(2024, 2, 1))).toBe('2024-03-01');
    expect(statText('sharpe' as never, null)).toBe('—');
    expect(statText('ratio', Number.NaN)).toBe('—');
  });
});

describe('scaledText', () => {
  it('scales without the binary noise of the product', () => {
    expect(0.0007 * 100).not.toBe(0.07);
    expect(scaledText(0.0007, 100)).toBe('0.07');
    expect(scaledText(0.9999, 100)).toBe('99.99');
    expect(scaledText(1, 100)).toBe('100');
    expect(scaledText(-0.025, 100)).toBe('-2.5');
    expect(scaledText(1234.5, 1)).toBe('1234.5');
  });
});

describe('datasetText', () => {
  it('says the market once when the name is just the market', () => {
    expect(datasetText('BTCUSD 1h', 'BTCUSD', '1h')).toBe('BTCUSD 1h');
    expect(datasetText('Binance spot 2024', 'BTCUSD', '1h')).toBe('Binance spot 2024 · BTCUSD 1h');
  });
});
