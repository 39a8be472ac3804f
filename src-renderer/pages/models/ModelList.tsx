import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { DatasetSummary } from '../../../src-shared/api/datasets';
import { KEY_METRICS, MODEL_SORTS, MODEL_STATUSES, type KeyMetric, type ModelSummary } from '../../../src-shared/api/models';
import { toErrorValue } from '../../../src-shared/errors';
import { ALGORITHMS } from '../../../src-shared/ml/config';
import { onBarwiseEvent, useApi } from '../../app/store';
import { formatTime } from '../../components/charts/format';
import { EmptyState } from '../../components/EmptyState';
import { ConfirmDialog } from '../data/ConfirmDialog';
import { TrainingProgressBar } from './TrainingProgressBar';
import { isUnfinished, type TrainingProgress } from './useModel';

const PAGE_SIZE = 25;
const POLL_MS = 1500;

export const METRIC_LABEL: Readonly<Record<KeyMetric, string>> = {
  accuracy: 'Accuracy',
  f1: 'F1',
  rocAuc: 'ROC AUC',
  logLoss: 'Log loss',
  r2: 'R²',
  mae: 'MAE',
  directionalAccuracy: 'Dir. acc.',
};

const SHOWN: readonly KeyMetric[] = ['accuracy', 'rocAuc', 'logLoss', 'r2'];

const metricText = (m: ModelSummary, key: KeyMetric) => {
  const v = m.metrics?.[key];
  return v === null || v === undefined ? '—' : key === 'mae' ? v.toPrecision(3) : v.toFixed(3);
};

/** The models list: filters, sort and pages in the URL; rows follow their training live. */
export function ModelList() {
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const algorithm = params.get('algorithm') ?? '';
  const datasetId = params.get('dataset') ?? '';
  const search = params.get('q') ?? '';
  const sortParam = params.get('sort') ?? 'createdAt';
  const sort = (MODEL_SORTS as readonly string[]).includes(sortParam) ? (sortParam as (typeof MODEL_SORTS)[number]) : 'createdAt';
  const order = params.get('order') === 'asc' ? 'asc' : 'desc';
  const page = Math.max(0, Number(params.get('page') ?? 0) || 0);

  const [result, setResult] = useState<{ models: readonly ModelSummary[]; total: number }>();
  const [datasets, setDatasets] = useState<readonly DatasetSummary[]>([]);
  const [error, setError] = useState<string>();
  const [progress, setProgress] = useState<ReadonlyMap<string, TrainingProgress>>(new Map());
  const [confirmAll, setConfirmAll] = useState(false);
  const [busy, setBusy] = useState(false);

  const setParam = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === '') next.delete(k);
      else next.set(k, v);
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next, { replace: true });
  };

  const fetchList = useCallback(
    () =>
      api.models.list({
        ...(status ? { status: status as ModelSummary['status'] } : {}),
        ...(algorithm ? { algorithm: algorithm as ModelSummary['algorithm'] } : {}),
        ...(datasetId ? { datasetId } : {}),
        ...(search.trim() ? { search: search.trim() } : {}),
        sort,
        order,
        limit: PAGE_SIZE,
        offset: page * PAGE_SIZE,
      }),
    [api, status, algorithm, datasetId, search, sort, order, page],
  );

  const load = useCallback(
    () =>
      fetchList().then(
        (next) => {
          setResult(next);
          setError(undefined);
        },
        (e: unknown) => setError(toErrorValue(e).message),
      ),
    [fetchList],
  );

  useEffect(() => {
    let live = true;
    fetchList().then(
      (next) => {
        if (!live) return;
        setResult(next);
        setError(undefined);
      },
      (e: unknown) => live && setError(toErrorValue(e).message),
    );
    return () => {
      live = false;
    };
  }, [fetchList]);
  useEffect(() => {
    void api.datasets.list({}).then(setDatasets, () => setDatasets([]));
  }, [api]);

  const jobs = useMemo(() => new Set((result?.models ?? []).filter((m) => isUnfinished(m.status) && m.jobId).map((m) => m.jobId!)), [result]);
  useEffect(
    () =>
      onBarwiseEvent((event) => {
        if (event.topic === 'progress' && jobs.has(event.id)) {
          setProgress((p) => new Map(p).set(event.id, { fraction: event.fraction, message: event.message }));
        } else if (event.topic === 'job' && (event.kind === 'train' || jobs.has(event.id))) {
          void load();
        }
      }),
    [jobs, load],
  );
  const anyTraining = jobs.size > 0;
  useEffect(() => {
    if (!anyTraining) return;
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [anyTraining, load]);

  const deleteAll = async () => {
    setBusy(true);
    try {
      await api.models.deleteAll({});
      setConfirmAll(false);
      await load();
    } catch (e) {
      setError(toErrorValue(e).message);
    } finally {
      setBusy(false);
    }
  };

  const total = result?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const filtered = status !== '' || algorithm !== '' || datasetId !== '' || search !== '';
  if (result && total === 0 && !filtered) {
    return (
      <EmptyState title="No models yet" actions={<Link className="button-link primary" to="/models/new">Train a model</Link>}>
        <p>A model learns to predict the direction (or the return) of the next bars from features of the bars before them. Train one on a dataset, then read its metrics and which features it relies on.</p>
      </EmptyState>
    );
  }
  const sortHeader = (key: (typeof MODEL_SORTS)[number], label: string, numeric = false) => (
    <th scope="col" className={numeric ? 'num' : undefined} aria-sort={sort === key ? (order === 'asc' ? 'ascending' : 'descending') : undefined}>
      <button type="button" className="vt-sort" onClick={() => setParam({ sort: key, order: sort === key && order === 'desc' ? 'asc' : 'desc' })}>
        {label}
        {sort === key ? (order === 'desc' ? ' ▼' : ' ▲') : ''}
      </button>
    </th>
  );

  return (
    <div className="history models">
      <div className="history-toolbar" role="search" aria-label="Filter and sort models">
        <label>
          Status
          <select value={status} onChange={(e) => setParam({ status: e.target.value })}>
            <option value="">Any status</option>
            {MODEL_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Algorithm
          <select value={algorithm} onChange={(e) => setParam({ algorithm: e.target.value })}>
            <option value="">Any algorithm</option>
            {ALGORITHMS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label>
          Dataset
          <select value={datasetId} onChange={(e) => setParam({ dataset: e.target.value })}>
            <option value="">All datasets</option>
            {datasets.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Name
          <input value={search} onChange={(e) => setParam({ q: e.target.value })} placeholder="any" size={14} />
        </label>
        <label>
          Sort by
          <select value={sort} onChange={(e) => setParam({ sort: e.target.value })}>
            <option value="createdAt">Date created</option>
            <option value="name">Name</option>
            <option value="status">Status</option>
            <option value="algorithm">Algorithm</option>
            {KEY_METRICS.map((k) => (
              <option key={k} value={k}>
                {METRIC_LABEL[k]}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => setParam({ order: order === 'desc' ? 'asc' : 'desc' })}>
          {order === 'desc' ? '↓ Highest first' : '↑ Lowest first'}
        </button>
        <span className="spacer" />
        <button type="button" className="danger" disabled={total === 0} onClick={() => setConfirmAll(true)}>
          Delete all…
        </button>
        <Link className="button-link primary" to="/models/new">
          Train a model
        </Link>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="bt-scroll card flush">
        <table className="history-table" data-testid="models-table">
          <thead>
            <tr>
              {sortHeader('name', 'Name')}
              {sortHeader('status', 'Status')}
              {sortHeader('algorithm', 'Algorithm')}
              <th scope="col">Target · data</th>
              {SHOWN.map((k) => sortHeader(k, METRIC_LABEL[k], true))}
              {sortHeader('createdAt', 'Created')}
            </tr>
          </thead>
          <tbody>
            {result?.models.map((m) => (
              <tr key={m.id} data-testid="model-row" data-model-id={m.id}>
                <td className="run-name">
                  <Link to={`/models/${m.id}`}>{m.name}</Link>
                  {m.parent && <div className="muted small">from {m.parent.name}</div>}
                </td>
                <td>
                  <span className={`model-status status-${m.status}`}>{m.status}</span>
                  {isUnfinished(m.status) && m.jobId && (
                    <TrainingProgressBar compact status={m.status} progress={progress.get(m.jobId)} onCancel={() => void api.jobs.cancel({ id: m.jobId! }).catch(() => undefined)} />
                  )}
                  {m.error && m.status === 'failed' && <div className="danger-text small" title={m.error.message}>{m.error.code}</div>}
                </td>
                <td>{m.algorithm}</td>
                <td className="nowrap">
                  {m.target} · {m.featureCount} features
                  <div className="muted small">
                    {m.datasetName} · {m.timeframe}
                  </div>
                </td>
                {SHOWN.map((k) => (
                  <td key={k} className="num">
                    {metricText(m, k)}
                  </td>
                ))}
                <td className="nowrap muted">{formatTime(m.createdAt)}</td>
              </tr>
            ))}
            {result && result.models.length === 0 && (
              <tr>
                <td colSpan={4 + SHOWN.length + 1} className="muted">
                  No model matches these filters.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <div className="pager">
        <button type="button" disabled={page === 0} onClick={() => setParam({ page: String(page - 1) })}>
          ← Previous
        </button>
        <span className="muted">
          Page {page + 1} of {pages} · {total} models
        </span>
        <button type="button" disabled={page + 1 >= pages} onClick={() => setParam({ page: String(page + 1) })}>
          Next →
        </button>
      </div>
      <ConfirmDialog open={confirmAll} title="Delete every model?" confirmLabel="Delete all models" busy={busy} onCancel={() => setConfirmAll(false)} onConfirm={() => void deleteAll()}>
        <p>Every model goes, whatever the filters show, with its importance and stored model; models still training are cancelled first. This cannot be undone.</p>
      </ConfirmDialog>
    </div>
  );
}
