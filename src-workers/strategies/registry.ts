import type { ParamValues, StrategyInfo } from '../../src-shared/backtest';
import { BarwiseError } from '../../src-shared/errors';
import { timeframesOf, trustedStrategy, type LoadedStrategy } from '../sdk/loaded';
import { defaultParams, paramRules, paramSpecs, resolveParams as resolve } from '../sdk/params';
import bollinger from './built-in/bollinger';
import buyAndHold from './built-in/buy-and-hold';
import donchian from './built-in/donchian';
import emaCross from './built-in/ema-cross';
import macd from './built-in/macd';
import mtfEmaTrend from './built-in/mtf-ema-trend';
import rsiReversion from './built-in/rsi-reversion';
import smaCross from './built-in/sma-cross';

/**
 * Every built-in strategy: its id, its version (bumped when its decisions change) and its
 * definition, written against the SDK as a user strategy is. Adding one: its file in built-in/
 * and one line here.
 */
const BUILT_INS: readonly (readonly [id: string, version: string, definition: object])[] = [
  ['buy-and-hold', '1', buyAndHold],
  ['sma-cross', '1', smaCross],
  ['ema-cross', '1', emaCross],
  ['rsi-reversion', '1', rsiReversion],
  ['bollinger', '1', bollinger],
  ['macd', '1', macd],
  ['donchian', '1', donchian],
  ['mtf-ema-trend', '1', mtfEmaTrend],
];

export const STRATEGIES: readonly LoadedStrategy[] = BUILT_INS.map(([id, version, definition]) => trustedStrategy(id, version, definition));

const byId = new Map(STRATEGIES.map((s) => [s.id, s]));
if (byId.size !== STRATEGIES.length) throw new Error('two strategies share an id');

export function getStrategy(id: string): LoadedStrategy {
  const strategy = byId.get(id);
  if (!strategy) {
    throw new BarwiseError('STRATEGY_NOT_FOUND', `no strategy '${id}' (known: ${STRATEGIES.map((s) => s.id).join(', ')})`);
  }
  return strategy;
}

/** What the form, the CLI and the optimizer show of a strategy. */
export function strategyInfo(strategy: LoadedStrategy): StrategyInfo {
  const { definition } = strategy;
  return {
    id: strategy.id,
    name: definition.name,
    description: definition.description ?? '',
    version: strategy.version,
    params: paramSpecs(definition),
    rules: paramRules(definition),
    higherTimeframes: timeframesOf(strategy, defaultParams(definition)),
  };
}

export function listStrategies(): StrategyInfo[] {
  return STRATEGIES.map(strategyInfo);
}

/**
 * Defaults filled in, each value checked against its declaration, unknown names refused, then
 * the rules between parameters. Throws INVALID_CONFIG naming the parameter.
 */
export function resolveParams(strategy: LoadedStrategy, given: Readonly<ParamValues>): Readonly<ParamValues> {
  return resolve(strategy.id, strategy.definition, given);
}

/** Higher timeframes a run of `strategyId` with these params needs (params validated, defaults filled). */
export function requiredTimeframes(strategyId: string, params: Readonly<ParamValues>): string[] {
  const strategy = getStrategy(strategyId);
  return timeframesOf(strategy, resolveParams(strategy, params));
}
