import type { ParamSpec, ParamValue, ParamValues } from '../../src-shared/backtest';
import { BarwiseError } from '../../src-shared/errors';
import { paramConstraintHolds, sortConstraints } from '../../src-shared/optimize/constraints';
import { rangeValues, type Constraint, type SearchSpace } from '../../src-shared/optimize/search';
import { brokenRules, type ParamRule } from '../../src-shared/param-rules';

/**
 * A search space made concrete: the varied parameters with their values, the base values of the
 * others, and the test a combination must pass (the strategy's rules and the user's constraints
 * on parameters). A combination is numbered in mixed radix, the first varied parameter slowest,
 * so grid order, random draws and TPE proposals all name combinations the same way.
 */
export interface Space {
  readonly names: readonly string[];
  readonly values: readonly (readonly ParamValue[])[];
  readonly base: Readonly<ParamValues>;
  /** Combinations in the whole grid, before rules and constraints. */
  readonly size: number;
  /** The parameters of a combination's number. */
  paramsAt(code: number): ParamValues;
  /** The parameters' value indices of a combination's number. */
  digitsAt(code: number): number[];
  codeOf(digits: readonly number[]): number;
  allowed(params: Readonly<ParamValues>): boolean;
}

export interface SpaceInput {
  readonly params: readonly ParamSpec[];
  readonly rules: readonly ParamRule[];
  readonly space: SearchSpace;
  readonly fixed: Readonly<ParamValues>;
  readonly constraints: readonly Constraint[];
}

export function buildSpace(input: SpaceInput): Space {
  const byName = new Map(input.params.map((p) => [p.name, p]));
  const declared = input.params.map((p) => p.name).join(', ') || 'none';
  const known = (name: string, where: string): ParamSpec => {
    const spec = byName.get(name);
    if (!spec) throw new BarwiseError('INVALID_CONFIG', `${where}: the strategy has no parameter '${name}' (declared: ${declared})`);
    return spec;
  };
  const names = Object.keys(input.space);
  const values = names.map((name) => {
    try {
      return rangeValues(input.space[name], known(name, 'search space'));
    } catch (error) {
      if (error instanceof RangeError) throw new BarwiseError('INVALID_CONFIG', error.message);
      throw error;
    }
  });
  const base: ParamValues = Object.fromEntries(input.params.map((p) => [p.name, p.default]));
  for (const [name, value] of Object.entries(input.fixed)) {
    known(name, 'fixed');
    if (!names.includes(name)) base[name] = value;
  }
  const { onParams } = sortConstraints(input.constraints, input.params.map((p) => p.name));
  const size = values.reduce((n, v) => n * v.length, 1);
  const digitsAt = (code: number): number[] => {
    const digits = new Array<number>(names.length);
    for (let k = names.length - 1; k >= 0; k--) {
      const radix = values[k].length;
      digits[k] = code % radix;
      code = Math.floor(code / radix);
    }
    return digits;
  };
  const paramsAt = (code: number): ParamValues => {
    const params: ParamValues = { ...base };
    digitsAt(code).forEach((d, k) => (params[names[k]] = values[k][d]));
    return params;
  };
  return {
    names,
    values,
    base,
    size,
    digitsAt,
    paramsAt,
    codeOf: (digits) => digits.reduce((code, d, k) => code * values[k].length + d, 0),
    allowed: (params) => brokenRules(input.rules, params).length === 0 && onParams.every((c) => paramConstraintHolds(c, params)),
  };
}
