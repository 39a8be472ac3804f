import { backtestConfigSchema } from '../../src-shared/backtest';
import type { Bars } from '../../src-shared/bars/bars';
import { BarwiseError } from '../../src-shared/errors';
import { featureName, type IndicatorFeature } from '../../src-shared/ml/features';
import { Broker } from '../engine/broker';
import { runExits } from '../engine/orders';
import { timeframesOf, type LoadedStrategy } from '../sdk/loaded';
import { resolveParams } from '../sdk/params';
import { prepareStrategy } from '../sdk/runtime';

/** A strategy by id: a built-in from the registry, or a user strategy evaluated in the sandbox. */
export type StrategyLoader = (id: string) => LoadedStrategy;

/**
 * Indicator features: the series a strategy's `init` declares (`I(...)`), as a run computes
 * them, aligned to the bars (a higher timeframe's series aligned by the SDK, without look-ahead).
 * The strategy is prepared once per (strategy, parameters), as the engine prepares it before its
 * bar loop; its `next` never runs. Returns one column per feature, in the order given.
 */
export function indicatorColumns(
  bars: Bars,
  features: readonly IndicatorFeature[],
  higherBars: (timeframe: string) => Bars,
  load: StrategyLoader,
): Float64Array[] {
  const prepared = new Map<string, ReadonlyMap<string, Float64Array>>();
  return features.map((feature) => {
    const key = JSON.stringify([feature.strategy, feature.params]);
    let series = prepared.get(key);
    if (series === undefined) {
      series = declaredSeries(bars, feature, higherBars, load);
      prepared.set(key, series);
    }
    const values = series.get(feature.name);
    if (values === undefined) {
      const names = [...series.keys()].join(', ') || 'none';
      throw new BarwiseError('INVALID_CONFIG', `feature ${featureName(feature)}: strategy '${feature.strategy}' declares no indicator '${feature.name}' (it declares: ${names})`);
    }
    return values;
  });
}

function declaredSeries(bars: Bars, feature: IndicatorFeature, higherBars: (timeframe: string) => Bars, load: StrategyLoader): Map<string, Float64Array> {
  const strategy = load(feature.strategy);
  if (feature.sourceHash !== undefined && strategy.sourceHash !== feature.sourceHash) {
    throw new BarwiseError(
      'INVALID_CONFIG',
      `feature ${featureName(feature)}: strategy '${feature.strategy}' has changed since the model's configuration was made (source ${strategy.sourceHash ?? 'built-in'}, expected ${feature.sourceHash})`,
    );
  }
  const params = resolveParams(strategy.id, strategy.definition, feature.params);
  const higher = Object.fromEntries(timeframesOf(strategy, params).map((label) => [label, higherBars(label)]));
  const config = backtestConfigSchema.parse({ strategy: { id: strategy.id, params } });
  const prepared = prepareStrategy(strategy, { bars, higher, params, broker: new Broker(bars, config), exits: runExits(config, bars), config });
  return new Map(prepared.indicators.map((indicator) => [indicator.name, indicator.values]));
}
