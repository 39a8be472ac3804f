import type { ParamSpec, ParamValues, StrategyInfo } from '../../../src-shared/backtest';
import { brokenRules } from '../../../src-shared/param-rules';

/**
 * One message per parameter taking part in a broken rule, worded with the fields' labels. The
 * rules are the strategy's own (StrategyInfo.rules), evaluated by the same code the engine uses.
 */
export function crossParamErrors(strategy: StrategyInfo, values: Readonly<ParamValues>): Record<string, string> {
  const labels = new Map(strategy.params.map((p) => [p.name, p.label]));
  const errors: Record<string, string> = {};
  for (const { rule, message } of brokenRules(strategy.rules, values, (name) => labels.get(name) ?? name)) {
    errors[rule.left] ??= message;
    errors[rule.right] ??= message;
  }
  return errors;
}

/** Parameters a server-side message names, so its error can sit beside them too. */
export function paramsNamedIn(message: string, specs: readonly ParamSpec[]): string[] {
  return specs.filter((s) => new RegExp(`\\b${s.name}\\b`).test(message)).map((s) => s.name);
}
