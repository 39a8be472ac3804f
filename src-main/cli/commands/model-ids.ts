import type { KeyMetrics, ModelSummary } from '../../../src-shared/api/models';
import { BarwiseError } from '../../../src-shared/errors';
import type { CommandContext } from '../command';

/**
 * A model's full id from a full id or a unique prefix of one (`barwise models` shows prefixes),
 * looked up in the database by prefix, so that it works however many models there are.
 */
export function resolveModelId(ctx: CommandContext, given: string | undefined): string {
  if (!given) throw new BarwiseError('VALIDATION_FAILED', 'name the model ID (barwise models lists them)');
  if (!/^[0-9a-f-]+$/i.test(given)) throw new BarwiseError('MODEL_NOT_FOUND', `no model with id ${given}`);
  const matches = ctx
    .barwise()
    .db.prepare(`SELECT id FROM models WHERE id >= ? AND id < ? ORDER BY id LIMIT 2`)
    .pluck()
    .all(given.toLowerCase(), `${given.toLowerCase()}\u{10ffff}`) as string[];
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) throw new BarwiseError('VALIDATION_FAILED', `"${given}" matches more than one model; give more of the id`);
  throw new BarwiseError('MODEL_NOT_FOUND', `no model with id ${given}`);
}

const LABELS: Readonly<Record<keyof KeyMetrics, string>> = {
  accuracy: 'accuracy',
  f1: 'F1',
  rocAuc: 'ROC AUC',
  logLoss: 'log loss',
  r2: 'R²',
  mae: 'MAE',
  directionalAccuracy: 'directional accuracy',
};

/** The test set's key figures of a completed model, as one line (`test: accuracy 0.5312  F1 …`). */
export function metricsLine(model: Pick<ModelSummary, 'metrics'>): string {
  const m = model.metrics;
  if (!m) return 'no metrics';
  const parts = (Object.keys(LABELS) as (keyof KeyMetrics)[]).flatMap((key) => (m[key] === null ? [] : [`${LABELS[key]} ${formatMetric(key, m[key])}`]));
  return `test: ${parts.join('  ')}`;
}

export function formatMetric(key: keyof KeyMetrics, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  return key === 'mae' ? value.toPrecision(4) : value.toFixed(4);
}
