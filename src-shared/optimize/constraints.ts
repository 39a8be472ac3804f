import type { ParamValues } from '../backtest';
import { BarwiseError } from '../errors';
import { statisticValue, objectiveStatisticSchema, type ObjectiveStatistic } from './objective';
import { compare, STAT_ALIASES, type Constraint } from './search';
import type { VariantStats } from './results';

/**
 * A search's constraints sorted by what they name: those on parameters only are checked before a
 * variant runs (it is skipped), those naming a statistic after (it runs, and is marked infeasible).
 * Checked where a search enters (API, CLI, tasks): a name that is neither a declared parameter nor
 * a statistic is refused with INVALID_CONFIG.
 */
export interface SortedConstraints {
  readonly onParams: readonly Constraint[];
  readonly onStats: readonly Constraint[];
}

export function sortConstraints(constraints: readonly Constraint[], paramNames: readonly string[]): SortedConstraints {
  const params = new Set(paramNames);
  const onParams: Constraint[] = [];
  const onStats: Constraint[] = [];
  for (const c of constraints) {
    const kind = (name: string | number): 'param' | 'stat' | 'number' => {
      if (typeof name === 'number') return 'number';
      if (params.has(name)) return 'param';
      if (objectiveStatisticSchema.safeParse(STAT_ALIASES[name] ?? name).success) return 'stat';
      throw new BarwiseError('INVALID_CONFIG', `constraint ${constraintText(c)}: '${name}' is neither a parameter (${paramNames.join(', ') || 'none'}) nor a statistic of a run`);
    };
    const left = kind(c.left);
    const right = kind(c.right);
    if (left === 'stat' || right === 'stat') onStats.push(c);
    else onParams.push(c);
  }
  return { onParams, onStats };
}

export const constraintText = (c: Constraint): string => `${c.left} ${c.op} ${c.right}`;

/** Whether parameter values meet a constraint on parameters; a side that is not a number (an enum, a boolean) compares only by == and !=. */
export function paramConstraintHolds(c: Constraint, params: Readonly<ParamValues>): boolean {
  const a = params[c.left];
  const b = typeof c.right === 'number' ? c.right : params[c.right];
  if (typeof a === 'number' && typeof b === 'number') return compare(a, c.op, b);
  if (c.op === '==') return a === b;
  if (c.op === '!=') return a !== b;
  return false;
}

/**
 * Whether a run's statistics (and parameters, for a side naming one) meet a constraint naming a
 * statistic. A statistic that is undefined for the run (null) fails it.
 */
export function statConstraintHolds(c: Constraint, stats: VariantStats, params: Readonly<ParamValues>): boolean {
  const side = (name: string | number): number | null => {
    if (typeof name === 'number') return name;
    const param = params[name];
    if (typeof param === 'number') return param;
    return statisticValue(stats, (STAT_ALIASES[name] ?? name) as ObjectiveStatistic);
  };
  const a = side(c.left);
  const b = side(c.right);
  return a !== null && b !== null && compare(a, c.op, b);
}

/** The statistics a set of constraints names (their values must be kept per variant). */
export function statsNamed(constraints: readonly Constraint[]): ObjectiveStatistic[] {
  const out = new Set<ObjectiveStatistic>();
  for (const c of constraints) {
    for (const side of [c.left, c.right]) {
      if (typeof side !== 'string') continue;
      const parsed = objectiveStatisticSchema.safeParse(STAT_ALIASES[side] ?? side);
      if (parsed.success) out.add(parsed.data);
    }
  }
  return [...out];
}
