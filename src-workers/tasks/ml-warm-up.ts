import { modelConfigSchema, type ModelConfigInput } from '../../src-shared/ml/config';
import { CATALOG_KINDS } from '../../src-shared/ml/features';
import { randomWalkBars } from '../engine/random-walk';
import { predictBars } from '../ml/predict';
import { trainModel } from '../ml/train';

/**
 * Trains and predicts once with every algorithm, target and sampling path on small data before
 * the worker's first task. The worker freezes its intrinsics after the warm-up (lockdown.ts): an
 * element store first compiled after the freeze stays on V8's slow path (about 10× slower), and
 * the trainers are stores into typed arrays from end to end (histograms, partitions, scores), so
 * each must have run here first. Every catalog feature is computed (once on a higher timeframe).
 */
export function warmUpMl(): void {
  const bars = randomWalkBars(1_500, 7, 15 * 60_000, Date.UTC(2024, 0, 1), 0.004);
  const every = [...CATALOG_KINDS.map((kind) => ({ kind })), { kind: 'rsi' as const, timeframe: '1h' as const }];
  const few = [{ kind: 'rsi' as const }, { kind: 'ret' as const, params: { k: 3 } }, { kind: 'hour' as const }];
  const targets: ModelConfigInput['target'][] = [
    { kind: 'direction', horizon: 2 },
    { kind: 'direction', horizon: 2, classes: 3, deadZone: 0.002 },
    { kind: 'return', horizon: 2 },
  ];
  const algorithms: ModelConfigInput['algorithm'][] = [
    { kind: 'gbdt', rounds: 3, maxLeaves: 8, minSamplesLeaf: 5, earlyStopping: 0 },
    { kind: 'gbdt', rounds: 3, maxLeaves: 8, minSamplesLeaf: 5, rowSubsample: 0.5, colSubsample: 0.5, earlyStopping: 1 },
    { kind: 'forest', trees: 2, maxLeaves: 8 },
    { kind: 'logit', maxIterations: 2 },
  ];
  targets.forEach((target, t) => {
    algorithms.forEach((algorithm, a) => {
      const features = t === 0 && a === 0 ? every : few;
      const config = modelConfigSchema.parse({ features, target, algorithm, importance: { repeats: 1, maxRows: 100 } });
      predictBars({ bars }, trainModel({ bars }, config, () => undefined).model);
    });
  });
}
