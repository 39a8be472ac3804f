import { describe, expect, it } from 'vitest';
import type { StrategyInfo } from '../../../src-shared/backtest';
import { buildOptimization, defaultSetup } from './setup-model';

const SMA: StrategyInfo = {
  id: 'sma-cross',
  name: 'SMA cross',
  description: '',
  version: '1',
  higherTimeframes: [],
  rules: [],
  params: [
    { name: 'fast', label: 'Fast period', type: 'int', default: 10, min: 2, max: 50, step: 1, description: '' },
    { name: 'slow', label: 'Slow period', type: 'int', default: 30, min: 3, max: 200, step: 1, description: '' },
    { name: 'mode', label: 'Mode', type: 'enum', default: 'a', options: ['a', 'b'], description: '' },
  ],
};

describe('the Optimize set-up form', () => {
  it('varies the first two numeric parameters over their declared ranges and holds the rest', () => {
    const state = defaultSetup('ds', SMA);
    const built = buildOptimization(state, SMA);
    expect(built.errors).toEqual({});
    expect(built.gridSize).toBe(49 * 198);
    expect(built.request).toEqual({
      kind: 'search',
      datasetId: 'ds',
      config: { strategy: { id: 'sma-cross', params: {} } },
      search: {
        space: { fast: { kind: 'range', min: 2, max: 50, step: 1 }, slow: { kind: 'range', min: 3, max: 200, step: 1 } },
        fixed: { mode: 'a' },
        method: { method: 'grid' },
        constraints: [],
        objective: { statistic: 'sharpe', direction: 'maximize' },
      },
    });
  });

  it('names the field of each mistake, and builds a random walk-forward with constraints', () => {
    const state = defaultSetup('ds', SMA);
    const bad = buildOptimization({ ...state, params: { ...state.params, fast: { ...state.params.fast, step: '0' } }, constraints: 'fast <<< slow' }, SMA);
    expect(bad.request).toBeUndefined();
    expect(bad.errors['opt-param-fast']).toMatch(/step must be above 0/);
    expect(bad.errors['opt-constraints']).toMatch(/must read NAME OP VALUE/);
    const wf = buildOptimization({ ...state, mode: 'walk-forward', method: 'random', samples: '40', seed: '9', constraints: 'fast<slow\ntrades>=5', inSample: '3M', outOfSample: '2w' }, SMA);
    expect(wf.request).toMatchObject({
      kind: 'walk-forward',
      walkForward: { mode: 'rolling', inSample: { count: 3, unit: 'months' }, outOfSample: { count: 2, unit: 'weeks' } },
      search: { method: { method: 'random', samples: 40, seed: 9 }, constraints: [{ left: 'fast', op: '<', right: 'slow' }, { left: 'trades', op: '>=', right: 5 }] },
    });
    expect(buildOptimization({ ...state, mode: 'walk-forward', inSample: '6 months' }, SMA).errors['opt-windows']).toMatch(/duration/);
  });

  it('builds a Monte Carlo of a run', () => {
    const state = { ...defaultSetup('ds', SMA), mode: 'monte-carlo' as const };
    expect(buildOptimization(state, SMA).errors['opt-run']).toBe('Choose a run');
    expect(buildOptimization({ ...state, runId: 'r', mcMethod: 'bootstrap', mcRuns: '500', seed: '3' }, SMA).request).toEqual({
      kind: 'monte-carlo',
      runId: 'r',
      monteCarlo: { method: 'bootstrap', runs: 500, seed: 3, drawdownThresholdPct: 20 },
    });
  });
});
