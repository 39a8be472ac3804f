import type { ParamValues } from './backtest';

/**
 * A rule between two numeric parameters of a strategy (fast < slow). Declared once by the
 * strategy; the engine refuses a run that breaks it and the form shows it beside both fields,
 * from this one evaluator, so the two can never disagree.
 */
export interface ParamRule {
  readonly kind: 'less-than' | 'at-most';
  readonly left: string;
  readonly right: string;
}

export const lessThan = (left: string, right: string): ParamRule => ({ kind: 'less-than', left, right });
export const atMost = (left: string, right: string): ParamRule => ({ kind: 'at-most', left, right });

export interface RuleProblem {
  readonly rule: ParamRule;
  readonly message: string;
}

/**
 * The rules these values break, with a message naming both parameters and their values. `label`
 * turns a parameter name into what the reader sees (the form uses the field labels). Rules whose
 * values are not both finite numbers are skipped: the per-field checks report those.
 */
export function brokenRules(
  rules: readonly ParamRule[],
  values: Readonly<ParamValues>,
  label: (name: string) => string = (name) => name,
): RuleProblem[] {
  const problems: RuleProblem[] = [];
  for (const rule of rules) {
    const a = values[rule.left];
    const b = values[rule.right];
    if (typeof a !== 'number' || typeof b !== 'number' || !Number.isFinite(a) || !Number.isFinite(b)) continue;
    const holds = rule.kind === 'less-than' ? a < b : a <= b;
    if (holds) continue;
    const relation = rule.kind === 'less-than' ? 'must be less than' : 'must not exceed';
    problems.push({ rule, message: `${label(rule.left)} (${a}) ${relation} ${label(rule.right)} (${b})` });
  }
  return problems;
}
