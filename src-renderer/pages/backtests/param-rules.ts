import type { ParamSpec, ParamValues } from '../../../src-shared/backtest';

/**
 * Rules between parameters, by parameter names (the strategies' own validate() runs in the worker
 * and is the final word; these show the same problem beside the fields before a run is queued).
 */
interface CrossRule {
  readonly names: readonly string[];
  readonly holds: (values: readonly number[]) => boolean;
  readonly message: (labels: readonly string[], values: readonly number[]) => string;
}

const RULES: readonly CrossRule[] = [
  {
    names: ['fast', 'slow'],
    holds: ([fast, slow]) => fast < slow,
    message: ([f, s], [fast, slow]) => `${f} (${fast}) must be less than ${s} (${slow})`,
  },
  {
    names: ['exit', 'entry'],
    holds: ([exit, entry]) => exit <= entry,
    message: ([x, e], [exit, entry]) => `${x} (${exit}) must not exceed ${e} (${entry})`,
  },
  {
    names: ['oversold', 'exit', 'overbought'],
    holds: ([low, exit, high]) => low < exit && exit < high,
    message: ([l, x, h], [low, exit, high]) => `need ${l} (${low}) < ${x} (${exit}) < ${h} (${high})`,
  },
];

/** One message per parameter name that takes part in a broken rule. */
export function crossParamErrors(specs: readonly ParamSpec[], values: Readonly<ParamValues>): Record<string, string> {
  const errors: Record<string, string> = {};
  const byName = new Map(specs.map((s) => [s.name, s]));
  for (const rule of RULES) {
    const ruleSpecs = rule.names.map((n) => byName.get(n));
    if (ruleSpecs.some((s) => !s || (s.type !== 'int' && s.type !== 'float'))) continue;
    const numbers = rule.names.map((n) => values[n]);
    if (numbers.some((v) => typeof v !== 'number' || !Number.isFinite(v))) continue;
    const nums = numbers as number[];
    if (rule.holds(nums)) continue;
    const message = rule.message(ruleSpecs.map((s) => s!.label), nums);
    for (const name of rule.names) errors[name] ??= message;
  }
  return errors;
}

/** Parameters a server-side message names, so its error can sit beside them too. */
export function paramsNamedIn(message: string, specs: readonly ParamSpec[]): string[] {
  return specs.filter((s) => new RegExp(`\\b${s.name}\\b`).test(message)).map((s) => s.name);
}
