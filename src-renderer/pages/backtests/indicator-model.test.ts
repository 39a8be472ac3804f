import { describe, expect, it } from 'vitest';
import type { RunIndicators } from '../../../src-shared/api/runs';
import { INDICATOR_PALETTE, indicatorLines, indicatorPoints, valueRange } from './indicator-model';

const data: RunIndicators = {
  time: Float64Array.from([1, 2, 3]),
  indicators: [
    { name: 'fast', overlay: true, values: Float64Array.from([NaN, 10, 11]) },
    { name: 'trend', overlay: true, color: '#ff8800', timeframe: '4h', values: Float64Array.from([NaN, NaN, 12]) },
    { name: 'rsi', overlay: false, values: Float64Array.from([50, 70, 30]) },
  ],
  totalPoints: 3,
};

describe('the indicators as the run page draws them', () => {
  it('keeps a given colour and gives the others the palette in turn', () => {
    expect(indicatorLines(data)).toEqual([
      { key: 'i0', name: 'fast', overlay: true, color: INDICATOR_PALETTE[0] },
      { key: 'i1', name: 'trend', overlay: true, color: '#ff8800', timeframe: '4h' },
      { key: 'i2', name: 'rsi', overlay: false, color: INDICATOR_PALETTE[1] },
    ]);
  });

  it('turns NaN into a gap (null) on one row per time', () => {
    expect(indicatorPoints(data)).toEqual([
      { time: 1, i0: null, i1: null, i2: 50 },
      { time: 2, i0: 10, i1: null, i2: 70 },
      { time: 3, i0: 11, i1: 12, i2: 30 },
    ]);
  });

  it('measures the range of the lines shown, in the window, for the price axis', () => {
    const points = indicatorPoints(data);
    expect(valueRange(points, ['i0', 'i1'], 1, 3)).toEqual([10, 12]);
    expect(valueRange(points, ['i0'], 3, 3)).toEqual([11, 11]);
    expect(valueRange(points, ['i1'], 1, 2)).toBeNull();
  });
});
