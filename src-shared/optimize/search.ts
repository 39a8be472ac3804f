import { z } from 'zod';
import { paramValueSchema, type ParamSpec, type ParamValue, type ParamValues } from '../backtest';
import { objectiveSchema } from './objective';

/**
 * A search: which parameters vary over which values (the space), how variants are picked from it
 * (grid, random, Bayesian), which variants count (constraints) and what ranks them (objective).
 * Every method draws from the same discrete space: a range `min:max:step` is the values min,
 * min + step, … up to max; so a random or Bayesian search never proposes a value a grid would not.
 */

/** The most variants one search may run (a grid's size is checked before anything runs). */
export const MAX_VARIANTS = 1_000_000;
/** The most values one parameter's range may hold. */
export const MAX_RANGE_VALUES = 100_000;

const finite = () => z.number().finite();

/**
 * The values one parameter takes in a search:
 * - `range`: min, min + step, …, up to max inclusive (numbers; an int parameter needs whole ones);
 * - `values`: an explicit list (any parameter type: numbers, enum options, true/false).
 */
export const paramRangeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('range'), min: finite(), max: finite(), step: finite().positive() }),
  z.object({ kind: z.literal('values'), values: z.array(paramValueSchema).min(1).max(MAX_RANGE_VALUES) }),
]);
export type ParamRange = z.infer<typeof paramRangeSchema>;

/** The search space: parameter name → its values. Parameters not named keep `fixed`'s value or their default. */
export const searchSpaceSchema = z.record(z.string().min(1).max(100), paramRangeSchema).refine((space) => Object.keys(space).length > 0, 'name at least one parameter to vary');
export type SearchSpace = z.infer<typeof searchSpaceSchema>;

/** Comparison operators of a constraint. */
export const CONSTRAINT_OPERATORS = ['<', '<=', '>', '>=', '==', '!='] as const;
export type ConstraintOperator = (typeof CONSTRAINT_OPERATORS)[number];

/**
 * A user's constraint, `left op right`: each side a parameter's name, a statistic's key (or the
 * alias `trades` for numTrades) or, on the right, a number. One naming only parameters is checked
 * before a variant runs (the variant is skipped, as a broken strategy rule skips it); one naming a
 * statistic is checked after (the variant runs, is kept in the table, but is never the best).
 */
export const constraintSchema = z.object({
  left: z.string().min(1).max(100),
  op: z.enum(CONSTRAINT_OPERATORS),
  right: z.union([finite(), z.string().min(1).max(100)]),
});
export type Constraint = z.infer<typeof constraintSchema>;

/** Aliases a constraint may use for a statistic. */
export const STAT_ALIASES: Readonly<Record<string, string>> = { trades: 'numTrades' };

/** `fast<slow`, `trades >= 10`, `maxDrawdownPct<=25` → a Constraint. Throws RangeError naming what is wrong. */
export function parseConstraint(text: string): Constraint {
  const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(<=|>=|==|!=|<|>|=)\s*(\S+)\s*$/.exec(text);
  if (!match) throw new RangeError(`constraint '${text}' must read NAME OP VALUE with OP one of ${CONSTRAINT_OPERATORS.join(' ')} (e.g. fast<slow, trades>=10)`);
  const [, left, op, rightText] = match;
  const number = Number(rightText);
  const right = rightText.trim() !== '' && Number.isFinite(number) ? number : rightText;
  if (typeof right === 'string' && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(right)) throw new RangeError(`constraint '${text}': '${rightText}' is neither a number nor a name`);
  return { left, op: op === '=' ? '==' : (op as ConstraintOperator), right };
}

export function compare(a: number, op: ConstraintOperator, b: number): boolean {
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '==':
      return a === b;
    case '!=':
      return a !== b;
  }
}

const seedSchema = z.number().int().min(0).max(2 ** 32 - 1);

/**
 * How variants are picked:
 * - `grid`: every combination of the space's values (strategy rules and parameter constraints
 *   removing some), in a fixed order: the first parameter varies slowest;
 * - `random`: `samples` distinct combinations drawn uniformly from the grid with `seed`;
 * - `bayesian`: `samples` variants in rounds of `batchSize`, the first `initialSamples` drawn as
 *   random does, each later round proposed by a tree-structured Parzen estimator (TPE) from the
 *   results so far (the `optimize.propose` task), seeded: the same seed and the same results give
 *   the same proposals.
 */
export const searchMethodSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('grid') }),
  z.object({ method: z.literal('random'), samples: z.number().int().min(1).max(MAX_VARIANTS), seed: seedSchema.default(1) }),
  z.object({
    method: z.literal('bayesian'),
    samples: z.number().int().min(1).max(100_000),
    seed: seedSchema.default(1),
    /** Variants proposed per round (run in parallel before the next proposal). */
    batchSize: z.number().int().min(1).max(1_000).default(8),
    /** Random variants before the first proposal (TPE needs a few results to model). */
    initialSamples: z.number().int().min(1).max(10_000).default(16),
  }),
]);
export type SearchMethodInput = z.input<typeof searchMethodSchema>;
export type SearchMethod = z.output<typeof searchMethodSchema>;

/** A whole search, as the API, the CLI and the tasks take it. */
export const searchSpecSchema = z.object({
  space: searchSpaceSchema,
  /** Values of parameters outside the space (else their defaults). */
  fixed: z.record(z.string(), paramValueSchema).default({}),
  method: searchMethodSchema,
  constraints: z.array(constraintSchema).max(50).default([]),
  objective: objectiveSchema.default({ statistic: 'sharpe', direction: 'maximize' }),
});
export type SearchSpecInput = z.input<typeof searchSpecSchema>;
export type SearchSpec = z.output<typeof searchSpecSchema>;

/**
 * `fast=5:50:5`, `mode=fast,slow`, `on=true,false` → a parameter and its range (the CLI's
 * `--grid`). `a:b:step` is a range; a comma list is explicit values (numbers, true/false, text).
 */
export function parseGridArgument(text: string): { name: string; range: ParamRange } {
  const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+?)\s*$/.exec(text);
  if (!match) throw new RangeError(`--grid '${text}' must read NAME=MIN:MAX:STEP or NAME=V1,V2,…`);
  const [, name, spec] = match;
  const parts = spec.split(':');
  if (parts.length === 3) {
    const [min, max, step] = parts.map(Number);
    if (![min, max, step].every(Number.isFinite)) throw new RangeError(`--grid ${name}: '${spec}' must be three numbers MIN:MAX:STEP`);
    return { name, range: { kind: 'range', min, max, step } };
  }
  if (parts.length !== 1) throw new RangeError(`--grid ${name}: '${spec}' must be MIN:MAX:STEP or a comma list`);
  const values = spec.split(',').map((v): ParamValue => {
    const t = v.trim();
    if (t === 'true' || t === 'false') return t === 'true';
    const n = Number(t);
    return t !== '' && Number.isFinite(n) ? n : t;
  });
  return { name, range: { kind: 'values', values } };
}

/** Step tolerance: a range's last value is max when max is within this fraction of a step of it. */
const STEP_SLACK = 1e-9;

/**
 * The values a range holds, checked against the parameter's declaration: type (whole numbers for
 * int), min/max, enum options. Values are rounded to the step's decimals so 0.1 + 0.2 is 0.3.
 * Throws RangeError naming the parameter and the broken rule.
 */
export function rangeValues(range: ParamRange, spec: ParamSpec): ParamValue[] {
  const where = `search space: ${spec.name}`;
  let values: ParamValue[];
  if (range.kind === 'range') {
    if (spec.type !== 'int' && spec.type !== 'float') throw new RangeError(`${where} is a ${spec.type} parameter: give a list of values, not a range`);
    if (range.max < range.min) throw new RangeError(`${where}: max (${range.max}) must not be below min (${range.min})`);
    const count = Math.floor((range.max - range.min) / range.step + STEP_SLACK) + 1;
    if (count > MAX_RANGE_VALUES) throw new RangeError(`${where}: ${range.min}:${range.max}:${range.step} holds ${count} values, more than ${MAX_RANGE_VALUES}`);
    const decimals = Math.min(12, Math.max(decimalsOf(range.step), decimalsOf(range.min)));
    values = Array.from({ length: count }, (_, k) => Number((range.min + k * range.step).toFixed(decimals)));
  } else {
    values = [...new Set(range.values)];
  }
  for (const value of values) {
    const problem = valueProblem(value, spec);
    if (problem) throw new RangeError(`${where}: ${problem}`);
  }
  return values;
}

function decimalsOf(x: number): number {
  const text = String(x);
  if (text.includes('e-')) return Number(text.split('e-')[1]);
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

function valueProblem(value: ParamValue, spec: ParamSpec): string | undefined {
  switch (spec.type) {
    case 'int':
    case 'float':
      if (typeof value !== 'number') return `${JSON.stringify(value)} is not a number`;
      if (spec.type === 'int' && !Number.isInteger(value)) return `${value} is not a whole number (an int parameter)`;
      if (spec.min !== undefined && value < spec.min) return `${value} is below the parameter's min (${spec.min})`;
      if (spec.max !== undefined && value > spec.max) return `${value} is above the parameter's max (${spec.max})`;
      return undefined;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `${JSON.stringify(value)} is not true or false`;
    case 'enum':
      return typeof value === 'string' && (spec.options ?? []).includes(value) ? undefined : `${JSON.stringify(value)} is not one of ${(spec.options ?? []).join(', ')}`;
  }
}

/**
 * The default range of a parameter, for a form that starts from the strategy's declaration: its
 * min to max by its step (int and float with both bounds), both values (boolean), every option
 * (enum); undefined for a number without bounds (the user must give them).
 */
export function defaultRange(spec: ParamSpec): ParamRange | undefined {
  if (spec.type === 'boolean') return { kind: 'values', values: [false, true] };
  if (spec.type === 'enum') return { kind: 'values', values: [...(spec.options ?? [])] };
  if (spec.min === undefined || spec.max === undefined) return undefined;
  return { kind: 'range', min: spec.min, max: spec.max, step: spec.step ?? (spec.type === 'int' ? 1 : (spec.max - spec.min) / 10) };
}

/** A variant: one combination of parameter values, numbered in the search (grid order, or draw order). */
export interface Variant {
  readonly index: number;
  /** Every parameter the strategy declares (varied ones, fixed ones, defaults). */
  readonly params: Readonly<ParamValues>;
}

export const variantSchema = z.object({
  index: z.number().int().min(0),
  params: z.record(z.string(), paramValueSchema),
});
