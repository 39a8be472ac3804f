/**
 * What training reports about a model: metrics on the validation and test rows and the importance
 * of each feature. Formulas in docs/ml.md#metrics; computed by src-workers/ml/metrics.ts.
 */

export interface ClassScores {
  readonly precision: number | null;
  readonly recall: number | null;
  readonly f1: number | null;
}

export interface CalibrationBin {
  /** The bin is [lower, upper) of the predicted probability (the last bin includes 1). */
  readonly lower: number;
  readonly upper: number;
  readonly rows: number;
  /** Mean predicted probability of the rows in the bin (null when empty). */
  readonly meanPredicted: number | null;
  /** Share of those rows whose class was the positive one (null when empty). */
  readonly observed: number | null;
}

export interface ClassificationMetrics {
  readonly kind: 'classification';
  readonly rows: number;
  /** Class names in label order: ['not up', 'up'] or ['down', 'flat', 'up']. */
  readonly classes: readonly string[];
  readonly accuracy: number;
  /** Two classes: of the 'up' class. Three: the unweighted mean over the classes (macro). Null where undefined (nothing predicted or present). */
  readonly precision: number | null;
  readonly recall: number | null;
  readonly f1: number | null;
  readonly perClass: readonly ClassScores[];
  /** Two classes: ROC AUC of P(up). Three: the mean of each class's one-vs-rest AUC. Null when a class is absent. */
  readonly rocAuc: number | null;
  /** Mean −ln p(true class), with p clipped to [1e-15, 1 − 1e-15]. */
  readonly logLoss: number;
  /** confusion[actual][predicted], predicted = the most probable class. */
  readonly confusion: readonly (readonly number[])[];
  /** Of P(up) against up or not, in 10 equal bins. */
  readonly calibration: readonly CalibrationBin[];
}

export interface RegressionMetrics {
  readonly kind: 'regression';
  readonly rows: number;
  /** 1 − SS_res / SS_tot; null when the actual values are all equal. */
  readonly r2: number | null;
  readonly mae: number;
  readonly rmse: number;
  /** Share of rows where the predicted and actual forward returns have the same sign (a zero counts as a miss unless both are zero). */
  readonly directionalAccuracy: number;
}

export type ModelMetrics = ClassificationMetrics | RegressionMetrics;

export interface FeatureImportance {
  /** The column's name (featureColumns). */
  readonly feature: string;
  /** Trees: the share of the total split gain; logit: the share of Σ|coefficient| (standardized features). Sums to 1. */
  readonly gain: number;
  /** The mean rise in test loss (log loss, or squared error) when the column's test values are shuffled. */
  readonly permutation: number;
}
