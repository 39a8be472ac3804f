import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { DatasetSummary } from '../../../src-shared/api/datasets';
import type { ModelDetail } from '../../../src-shared/api/models';
import { toErrorValue } from '../../../src-shared/errors';
import { featureName } from '../../../src-shared/ml/features';
import { useApi } from '../../app/store';
import { formatTime } from '../../components/charts/format';
import { PageHeader } from '../../components/PageHeader';
import { ConfirmDialog } from '../data/ConfirmDialog';
import { CalibrationChart } from './CalibrationChart';
import { ImportanceChart } from './ImportanceChart';
import { LineageTree } from './LineageTree';
import { ConfusionMatrix, MetricsTable } from './MetricsTable';
import { TrainingProgressBar } from './TrainingProgressBar';
import { useModel } from './useModel';

function windowsText(m: ModelDetail): string {
  const w = m.config.split.windows;
  if (w.kind === 'fractions') return `train ${w.train}, validation ${w.validation}, test ${w.test} of the rows${w.from !== undefined ? ` from ${formatTime(w.from)}` : ''}${w.to !== undefined ? ` to ${formatTime(w.to)}` : ''}`;
  return `train ${formatTime(w.train.from)}–${formatTime(w.train.to)}, validation ${formatTime(w.validation.from)}–${formatTime(w.validation.to)}, test ${formatTime(w.test.from)}–${formatTime(w.test.to)}`;
}

function Configuration({ model: m }: { model: ModelDetail }) {
  const { kind, ...hyper } = m.config.algorithm;
  const rows: [string, string][] = [
    ['Dataset', `${m.datasetName} · ${m.symbol} ${m.timeframe}${m.datasetId === null ? ' (deleted)' : ''}`],
    ['Features', m.config.features.map(featureName).join(', ')],
    ...(m.config.whitelist ? [['Whitelist', m.config.whitelist.join(', ')] as [string, string]] : []),
    ['Target', m.target],
    ['Split', `${windowsText(m)}; embargo ${m.config.split.embargo} rows`],
    ['Algorithm', `${kind}: ${Object.entries(hyper).map(([k, v]) => `${k} ${v}`).join(', ')}`],
    ['Seed', String(m.config.seed)],
    ['Trainer', m.trainerVersion],
    ['Created', formatTime(m.createdAt)],
    ...(m.finishedAt ? [['Finished', formatTime(m.finishedAt)] as [string, string]] : []),
    ...(m.report ? [['Rows', `train ${m.report.rows.train}, validation ${m.report.rows.validation}, test ${m.report.rows.test}; ${m.report.iterations} iterations`] as [string, string]] : []),
  ];
  return (
    <dl className="kv model-config" data-testid="model-config">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
      <div>
        <dt>Fingerprint</dt>
        <dd>
          <code data-testid="model-fingerprint">{m.fingerprint}</code>
        </dd>
      </div>
    </dl>
  );
}

/** Train a child from the top k features, retrain on newer data, delete. */
function Actions({ model, onError }: { model: ModelDetail; onError: (message: string | undefined) => void }) {
  const api = useApi();
  const navigate = useNavigate();
  const [topK, setTopK] = useState(String(Math.min(5, model.featureCount)));
  const [by, setBy] = useState<'gain' | 'permutation'>('gain');
  const [datasets, setDatasets] = useState<readonly DatasetSummary[]>([]);
  const [retrainOn, setRetrainOn] = useState(model.datasetId ?? '');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void api.datasets.list({}).then(setDatasets, () => setDatasets([]));
  }, [api]);

  const act = async (work: () => Promise<string | undefined>) => {
    setBusy(true);
    onError(undefined);
    try {
      const to = await work();
      if (to) navigate(to);
    } catch (e) {
      onError(toErrorValue(e).message);
    } finally {
      setBusy(false);
    }
  };
  const completed = model.status === 'completed';
  return (
    <section className="card model-actions" aria-label="Model actions">
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void act(async () => `/models/${(await api.models.trainFromParent({ id: model.id, topK: Number(topK), by })).model.id}`);
        }}
      >
        <label>
          Top
          <input type="number" min={1} max={model.featureCount} value={topK} onChange={(e) => setTopK(e.target.value)} aria-label="Number of top features" size={3} />
        </label>
        <label>
          by
          <select value={by} onChange={(e) => setBy(e.target.value as 'gain' | 'permutation')} aria-label="Rank features by">
            <option value="gain">gain</option>
            <option value="permutation">permutation</option>
          </select>
        </label>
        <button type="submit" disabled={!completed || busy} title={completed ? undefined : 'Only a completed model has importance to pick from'}>
          Train child from top features
        </button>
      </form>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void act(async () => `/models/${(await api.models.retrain({ id: model.id, ...(retrainOn ? { datasetId: retrainOn } : {}) })).model.id}`);
        }}
      >
        <label>
          on
          <select value={retrainOn} onChange={(e) => setRetrainOn(e.target.value)} aria-label="Dataset to retrain on">
            {model.datasetId === null && <option value="">its dataset (re-imported)</option>}
            {datasets.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={!completed || busy}>
          Retrain on newer data
        </button>
      </form>
      <span className="spacer" />
      <button type="button" className="danger" onClick={() => setConfirming(true)} disabled={busy}>
        Delete model
      </button>
      <ConfirmDialog
        open={confirming}
        title="Delete this model?"
        confirmLabel="Delete model"
        busy={busy}
        onCancel={() => setConfirming(false)}
        onConfirm={() =>
          void act(async () => {
            await api.models.delete({ id: model.id });
            setConfirming(false);
            return '/models';
          })
        }
      >
        <p>
          {model.name} goes with its importance and stored model{model.status === 'training' ? ', and its training is cancelled' : ''}. Models trained from it keep its name in their lineage.
        </p>
      </ConfirmDialog>
    </section>
  );
}

/** /models/:modelId — keyed by the id, so that moving to another model (a child, a parent) starts afresh. */
export function ModelView() {
  const { modelId = '' } = useParams();
  return <ModelPage key={modelId} modelId={modelId} />;
}

function ModelPage({ modelId }: { modelId: string }) {
  const api = useApi();
  const { model, importance, lineage, progress, error } = useModel(modelId);
  const [actionError, setActionError] = useState<string>();
  if (error) {
    return (
      <>
        <PageHeader title="Model" />
        <p className="error" role="alert">
          {error.code === 'MODEL_NOT_FOUND' ? 'This model was deleted.' : error.message} <Link to="/models">All models</Link>
        </p>
      </>
    );
  }
  if (!model) return <p className="muted">Loading…</p>;
  const test = model.allMetrics?.test;
  return (
    <div className="model-view">
      <PageHeader title={model.name} subtitle={`${model.algorithm} · ${model.target} · ${model.featureCount} features · ${model.symbol} ${model.timeframe}`} actions={<Link to="/models">All models</Link>} />
      <p>
        Status{' '}
        <span className={`model-status status-${model.status}`} data-testid="model-status">
          {model.status}
        </span>
        {model.parent && (
          <span className="muted">
            {' '}
            · {model.origin === 'retrained' ? 'retrained from' : 'trained from'}{' '}
            {model.parent.id ? <Link to={`/models/${model.parent.id}`}>{model.parent.name}</Link> : `${model.parent.name} (deleted)`}
          </span>
        )}
      </p>
      {model.jobId && (model.status === 'queued' || model.status === 'preprocessing' || model.status === 'training' || model.status === 'evaluating') && (
        <TrainingProgressBar status={model.status} progress={progress} onCancel={() => void api.jobs.cancel({ id: model.jobId! }).catch(() => undefined)} />
      )}
      {model.error && (
        <p className="error" role="alert" data-testid="model-error">
          {model.error.code}: {model.error.message}
        </p>
      )}
      {actionError && (
        <p className="error" role="alert" data-testid="model-action-error">
          {actionError}
        </p>
      )}
      <Actions model={model} onError={setActionError} />
      <div className="model-columns">
        <section className="card" aria-labelledby="model-metrics-title">
          <h2 id="model-metrics-title">Metrics</h2>
          {model.allMetrics ? <MetricsTable validation={model.allMetrics.validation} test={model.allMetrics.test} /> : <p className="muted">Metrics appear once training completes.</p>}
          {test?.kind === 'classification' && (
            <>
              <h3>Confusion matrix (test)</h3>
              <ConfusionMatrix classes={test.classes} confusion={test.confusion} />
            </>
          )}
        </section>
        <section className="card" aria-labelledby="model-lineage-title">
          <h2 id="model-lineage-title">Lineage</h2>
          {lineage && <LineageTree lineage={lineage} current={model.id} />}
          <h2>Configuration</h2>
          <Configuration model={model} />
        </section>
      </div>
      {importance && <ImportanceChart importance={importance} />}
      {test?.kind === 'classification' && <CalibrationChart bins={test.calibration} />}
    </div>
  );
}
