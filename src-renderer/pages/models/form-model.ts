import type { TrainRequest } from '../../../src-shared/api/models';
import { ALGORITHMS, HYPERPARAMETERS, type AlgorithmKind } from '../../../src-shared/ml/config';
import { featureKindInfo, type CatalogKind } from '../../../src-shared/ml/features';

/**
 * The Models train form's state, as text the user types, and the request it makes. The API checks
 * the request with the same schema (src-shared/ml/config.ts); this only turns text into numbers,
 * so that a refusal comes back naming the field (`config.features.0.params.period: …`).
 */

export interface FeatureRow {
  readonly kind: CatalogKind;
  /** Each parameter's value as typed, by name. */
  readonly params: Readonly<Record<string, string>>;
  /** '' for the dataset's own timeframe. */
  readonly timeframe: string;
}

export interface TrainForm {
  readonly datasetId: string;
  readonly features: readonly FeatureRow[];
  readonly targetKind: 'direction' | 'return';
  readonly horizon: string;
  readonly threeClasses: boolean;
  readonly deadZone: string;
  readonly train: string;
  readonly validation: string;
  readonly test: string;
  readonly embargo: string;
  readonly algorithm: AlgorithmKind;
  /** Hyperparameters as typed, by algorithm then name ('' = the default). */
  readonly hyper: Readonly<Record<AlgorithmKind, Readonly<Record<string, string>>>>;
  readonly seed: string;
  readonly name: string;
  readonly retrainAnyway: boolean;
}

/** A feature of the catalog with its default parameters. */
export function featureRow(kind: CatalogKind): FeatureRow {
  const info = featureKindInfo(kind);
  return { kind, params: Object.fromEntries((info?.params ?? []).map((p) => [p.name, String(p.default)])), timeframe: '' };
}

export function initialForm(datasetId: string): TrainForm {
  return {
    datasetId,
    features: [featureRow('rsi'), featureRow('atr'), { ...featureRow('ret'), params: { k: '5' } }, featureRow('macd'), featureRow('bbpct'), featureRow('hour')],
    targetKind: 'direction',
    horizon: '12',
    threeClasses: false,
    deadZone: '0.002',
    train: '0.6',
    validation: '0.2',
    test: '0.2',
    embargo: '0',
    algorithm: 'gbdt',
    hyper: Object.fromEntries(ALGORITHMS.map((a) => [a, Object.fromEntries(Object.keys(HYPERPARAMETERS[a]).map((k) => [k, '']))])) as TrainForm['hyper'],
    seed: '1',
    name: '',
    retrainAnyway: false,
  };
}

/** Text as a number: blanks and non-numbers become NaN, which the schema refuses naming the field. */
const num = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text));

export function trainRequest(form: TrainForm): TrainRequest {
  const hyper = Object.fromEntries(Object.entries(form.hyper[form.algorithm]).flatMap(([k, v]) => (v.trim() === '' ? [] : [[k, num(v)]])));
  return {
    datasetId: form.datasetId,
    config: {
      features: form.features.map((f) => ({
        kind: f.kind,
        params: Object.fromEntries(Object.entries(f.params).map(([k, v]) => [k, num(v)])),
        ...(f.timeframe ? { timeframe: f.timeframe } : {}),
      })),
      target:
        form.targetKind === 'return'
          ? { kind: 'return', horizon: num(form.horizon) }
          : form.threeClasses
            ? { kind: 'direction', horizon: num(form.horizon), classes: 3, deadZone: num(form.deadZone) }
            : { kind: 'direction', horizon: num(form.horizon) },
      split: { windows: { kind: 'fractions', train: num(form.train), validation: num(form.validation), test: num(form.test) }, embargo: num(form.embargo) },
      algorithm: { kind: form.algorithm, ...hyper },
      seed: num(form.seed),
    },
    ...(form.name.trim() ? { name: form.name.trim() } : {}),
    retrainAnyway: form.retrainAnyway,
  };
}
