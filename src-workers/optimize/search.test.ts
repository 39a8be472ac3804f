import { describe, expect, it } from 'vitest';
import type { ParamSpec, ParamValues } from '../../src-shared/backtest';
import { lessThan } from '../../src-shared/param-rules';
import { parseConstraint, parseGridArgument, type SearchSpace } from '../../src-shared/optimize/search';
import type { Observation } from '../../src-shared/optimize/tasks';
import { planSearch } from './plan';
import { proposeVariants } from './tpe';

const int = (name: string, min: number, max: number): ParamSpec => ({ name, label: name, type: 'int', default: min, min, max, step: 1, description: '' });
const params: ParamSpec[] = [
  int('fast', 2, 500),
  int('slow', 3, 1000),
  { name: 'mode', label: 'mode', type: 'enum', default: 'a', options: ['a', 'b'], description: '' },
  { name: 'k', label: 'k', type: 'float', default: 1.5, min: 0, max: 5, description: '' },
];
const rules = [lessThan('fast', 'slow')];
const space = (...args: string[]): SearchSpace => Object.fromEntries(args.map((a) => parseGridArgument(a)).map(({ name, range }) => [name, range]));

describe('grid and random search', () => {
  it("expands a grid in order, the first parameter slowest, without the combinations the strategy's rules or a constraint forbid", () => {
    const plan = planSearch({ params, rules, space: space('fast=5:20:5', 'slow=10:30:10'), fixed: { mode: 'b' }, constraints: [parseConstraint('slow != 20')], method: { method: 'grid' } });
    expect(plan.gridSize).toBe(12);
    expect(plan.variants.map((v) => [v.params.fast, v.params.slow])).toEqual([
      [5, 10],
      [5, 30],
      [10, 30],
      [15, 30],
      [20, 30],
    ]);
    expect(plan.variants.map((v) => v.index)).toEqual([0, 1, 2, 3, 4]);
    expect(plan.variants[0].params).toEqual({ fast: 5, slow: 10, mode: 'b', k: 1.5 });
    expect(plan.skipped).toBe(7);
  });

  it('refuses a parameter the strategy does not declare, a value outside its bounds, a grid too large', () => {
    const base = { params, rules, fixed: {}, constraints: [], method: { method: 'grid' as const } };
    expect(() => planSearch({ ...base, space: space('fsat=1:2:1') })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', message: expect.stringContaining("no parameter 'fsat' (declared: fast, slow, mode, k)") }));
    expect(() => planSearch({ ...base, space: space('fast=1:5:1') })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', message: 'search space: fast: 1 is below the parameter\'s min (2)' }));
    expect(() => planSearch({ ...base, space: space('fast=2:500:1', 'slow=3:1000:1', 'k=0:1:0.5') })).toThrow(expect.objectContaining({ code: 'SEARCH_SPACE_TOO_LARGE' }));
    expect(() => planSearch({ ...base, space: space('fast=2:5:1'), constraints: [parseConstraint('sharp > 1')] })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', message: expect.stringContaining("'sharp' is neither a parameter") }));
  });

  it('random search: distinct allowed variants, the same for the same seed, others for another', () => {
    const input = { params, rules, space: space('fast=2:200:1', 'slow=3:400:1'), fixed: {}, constraints: [], method: { method: 'random' as const, samples: 300, seed: 7 } };
    const a = planSearch(input).variants;
    const b = planSearch(input).variants;
    const c = planSearch({ ...input, method: { method: 'random', samples: 300, seed: 8 } }).variants;
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a).toHaveLength(300);
    expect(new Set(a.map((v) => `${v.params.fast}/${v.params.slow}`)).size).toBe(300);
    expect(a.every((v) => (v.params.fast as number) < (v.params.slow as number))).toBe(true);
    // Asking for more than the space holds gives all of it.
    expect(planSearch({ ...input, space: space('fast=5:20:5', 'slow=10:30:10'), method: { method: 'random', samples: 50, seed: 1 } }).variants).toHaveLength(8);
  });
});

describe('Bayesian search (TPE)', () => {
  /** A smooth objective with its peak at fast = 37, slow = 161. */
  const objective = (p: Readonly<ParamValues>) => -(((p.fast as number) - 37) ** 2) - (((p.slow as number) - 161) / 2) ** 2;
  const searchSpace = space('fast=2:100:1', 'slow=3:300:1');
  const base = { params, rules, space: searchSpace, fixed: {}, constraints: [], direction: 'maximize' as const };

  function search(seed: number, evaluations: number, batch: number): Observation[] {
    const history: Observation[] = [];
    for (let round = 0; history.length < evaluations; round++) {
      const { params: proposed } = proposeVariants({ ...base, history, count: batch, seed, round });
      for (const p of proposed) history.push({ params: p, objective: objective(p) });
    }
    return history;
  }

  it('is deterministic, never proposes a variant tried before, and proposes only allowed ones', () => {
    const a = search(3, 80, 8);
    expect(search(3, 80, 8)).toEqual(a);
    expect(search(4, 80, 8)).not.toEqual(a);
    expect(new Set(a.map((o) => JSON.stringify(o.params))).size).toBe(a.length);
    expect(a.every((o) => (o.params.fast as number) < (o.params.slow as number))).toBe(true);
  });

  it('finds a better optimum than random search with the same budget, on most seeds', () => {
    let wins = 0;
    for (let seed = 1; seed <= 8; seed++) {
      const tpe = Math.max(...search(seed, 100, 5).map((o) => o.objective as number));
      const random = planSearch({ params, rules, space: searchSpace, fixed: {}, constraints: [], method: { method: 'random', samples: 100, seed } }).variants;
      const best = Math.max(...random.map((v) => objective(v.params)));
      if (tpe > best) wins++;
    }
    expect(wins).toBeGreaterThanOrEqual(6);
  });
});
