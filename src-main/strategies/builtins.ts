import type { ParamValues, StrategyInfo } from '../../src-shared/backtest';
import { getStrategy, listStrategies, requiredTimeframes, resolveParams } from '../../src-workers/strategies/registry';

/**
 * The built-in strategies as main sees them: their descriptions come from the workers' registry
 * (the same code the engine runs), their source text from their files (bundled.ts).
 */
const BUILTINS: readonly StrategyInfo[] = listStrategies();
const IDS: ReadonlySet<string> = new Set(BUILTINS.map((s) => s.id));

export const builtinInfos = (): readonly StrategyInfo[] => BUILTINS;
export const isBuiltin = (id: string): boolean => IDS.has(id);
export const builtinIds = (): string[] => [...IDS];

/** The built-in's parameters with defaults filled in; INVALID_CONFIG naming a bad or undeclared one. */
export function resolveBuiltinParams(id: string, given: Readonly<ParamValues>): ParamValues {
  return resolveParams(getStrategy(id), given);
}

/** The higher timeframes a run of the built-in with these parameters reads. */
export function builtinTimeframes(id: string, params: Readonly<ParamValues>): string[] {
  return requiredTimeframes(id, params);
}
