import type { Bars } from '../../src-shared/bars/bars';
import { resample } from '../../src-shared/bars/resample';
import { timeframeMs } from '../../src-shared/bars/timeframe';
import type { ModelConfig } from '../../src-shared/ml/config';
import { featureColumns, type CatalogFeature, type IndicatorFeature } from '../../src-shared/ml/features';
import { lastClosedIndex } from '../engine/higher-timeframe';
import { catalogColumns } from './catalog-features';
import { indicatorColumns, type StrategyLoader } from './strategy-features';

export interface FeatureInputs {
  readonly bars: Bars;
  /** Higher-timeframe bars by label; a label not here is resampled from `bars`. */
  readonly higher?: Readonly<Record<string, Bars>>;
  /** Needed only when a feature is a strategy's indicator. */
  readonly loadStrategy?: StrategyLoader;
}

/** Named feature columns, one Float64Array per column, one value per bar (NaN where undefined). */
export type FeatureColumns = ReadonlyMap<string, Float64Array>;

/** A higher timeframe's values put on the base bars: at bar i, the value of the last higher bar closed by i's close. */
export function alignHigher(base: Bars, higher: Bars, values: Float64Array): Float64Array {
  const closed = lastClosedIndex(base, higher);
  const out = new Float64Array(base.time.length);
  for (let i = 0; i < out.length; i++) out[i] = closed[i] >= 0 ? values[closed[i]] : NaN;
  return out;
}

/**
 * Every column of the config's features (featureColumns names them), computed causally. A value
 * that is not finite (a division by a zero range) is NaN: a row with any NaN is not trained on
 * and gets no prediction.
 */
export function computeFeatures(inputs: FeatureInputs, features: ModelConfig['features']): FeatureColumns {
  const { bars } = inputs;
  const resampled = new Map<string, Bars>();
  const higherBars = (label: string): Bars => {
    const given = inputs.higher?.[label];
    if (given) return given;
    let made = resampled.get(label);
    if (!made) resampled.set(label, (made = resample(bars, timeframeMs(label))));
    return made;
  };
  const columns = new Map<string, Float64Array>();
  const indicators = features.filter((f): f is IndicatorFeature => f.kind === 'indicator');
  if (indicators.length > 0) {
    if (!inputs.loadStrategy) throw new Error('indicator features need a strategy loader');
    const values = indicatorColumns(bars, indicators, higherBars, inputs.loadStrategy);
    indicators.forEach((feature, k) => columns.set(featureColumns(feature)[0], values[k]));
  }
  for (const feature of features) {
    if (feature.kind === 'indicator') continue;
    const names = featureColumns(feature);
    const computed = computeCatalog(bars, feature, higherBars);
    names.forEach((name, k) => columns.set(name, computed[k]));
  }
  for (const values of columns.values()) {
    for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) values[i] = NaN;
  }
  return columns;
}

function computeCatalog(bars: Bars, feature: CatalogFeature, higherBars: (label: string) => Bars): Float64Array[] {
  if (feature.timeframe === undefined) return catalogColumns(bars, feature);
  const higher = higherBars(feature.timeframe);
  return catalogColumns(higher, feature).map((values) => alignHigher(bars, higher, values));
}
