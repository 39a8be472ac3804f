import { createHash } from 'node:crypto';
import type { FingerprintFields } from '../../src-shared/api/models';
import type { ModelConfig } from '../../src-shared/ml/config';
import { featureName } from '../../src-shared/ml/features';

/** Bumped if what the fingerprint covers, or how it is written, changes: old fingerprints then stop matching. */
export const FINGERPRINT_VERSION = 1;

/** What a model is trained on, besides its configuration. */
export interface FingerprintDataset {
  /** sha256 of the dataset's bars (src-main/data/repository.ts, contentHash). */
  readonly contentHash: string;
  readonly symbol: string;
  /** The timeframe trained on: the dataset's own, or the one it was resampled to. */
  readonly timeframe: string;
}

/** Plain data with every object's keys sorted, so equal values give equal JSON whatever order they were built in. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}

/**
 * The fields a fingerprint hashes. `config` is the parsed configuration (every default filled in,
 * so leaving a hyperparameter at its default and writing the default give the same model), with
 * the features sorted by name and the whitelist sorted: the trainer sorts its columns by name, so
 * neither order changes the model (src-shared/ml/config.ts, trainingColumns).
 */
export function fingerprintFields(config: ModelConfig, dataset: FingerprintDataset, trainerVersion: string): FingerprintFields {
  const features = [...config.features].sort((a, b) => {
    const [x, y] = [featureName(a), featureName(b)];
    return x < y ? -1 : x > y ? 1 : 0;
  });
  return {
    fingerprintVersion: FINGERPRINT_VERSION,
    trainerVersion,
    dataset: { contentHash: dataset.contentHash, symbol: dataset.symbol, timeframe: dataset.timeframe },
    config: sortKeys({ ...config, features, whitelist: config.whitelist ? [...config.whitelist].sort() : null }),
  };
}

/** The canonical JSON of the fields: sorted keys, no spaces. */
export function canonicalJson(fields: FingerprintFields): string {
  return JSON.stringify(sortKeys(fields));
}

/** sha256 (hex) of the canonical JSON of the fields. */
export function fingerprintOf(fields: FingerprintFields): string {
  return createHash('sha256').update(canonicalJson(fields), 'utf8').digest('hex');
}
