import { Fragment, useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { DatasetSummary } from '../../../src-shared/api/datasets';
import type { ReproduceOutcome, RunSummary } from '../../../src-shared/api/runs';
import { STAT_DEFINITIONS, type StatKey, type StrategyInfo } from '../../../src-shared/backtest';
import { EmptyState } from '../../components/EmptyState';
import { formatDate, formatNumber, formatStat, formatTime } from '../../components/charts/format';
import { errorMessage, useRunsApi } from '../backtests/api';
import { STAT_BY_KEY } from '../backtests/StatsView';
import { ConfirmDialog } from './ConfirmDialog';
import { reproduceStatus } from './reproduce-outcome';
import { RunEditor } from './RunEditor';

const PAGE_SIZE = 25;
const KEY_COLUMNS: readonly StatKey[] = ['returnPct', 'cagrPct', 'sharpe', 'maxDrawdownPct', 'sqn', 'numTrades'];
const MAX_COMPARE = 4;

type RowStatus = { kind: 'busy' | 'ok' | 'warn' | 'error'; text: string };

/** Every run with its key statistics: filter, sort by any statistic, page, edit, reproduce, delete, compare. */
export function RunList() {
  const api = useRunsApi();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const sort = params.get('sort') ?? 'createdAt';
  const order = params.get('order') === 'asc' ? 'asc' : 'desc';
  const page = Math.max(0, Number(params.get('page') ?? 0) || 0);
  const datasetId = params.get('dataset') ?? '';
  const strategyId = params.get('strategy') ?? '';
  const tag = params.get('tag') ?? '';

  const [datasets, setDatasets] = useState<readonly DatasetSummary[]>([]);
  const [strategies, setStrategies] = useState<readonly StrategyInfo[]>([]);
  const [result, setResult] = useState<{ runs: readonly RunSummary[]; total: number }>();
  const [error, setError] = useState<string>();
  const [tagDraft, setTagDraft] = useState(tag);
  const [selected, setSelected] = useState<readonly string[]>([]);
  const [editing, setEditing] = useState<string>();
  const [deleting, setDeleting] = useState<RunSummary>();
  const [status, setStatus] = useState<Record<string, RowStatus>>({});

  const setParam = useCallback(
    (patch: Record<string, string>) => {
      setParams((p) => {
        const next = new URLSearchParams(p);
        for (const [k, v] of Object.entries(patch)) {
          if (v) next.set(k, v);
          else next.delete(k);
        }
        if (!('page' in patch)) next.delete('page');
        return next;
      });
    },
    [setParams],
  );

  useEffect(() => {
    let live = true;
    Promise.all([api.datasets.list({}), api.backtests.strategies({})])
      .then(([d, s]) => {
        if (!live) return;
        setDatasets(d);
        setStrategies(s);
      })
      .catch((e: unknown) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [api]);

  const fetchList = useCallback(
    () =>
      api.runs.list({
        sort,
        order,
        limit: PAGE_SIZE,
        offset: page * PAGE_SIZE,
        datasetId: datasetId || undefined,
        strategyId: strategyId || undefined,
        tag: tag || undefined,
      }),
    [api, sort, order, page, datasetId, strategyId, tag],
  );
  useEffect(() => {
    let live = true;
    fetchList()
      .then((r) => {
        if (!live) return;
        setResult(r);
        setError(undefined);
      })
      .catch((e: unknown) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [fetchList]);

  // The tag filter applies after typing pauses.
  useEffect(() => {
    if (tagDraft.trim() === tag) return;
    const timer = setTimeout(() => setParam({ tag: tagDraft.trim() }), 300);
    return () => clearTimeout(timer);
  }, [tagDraft, tag, setParam]);

  const reload = () => {
    fetchList()
      .then(setResult)
      .catch((e: unknown) => setError(errorMessage(e)));
  };
  const setRowStatus = (id: string, s: RowStatus) => setStatus((all) => ({ ...all, [id]: s }));

  const reproduce = async (run: RunSummary) => {
    setRowStatus(run.id, { kind: 'busy', text: 'Reproducing…' });
    try {
      const outcome: ReproduceOutcome = await api.backtests.reproduce({ runId: run.id });
      setRowStatus(run.id, reproduceStatus(outcome));
      reload();
    } catch (e) {
      setRowStatus(run.id, { kind: 'error', text: `Could not reproduce: ${errorMessage(e)}` });
    }
  };

  const remove = async (run: RunSummary) => {
    setDeleting(undefined);
    try {
      await api.runs.remove({ id: run.id });
      setSelected((s) => s.filter((id) => id !== run.id));
      reload();
    } catch (e) {
      setRowStatus(run.id, { kind: 'error', text: `Could not delete: ${errorMessage(e)}` });
    }
  };

  const toggleSelected = (id: string) =>
    setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : s.length < MAX_COMPARE ? [...s, id] : s));

  const filtered = Boolean(datasetId || strategyId || tag);
  if (result && result.total === 0 && !filtered && page === 0) {
    return (
      <EmptyState title="No runs yet">
        <p>
          Runs appear here once you run a backtest. <Link to="/backtests">Run your first backtest</Link>.
        </p>
      </EmptyState>
    );
  }

  const sortStat = STAT_BY_KEY.get(sort as StatKey);
  const columns = sortStat && !KEY_COLUMNS.includes(sortStat.key) ? [...KEY_COLUMNS, sortStat.key] : KEY_COLUMNS;
  const total = result?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  return (
    <div className="history">
      <div className="history-toolbar" role="search" aria-label="Filter and sort runs">
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
          Strategy
          <select value={strategyId} onChange={(e) => setParam({ strategy: e.target.value })}>
            <option value="">All strategies</option>
            {strategies.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Tag
          <input value={tagDraft} onChange={(e) => setTagDraft(e.target.value)} placeholder="any" size={12} />
        </label>
        <label>
          Sort by
          <select value={sort} onChange={(e) => setParam({ sort: e.target.value })}>
            <option value="createdAt">Date run</option>
            <option value="name">Name</option>
            {STAT_DEFINITIONS.map((d) => (
              <option key={d.key} value={d.key}>
                {d.label}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          onClick={() => setParam({ order: order === 'desc' ? 'asc' : 'desc' })}
          aria-label={`Order: ${order === 'desc' ? 'descending' : 'ascending'}. Switch`}
        >
          {order === 'desc' ? '↓ Highest first' : '↑ Lowest first'}
        </button>
        <span className="spacer" />
        <button
          type="button"
          className="primary"
          disabled={selected.length < 2}
          onClick={() => navigate(`/history/compare?ids=${selected.join(',')}`)}
          title="Tick 2 to 4 runs to compare them"
        >
          Compare {selected.length > 0 ? `(${selected.length})` : ''}
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="bt-scroll card flush">
        <table className="history-table" data-testid="history-table">
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">Compare</span>
              </th>
              <th scope="col">Name</th>
              <th scope="col">Data · strategy</th>
              {columns.map((key) => {
                const def = STAT_BY_KEY.get(key)!;
                return (
                  <th scope="col" key={key} className="num" title={def.definition} aria-sort={sort === key ? (order === 'asc' ? 'ascending' : 'descending') : undefined}>
                    <button type="button" className="vt-sort" onClick={() => setParam({ sort: key, order: sort === key && order === 'desc' ? 'asc' : 'desc' })}>
                      {def.label}
                      {sort === key ? (order === 'desc' ? ' ▼' : ' ▲') : ''}
                    </button>
                  </th>
                );
              })}
              <th scope="col">Tags</th>
              <th scope="col">Run</th>
            </tr>
          </thead>
          <tbody>
            {result?.runs.map((run) => (
              <Fragment key={run.id}>
                <tr data-testid="history-row" data-run-id={run.id}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Select ${run.name} to compare`}
                      checked={selected.includes(run.id)}
                      disabled={!selected.includes(run.id) && selected.length >= MAX_COMPARE}
                      onChange={() => toggleSelected(run.id)}
                    />
                  </td>
                  <td className="run-name">
                    <Link to={`/backtests/run/${run.id}`}>{run.name}</Link>
                    {run.notes && <div className="muted notes-preview">{run.notes}</div>}
                    <div className="run-actions">
                      <button type="button" onClick={() => setEditing(editing === run.id ? undefined : run.id)} aria-expanded={editing === run.id}>
                        Edit
                      </button>
                      <button type="button" onClick={() => void reproduce(run)} disabled={status[run.id]?.kind === 'busy'}>
                        Reproduce
                      </button>
                      {/* A button, as the row's other actions: the row's one link is the run itself. */}
                      <button type="button" onClick={() => void navigate(`/backtests?from=${run.id}`)} aria-label={`Edit and rerun ${run.name}`}>
                        Edit &amp; rerun
                      </button>
                      <button type="button" className="danger-text" onClick={() => setDeleting(run)}>
                        Delete
                      </button>
                    </div>
                  </td>
                  <td className="nowrap" title={run.datasetName}>
                    {run.symbol} {run.timeframe}
                    <div className="muted">{run.strategyId}</div>
                  </td>
                  {columns.map((key) => (
                    <td key={key} className="num">
                      {formatStat(STAT_BY_KEY.get(key)!, run.stats[key])}
                    </td>
                  ))}
                  <td>
                    {run.tags.map((t) => (
                      <button key={t} type="button" className="run-tag" onClick={() => setTagDraft(t)} title={`Show runs tagged ${t}`}>
                        {t}
                      </button>
                    ))}
                  </td>
                  <td className="nowrap" title={formatTime(run.createdAt)}>
                    {formatDate(run.createdAt)}
                  </td>

                </tr>
                {status[run.id] && (
                  <tr className="status-row">
                    <td />
                    <td colSpan={columns.length + 4} className={`row-status ${status[run.id].kind}`} role="status" data-testid="row-status">
                      {status[run.id].text}
                    </td>
                  </tr>
                )}
                {editing === run.id && (
                  <tr className="editor-row">
                    <td />
                    <td colSpan={columns.length + 4}>
                      <RunEditor
                        run={run}
                        onCancel={() => setEditing(undefined)}
                        onSaved={() => {
                          setEditing(undefined);
                          reload();
                        }}
                      />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
        {result && result.runs.length === 0 && <p className="muted pad">No runs match these filters.</p>}
      </div>
      <nav className="pager" aria-label="Pages">
        <button type="button" disabled={page === 0} onClick={() => setParam({ page: String(page - 1) })}>
          Previous
        </button>
        <span data-testid="history-range">
          {total === 0 ? 'No runs' : `${formatNumber(page * PAGE_SIZE + 1, 0)}–${formatNumber(Math.min(total, (page + 1) * PAGE_SIZE), 0)} of ${formatNumber(total, 0)}`}
        </span>
        <button type="button" disabled={page + 1 >= pages} onClick={() => setParam({ page: String(page + 1) })}>
          Next
        </button>
      </nav>
      {deleting && (
        <ConfirmDialog
          title="Delete this run?"
          message={`"${deleting.name}" and its trades and series will be deleted. This cannot be undone.`}
          confirmLabel="Delete run"
          onConfirm={() => void remove(deleting)}
          onCancel={() => setDeleting(undefined)}
        />
      )}
    </div>
  );
}
