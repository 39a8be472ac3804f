import type { MlPredictResult } from '../tasks/ml-tasks';
import { decodeModel } from './blob';
import { computeFeatures, type FeatureInputs } from './features';
import { outputWidth, predict } from './model';
import { outputNames } from './targets';

/**
 * A model's outputs at every bar: its features computed on these bars exactly as in training
 * (the config in the blob), then the model (P(up); P(down), P(flat), P(up); or the forward
 * return). NaN where a feature is not yet defined.
 */
export function predictBars(inputs: FeatureInputs, bytes: Uint8Array): MlPredictResult {
  const blob = decodeModel(bytes);
  const computed = computeFeatures(inputs, blob.config.features);
  const columns = blob.columns.map((name) => computed.get(name) as Float64Array);
  const n = inputs.bars.time.length;
  const out = predict(blob.model, columns, n);
  const width = outputWidth(blob.model);
  const outputs = outputNames(blob.config.target);
  // Two classes report P(up) only: P(not up) is 1 − it.
  const first = width === 2 ? 1 : 0;
  const values = outputs.map((_, k) => {
    const column = new Float64Array(n);
    for (let r = 0; r < n; r++) column[r] = out[r * width + first + k];
    return column;
  });
  return { outputs, values, trainerVersion: blob.trainerVersion };
}
