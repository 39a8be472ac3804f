import type { Heatmap, Stability } from '../../src-shared/api/optimizations';
import type { ParamValue, ParamValues } from '../../src-shared/backtest';

/** What the stability score and the heatmap read of a variant. */
export interface ScoredVariant {
  readonly params: Readonly<ParamValues>;
  /** null for a variant without a usable objective (no value, a failed run, a broken constraint). */
  readonly objective: number | null;
}

const keyOf = (params: Readonly<ParamValues>, names: readonly string[]): string => JSON.stringify(names.map((n) => params[n] ?? null));

/** Numbers in ascending order; other values (enum options, booleans) in the order first met. */
function orderedValues(values: Iterable<ParamValue>): ParamValue[] {
  const distinct = [...new Set(values)];
  return distinct.every((v) => typeof v === 'number') ? (distinct as number[]).sort((a, b) => a - b) : distinct;
}

/** The parameters that take more than one value across the variants: the ones the search varied. */
export function variedParams(variants: readonly ScoredVariant[]): string[] {
  const names = new Set(variants.flatMap((v) => Object.keys(v.params)));
  return [...names].filter((name) => new Set(variants.map((v) => v.params[name])).size > 1).sort();
}

/**
 * The parameter-stability score: the mean objective of the best variant's neighbours on the grid
 * of values the search tried. A neighbour differs from the best by at most one step (in the
 * ordered values of each varied parameter) in every varied parameter, and is not the best itself:
 * the 3^d − 1 cells around it, those that were run. A best whose neighbours score far below it is
 * a lone spike, likely luck; one among equals is a plateau. Neighbours without an objective count
 * in `missing`, not in the mean.
 */
export function stabilityScore(variants: readonly ScoredVariant[], best: Readonly<ParamValues>): Stability {
  const names = variedParams(variants);
  const byKey = new Map(variants.map((v) => [keyOf(v.params, names), v.objective]));
  const axes = names.map((name) => orderedValues(variants.map((v) => v.params[name])));
  const choices = names.map((name, d) => {
    const at = axes[d].indexOf(best[name]);
    return [at - 1, at, at + 1].filter((k) => k >= 0 && k < axes[d].length).map((k) => axes[d][k]);
  });
  let sum = 0;
  let count = 0;
  let missing = 0;
  const bestKey = keyOf(best, names);
  const visit = (d: number, partial: ParamValue[]) => {
    if (d === names.length) {
      const key = JSON.stringify(partial);
      if (key === bestKey || !byKey.has(key)) return;
      const objective = byKey.get(key);
      if (objective === null || objective === undefined) missing++;
      else {
        sum += objective;
        count++;
      }
      return;
    }
    for (const value of choices[d]) visit(d + 1, [...partial, value]);
  };
  if (names.length > 0) visit(0, []);
  return { neighbours: count, missing, meanObjective: count > 0 ? sum / count : null };
}

/**
 * The objective over two parameters, every other parameter held at the best variant's value:
 * `cells[row][column]` for y = yValues[row], x = xValues[column]; null where no such variant ran
 * or it has no objective.
 */
export function heatmap(variants: readonly ScoredVariant[], best: Readonly<ParamValues>, x: string, y: string): Heatmap {
  const others = variedParams(variants).filter((name) => name !== x && name !== y);
  const atBest = variants.filter((v) => others.every((name) => v.params[name] === best[name]));
  const xValues = orderedValues(atBest.map((v) => v.params[x]).filter((v) => v !== undefined));
  const yValues = orderedValues(atBest.map((v) => v.params[y]).filter((v) => v !== undefined));
  const cells = yValues.map(() => xValues.map((): number | null => null));
  for (const v of atBest) {
    const column = xValues.indexOf(v.params[x]);
    const row = yValues.indexOf(v.params[y]);
    if (column >= 0 && row >= 0) cells[row][column] = v.objective;
  }
  return { x, y, xValues, yValues, cells, fixed: Object.fromEntries(others.map((name) => [name, best[name]])) };
}
