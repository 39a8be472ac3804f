import type { ParamValues, StrategyInfo } from '../../src-shared/backtest';
import { BarwiseError } from '../../src-shared/errors';
import type { Strategy } from '../engine/strategy';
import { bollingerStrategy } from './bollinger';
import { buyAndHold } from './buy-and-hold';
import { donchianStrategy } from './donchian';
import { emaCross } from './ema-cross';
import { macdStrategy } from './macd';
import { mtfEmaTrend } from './mtf-ema-trend';
import { resolveParams } from './params';
import { rsiReversion } from './rsi-reversion';
import { smaCross } from './sma-cross';

export { resolveParams };

/** Every built-in strategy. Adding one: its file plus one line here. */
export const STRATEGIES: readonly Strategy[] = [
  buyAndHold,
  smaCross,
  emaCross,
  rsiReversion,
  bollingerStrategy,
  macdStrategy,
  donchianStrategy,
  mtfEmaTrend,
];

const byId = new Map(STRATEGIES.map((s) => [s.id, s]));
if (byId.size !== STRATEGIES.length) throw new Error('two strategies share an id');

export function getStrategy(id: string): Strategy {
  const strategy = byId.get(id);
  if (!strategy) {
    throw new BarwiseError('STRATEGY_NOT_FOUND', `no strategy '${id}' (known: ${STRATEGIES.map((s) => s.id).join(', ')})`);
  }
  return strategy;
}

function defaults(strategy: Strategy): ParamValues {
  return Object.fromEntries(strategy.params.map((p) => [p.name, p.default]));
}

export function listStrategies(): StrategyInfo[] {
  return STRATEGIES.map((s) => ({
    id: s.id,
    name: s.name,
    description: s.description,
    version: s.version,
    params: s.params,
    rules: s.rules ?? [],
    higherTimeframes: s.requiredTimeframes(defaults(s)),
  }));
}

/** Higher timeframes a run of `strategyId` with these params needs (params validated, defaults filled). */
export function requiredTimeframes(strategyId: string, params: Record<string, number | string | boolean>): string[] {
  const strategy = getStrategy(strategyId);
  return strategy.requiredTimeframes(resolveParams(strategy, params));
}
