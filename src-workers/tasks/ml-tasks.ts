import type { Bars } from '../../src-shared/bars/bars';
import type { ModelConfig } from '../../src-shared/ml/config';
import type { FeatureKindInfo } from '../../src-shared/ml/features';
import type { FeatureImportance, ModelMetrics } from '../../src-shared/ml/results';
import type { StrategySource } from '../../src-shared/sdk/source';

/**
 * The model task kinds (docs/ml.md): main sends bars on SharedArrayBuffers (shared, not copied)
 * and a parsed ModelConfig (src-shared/ml/config.ts); the worker computes the features, trains,
 * evaluates and returns the model as a versioned blob. Errors come back as `{ code, message }`:
 * INVALID_CONFIG (too few rows for the windows, a feature that is never defined, a class absent
 * from the training rows…), STRATEGY_NOT_FOUND / STRATEGY_ERROR (an indicator feature), CANCELLED.
 *
 * Progress (`ctx.checkpoint(fraction, message)`, cancellable at each): the message starts with
 * the phase, `preprocessing: …` (fraction 0–0.1), `training: round 12 of 100, validation loss
 * 0.6812` (0.1–0.9), `evaluating: …` (0.9–1), so main can move a job's status along.
 */

/** `ml.train`. */
export interface MlTrainTask {
  /** The base timeframe's bars. */
  readonly bars: Bars;
  /**
   * Higher-timeframe bars keyed by label ('4h'): those the features name (featureTimeframes)
   * and those an indicator feature's strategy reads. A timeframe not given is resampled here from `bars`.
   */
  readonly higher?: Readonly<Record<string, Bars>>;
  /** z.output of modelConfigSchema (its seed seeds everything random). */
  readonly config: ModelConfig;
  /** The compiled sources of the user strategies indicator features name, keyed by strategy id (built-ins need none). */
  readonly strategies?: Readonly<Record<string, StrategySource>>;
}

export interface WindowRows {
  /** Rows (bars) the set holds after the purge and the embargo. */
  readonly rows: number;
  /** Open times of its first and last bar (null when empty). */
  readonly from: number | null;
  readonly to: number | null;
}

export interface MlTrainResult {
  /** The model as a versioned blob (src-workers/ml/blob.ts): `ml.predict` takes it back. Transferred, not copied. */
  readonly model: Uint8Array;
  readonly metrics: { readonly validation: ModelMetrics; readonly test: ModelMetrics };
  /** One entry per training column, most important (by gain) first. */
  readonly importance: readonly FeatureImportance[];
  readonly trainerVersion: string;
  /** The columns trained on, in the model's order (sorted by name). */
  readonly featureNames: readonly string[];
  readonly rows: { readonly train: number; readonly validation: number; readonly test: number };
  readonly windows: { readonly train: WindowRows; readonly validation: WindowRows; readonly test: WindowRows };
  /** Trees kept per class (gbdt: the best round under early stopping; forest: the trees), or Newton steps (logit). */
  readonly iterations: number;
  /** Validation loss after each round (gbdt) or step (logit); empty for the forest. */
  readonly validationLoss: readonly number[];
}

/** `ml.predict`: the model's output at every bar of `bars`. */
export interface MlPredictTask {
  readonly bars: Bars;
  readonly higher?: Readonly<Record<string, Bars>>;
  readonly model: Uint8Array;
  readonly strategies?: Readonly<Record<string, StrategySource>>;
}

export interface MlPredictResult {
  /**
   * What each array holds: ['p_up'] (two classes), ['p_down', 'p_flat', 'p_up'] (three), or
   * ['forward_return'] (the return target).
   */
  readonly outputs: readonly string[];
  /** One Float64Array per output, one value per bar; NaN where a feature is not yet defined. Transferred. */
  readonly values: readonly Float64Array[];
  readonly trainerVersion: string;
}

/** `ml.features`: the catalog (no payload). */
export interface MlFeaturesResult {
  readonly features: readonly FeatureKindInfo[];
  readonly trainerVersion: string;
}
