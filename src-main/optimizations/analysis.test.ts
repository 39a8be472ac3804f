import { describe, expect, it } from 'vitest';
import { heatmap, stabilityScore, variedParams, type ScoredVariant } from './analysis';

/** A 5 × 4 grid of fast × slow with objective = fast + 10·slow, a spike at (30, 3), and one missing cell. */
function grid(): ScoredVariant[] {
  const variants: ScoredVariant[] = [];
  for (const fast of [10, 20, 30, 40, 50]) {
    for (const slow of [1, 2, 3, 4]) {
      if (fast === 40 && slow === 4) continue;
      const objective = fast === 30 && slow === 3 ? 1000 : fast === 20 && slow === 2 ? null : fast + 10 * slow;
      variants.push({ params: { fast, slow, mode: 'x' }, objective });
    }
  }
  return variants;
}

describe('parameter stability and the heatmap', () => {
  it('finds the varied parameters, not the fixed one', () => {
    expect(variedParams(grid())).toEqual(['fast', 'slow']);
  });

  it("averages the objective of the best's eight neighbours that ran, counting the one without an objective apart", () => {
    const s = stabilityScore(grid(), { fast: 30, slow: 3, mode: 'x' });
    // Neighbours: fast ∈ {20, 30, 40} × slow ∈ {2, 3, 4} less (30, 3) itself, (40, 4) never ran, (20, 2) has none.
    const expected = [20 + 30, 20 + 40, 30 + 20, 30 + 40, 40 + 20, 40 + 30];
    expect(s).toEqual({ neighbours: 6, missing: 1, meanObjective: expected.reduce((a, b) => a + b) / 6 });
  });

  it('has fewer neighbours at a corner of the grid and none with a single variant', () => {
    // (10, 2), (20, 1) and (20, 2), which has no objective.
    expect(stabilityScore(grid(), { fast: 10, slow: 1, mode: 'x' })).toEqual({ neighbours: 2, missing: 1, meanObjective: (10 + 20 + (20 + 10)) / 2 });
    expect(stabilityScore([{ params: { fast: 1 }, objective: 2 }], { fast: 1 })).toEqual({ neighbours: 0, missing: 0, meanObjective: null });
  });

  it('lays the objective over two parameters with the others at the best, nulls where nothing ran', () => {
    const variants = grid().flatMap((v) => [v, { params: { ...v.params, mode: 'y' }, objective: -1 }]);
    const map = heatmap(variants, { fast: 30, slow: 3, mode: 'x' }, 'fast', 'slow');
    expect(map.xValues).toEqual([10, 20, 30, 40, 50]);
    expect(map.yValues).toEqual([1, 2, 3, 4]);
    expect(map.fixed).toEqual({ mode: 'x' });
    expect(map.cells[2][2]).toBe(1000);
    expect(map.cells[3][3]).toBeNull();
    expect(map.cells[1][1]).toBeNull();
    expect(map.cells[0][4]).toBe(60);
  });
});
