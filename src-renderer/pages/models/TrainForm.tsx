import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import type { DatasetSummary } from '../../../src-shared/api/datasets';
import type { ModelCatalog } from '../../../src-shared/api/models';
import { toErrorValue } from '../../../src-shared/errors';
import { TIMEFRAMES } from '../../../src-shared/bars/timeframe';
import type { AlgorithmKind } from '../../../src-shared/ml/config';
import { CATALOG_KINDS, type CatalogKind } from '../../../src-shared/ml/features';
import { useApi } from '../../app/store';
import { PageHeader } from '../../components/PageHeader';
import { featureRow, initialForm, trainRequest, type FeatureRow, type TrainForm as Form } from './form-model';

/** The API's refusal names a field (`config.features.0.params.period: …`): shown beside that field. */
function fieldOf(message: string): { path: string; text: string } | undefined {
  const match = /^([\w.]+): (.*)$/s.exec(message);
  return match ? { path: match[1], text: match[2] } : undefined;
}

function FeatureEditor({ row, index, catalog, error, onChange, onRemove }: { row: FeatureRow; index: number; catalog: ModelCatalog; error?: string; onChange: (row: FeatureRow) => void; onRemove: () => void }) {
  const info = catalog.features.find((f) => f.kind === row.kind);
  return (
    <li className={error ? 'feature-row has-error' : 'feature-row'} data-testid="feature-row">
      <select aria-label={`Feature ${index + 1}`} value={row.kind} onChange={(e) => onChange(featureRow(e.target.value as CatalogKind))} title={info?.description}>
        {catalog.features.map((f) => (
          <option key={f.kind} value={f.kind}>
            {f.label}
          </option>
        ))}
      </select>
      {info?.params.map((p) => (
        <label key={p.name} title={p.description}>
          {p.name}
          <input
            inputMode="decimal"
            size={5}
            value={row.params[p.name] ?? ''}
            aria-label={`${info.label} ${p.name}`}
            onChange={(e) => onChange({ ...row, params: { ...row.params, [p.name]: e.target.value } })}
          />
        </label>
      ))}
      {info?.higherTimeframe && (
        <label>
          on
          <select aria-label={`${info.label} timeframe`} value={row.timeframe} onChange={(e) => onChange({ ...row, timeframe: e.target.value })}>
            <option value="">the data’s bars</option>
            {TIMEFRAMES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
      )}
      <button type="button" onClick={onRemove} aria-label={`Remove feature ${index + 1}`}>
        ×
      </button>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </li>
  );
}

export function TrainForm() {
  const api = useApi();
  const navigate = useNavigate();
  const [catalog, setCatalog] = useState<ModelCatalog>();
  const [datasets, setDatasets] = useState<readonly DatasetSummary[]>();
  const [form, setForm] = useState<Form>();
  const [error, setError] = useState<{ path?: string; text: string }>();
  const [busy, setBusy] = useState(false);
  const [adding, setAdding] = useState<CatalogKind>('ema');

  useEffect(() => {
    void Promise.all([api.models.features({}), api.datasets.list({})]).then(
      ([c, d]) => {
        setCatalog(c);
        setDatasets(d);
        setForm(initialForm(d[0]?.id ?? ''));
      },
      (e: unknown) => setError({ text: toErrorValue(e).message }),
    );
  }, [api]);

  if (error && !form) return <p className="error" role="alert">Could not load the form: {error.text}</p>;
  if (!catalog || !datasets || !form) return <p className="muted">Loading…</p>;
  if (datasets.length === 0) {
    return (
      <p className="muted">
        No datasets yet: <Link to="/data">import one, or load the sample</Link>, first.
      </p>
    );
  }
  const set = (patch: Partial<Form>) => setForm({ ...form, ...patch });
  const errorAt = (prefix: string) => (error?.path !== undefined && (error.path === prefix || error.path.startsWith(`${prefix}.`)) ? error.text : undefined);
  const hyperSpecs = Object.entries(catalog.hyperparameters[form.algorithm]) as [string, { default: number; min: number; max: number; description: string }][];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const outcome = await api.models.train(trainRequest(form));
      navigate(`/models/${outcome.model.id}${outcome.existing ? '?existing=1' : ''}`);
    } catch (err) {
      const { message } = toErrorValue(err);
      const field = fieldOf(message.replace(/^models\.train: /, ''));
      setError(field ?? { text: message });
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader title="Train a model" subtitle="Features of the bars up to each bar, a target over the bars after it, and an algorithm to learn one from the other." actions={<Link to="/models">All models</Link>} />
      <form className="backtest-form model-form" onSubmit={(e) => void submit(e)} aria-label="Train a model" noValidate>
        <section className="card form-section" aria-labelledby="mf-data">
          <h2 id="mf-data">Data</h2>
          <div className="form-grid">
            <div className="form-field">
              <label htmlFor="mf-dataset">Dataset</label>
              <select id="mf-dataset" value={form.datasetId} onChange={(e) => set({ datasetId: e.target.value })}>
                {datasets.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name} · {d.symbol} {d.timeframe}
                  </option>
                ))}
              </select>
            </div>
            <div className="form-field">
              <label htmlFor="mf-name">Name (optional)</label>
              <input id="mf-name" value={form.name} onChange={(e) => set({ name: e.target.value })} placeholder="a descriptive default" />
            </div>
          </div>
        </section>

        <section className="card form-section" aria-labelledby="mf-features">
          <h2 id="mf-features">Features</h2>
          <ul className="feature-list">
            {form.features.map((row, k) => (
              <FeatureEditor
                // Rows are edited in place and removed by position: the position is their identity.
                key={k}
                row={row}
                index={k}
                catalog={catalog}
                error={errorAt(`config.features.${k}`)}
                onChange={(next) => set({ features: form.features.map((r, j) => (j === k ? next : r)) })}
                onRemove={() => set({ features: form.features.filter((_, j) => j !== k) })}
              />
            ))}
          </ul>
          {errorAt('config.features') && !/^config\.features\.\d/.test(error?.path ?? '') && (
            <p className="field-error" role="alert">
              {errorAt('config.features')}
            </p>
          )}
          <div className="inline-form">
            <select aria-label="Feature to add" value={adding} onChange={(e) => setAdding(e.target.value as CatalogKind)}>
              {CATALOG_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {catalog.features.find((f) => f.kind === kind)?.label ?? kind}
                </option>
              ))}
            </select>
            <button type="button" onClick={() => set({ features: [...form.features, featureRow(adding)] })}>
              Add feature
            </button>
          </div>
        </section>

        <section className="card form-section" aria-labelledby="mf-target">
          <h2 id="mf-target">Target and split</h2>
          <div className="form-grid">
            <div className="form-field">
              <label htmlFor="mf-target-kind">Target</label>
              <select id="mf-target-kind" value={form.targetKind} onChange={(e) => set({ targetKind: e.target.value as Form['targetKind'] })}>
                <option value="direction">Direction of the forward return</option>
                <option value="return">Forward return (regression)</option>
              </select>
            </div>
            <div className={errorAt('config.target.horizon') ? 'form-field has-error' : 'form-field'}>
              <label htmlFor="mf-horizon">Horizon (bars)</label>
              <input id="mf-horizon" inputMode="numeric" value={form.horizon} onChange={(e) => set({ horizon: e.target.value })} />
              {errorAt('config.target.horizon') && <span className="field-error" role="alert">{errorAt('config.target.horizon')}</span>}
            </div>
            {form.targetKind === 'direction' && (
              <div className="form-field checkbox-field">
                <label>
                  <input type="checkbox" checked={form.threeClasses} onChange={(e) => set({ threeClasses: e.target.checked })} /> Three classes (down / flat / up)
                </label>
                {form.threeClasses && (
                  <label>
                    dead zone ±
                    <input aria-label="Dead zone" inputMode="decimal" size={7} value={form.deadZone} onChange={(e) => set({ deadZone: e.target.value })} />
                  </label>
                )}
                {errorAt('config.target.deadZone') && <span className="field-error" role="alert">{errorAt('config.target.deadZone')}</span>}
              </div>
            )}
            {(['train', 'validation', 'test'] as const).map((part) => (
              <div key={part} className="form-field">
                <label htmlFor={`mf-${part}`}>{part[0].toUpperCase() + part.slice(1)} share</label>
                <input id={`mf-${part}`} inputMode="decimal" value={form[part]} onChange={(e) => set({ [part]: e.target.value })} />
              </div>
            ))}
            <div className="form-field">
              <label htmlFor="mf-embargo">Embargo (rows)</label>
              <input id="mf-embargo" inputMode="numeric" value={form.embargo} onChange={(e) => set({ embargo: e.target.value })} />
            </div>
          </div>
          {errorAt('config.split') && (
            <p className="field-error" role="alert">
              {errorAt('config.split')}
            </p>
          )}
          <p className="hint muted">Chronological: train, then validation, then test. Rows whose label would reach into the next set are purged; the embargo drops more at each boundary.</p>
        </section>

        <section className="card form-section" aria-labelledby="mf-algorithm">
          <h2 id="mf-algorithm">Algorithm</h2>
          <div className="form-grid">
            <div className="form-field">
              <label htmlFor="mf-algo">Algorithm</label>
              <select id="mf-algo" value={form.algorithm} onChange={(e) => set({ algorithm: e.target.value as AlgorithmKind })}>
                <option value="gbdt">Gradient-boosted trees (gbdt)</option>
                <option value="forest">Random forest</option>
                <option value="logit">Logistic regression (L2)</option>
              </select>
            </div>
            <div className="form-field">
              <label htmlFor="mf-seed">Seed</label>
              <input id="mf-seed" inputMode="numeric" value={form.seed} onChange={(e) => set({ seed: e.target.value })} />
            </div>
            {hyperSpecs.map(([name, spec]) => {
              const err = errorAt(`config.algorithm.${name}`);
              return (
                <div key={name} className={err ? 'form-field has-error' : 'form-field'}>
                  <label htmlFor={`mf-hp-${name}`}>{name}</label>
                  <input
                    id={`mf-hp-${name}`}
                    inputMode="decimal"
                    placeholder={String(spec.default)}
                    value={form.hyper[form.algorithm][name] ?? ''}
                    onChange={(e) => set({ hyper: { ...form.hyper, [form.algorithm]: { ...form.hyper[form.algorithm], [name]: e.target.value } } })}
                  />
                  <span className="hint muted">
                    {spec.description} ({spec.min}–{spec.max})
                  </span>
                  {err && (
                    <span className="field-error" role="alert">
                      {err}
                    </span>
                  )}
                </div>
              );
            })}
          </div>
        </section>

        {error && (!error.path || !/^config\.(features|target|split|algorithm)/.test(error.path)) && (
          <p className="error" role="alert" data-testid="train-error">
            {error.path ? `${error.path}: ` : ''}
            {error.text}
          </p>
        )}
        <div className="run-bar">
          <button type="submit" className="primary" disabled={busy || form.features.length === 0}>
            Train
          </button>
          <label className="muted">
            <input type="checkbox" checked={form.retrainAnyway} onChange={(e) => set({ retrainAnyway: e.target.checked })} /> Train again even if this exact configuration was trained
          </label>
        </div>
      </form>
    </>
  );
}
