import { describe, expect, it } from 'vitest';
import type { ParamSpec } from '../backtest';
import { paramConstraintHolds, sortConstraints, statConstraintHolds } from './constraints';
import { objectiveScore, parseObjective, statisticValue } from './objective';
import { defaultRange, parseConstraint, parseGridArgument, rangeValues, searchSpecSchema } from './search';

const float: ParamSpec = { name: 'k', label: 'k', type: 'float', default: 2, min: 0.5, max: 5, step: 0.1, description: '' };
const int: ParamSpec = { name: 'fast', label: 'fast', type: 'int', default: 10, min: 2, max: 500, step: 1, description: '' };

describe('search spec', () => {
  it('reads the CLI’s --grid, --constraint and --objective', () => {
    expect(parseGridArgument('fast=5:50:5')).toEqual({ name: 'fast', range: { kind: 'range', min: 5, max: 50, step: 5 } });
    expect(parseGridArgument('mode=breakout,reversion')).toEqual({ name: 'mode', range: { kind: 'values', values: ['breakout', 'reversion'] } });
    expect(parseGridArgument('on=true,false')).toEqual({ name: 'on', range: { kind: 'values', values: [true, false] } });
    expect(() => parseGridArgument('fast=5:50')).toThrow(/MIN:MAX:STEP/);
    expect(parseConstraint('fast<slow')).toEqual({ left: 'fast', op: '<', right: 'slow' });
    expect(parseConstraint(' trades >= 10 ')).toEqual({ left: 'trades', op: '>=', right: 10 });
    expect(parseConstraint('mode=breakout')).toEqual({ left: 'mode', op: '==', right: 'breakout' });
    expect(() => parseConstraint('fast<<slow')).toThrow(/constraint 'fast<<slow'/);
    expect(parseObjective('sharpe')).toEqual({ statistic: 'sharpe', direction: 'maximize' });
    expect(parseObjective('return')).toEqual({ statistic: 'returnPct', direction: 'maximize' });
    expect(parseObjective('maxDrawdownPct:min')).toEqual({ statistic: 'maxDrawdownPct', direction: 'minimize' });
    expect(() => parseObjective('sharp')).toThrow(/neither a preset/);
    expect(searchSpecSchema.parse({ space: { fast: { kind: 'range', min: 2, max: 4, step: 1 } }, method: { method: 'random', samples: 5 } })).toMatchObject({
      fixed: {},
      constraints: [],
      objective: { statistic: 'sharpe', direction: 'maximize' },
      method: { method: 'random', samples: 5, seed: 1 },
    });
  });

  it('lists a range’s values, rounded to the step, inside the declaration', () => {
    expect(rangeValues({ kind: 'range', min: 0.5, max: 1, step: 0.1 }, float)).toEqual([0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(rangeValues({ kind: 'range', min: 5, max: 22, step: 5 }, int)).toEqual([5, 10, 15, 20]);
    expect(() => rangeValues({ kind: 'range', min: 2, max: 3, step: 0.5 }, int)).toThrow('search space: fast: 2.5 is not a whole number (an int parameter)');
    expect(() => rangeValues({ kind: 'range', min: 4, max: 6, step: 1 }, float)).toThrow("search space: k: 6 is above the parameter's max (5)");
    expect(() => rangeValues({ kind: 'range', min: 5, max: 2, step: 1 }, int)).toThrow(/max \(2\) must not be below min \(5\)/);
    expect(defaultRange(float)).toEqual({ kind: 'range', min: 0.5, max: 5, step: 0.1 });
  });

  it('scores objectives so that larger is better, a missing value last', () => {
    expect(objectiveScore(2, 'maximize')).toBe(2);
    expect(objectiveScore(2, 'minimize')).toBe(-2);
    expect(objectiveScore(null, 'minimize')).toBe(-Infinity);
    expect(statisticValue({ returnPct: 30, maxDrawdownPct: 10 }, 'returnOverMaxDrawdown')).toBe(3);
    expect(statisticValue({ returnPct: 30, maxDrawdownPct: 0 }, 'returnOverMaxDrawdown')).toBeNull();
  });

  it('sorts constraints into those on parameters and those on statistics, and checks them', () => {
    const sorted = sortConstraints([parseConstraint('fast<slow'), parseConstraint('trades>=10'), parseConstraint('sharpe>fast')], ['fast', 'slow']);
    expect(sorted.onParams).toHaveLength(1);
    expect(sorted.onStats).toHaveLength(2);
    expect(() => sortConstraints([parseConstraint('speed<3')], ['fast'])).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
    expect(paramConstraintHolds(parseConstraint('fast<slow'), { fast: 5, slow: 6 })).toBe(true);
    expect(paramConstraintHolds(parseConstraint('fast<slow'), { fast: 6, slow: 6 })).toBe(false);
    expect(statConstraintHolds(parseConstraint('trades>=10'), { numTrades: 10 }, {})).toBe(true);
    expect(statConstraintHolds(parseConstraint('sharpe>fast'), { sharpe: null }, { fast: 1 })).toBe(false);
  });
});
