import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { OptimizationDetail } from '../../../src-shared/api/optimizations';
import { formatDuration, formatNumber } from '../../components/charts/format';
import { PageHeader } from '../../components/PageHeader';
import { formatCount } from './format';
import { errorMessage, useRunsApi } from '../backtests/api';
import { saveBytes } from '../backtests/ExportButtons';
import { BestPanel } from './BestPanel';
import { HeatmapView } from './HeatmapView';
import { MonteCarloView } from './MonteCarloView';
import { KIND_LABELS } from './OptimizationList';
import { useOptimization, type Progress } from './useOptimization';
import { VariantsTable } from './VariantsTable';
import { WalkForwardView } from './WalkForwardView';

function ProgressLine({ o, progress, onCancel }: { o: OptimizationDetail; progress: Progress | undefined; onCancel: () => void }) {
  const done = progress?.done ?? o.variantsDone;
  const total = progress?.total ?? o.variantsTotal;
  const fraction = total > 0 ? done / total : 0;
  const best = progress?.bestObjective ?? o.best?.objective ?? null;
  return (
    <div className="run-progress" data-testid="optimization-progress">
      <progress max={1} value={fraction} aria-label="Optimization progress" />
      <span aria-live="polite">
        {o.status === 'queued' ? 'Queued… ' : ''}
        {o.kind === 'monte-carlo' ? `${formatCount(total)} simulations` : `${formatCount(done)} of ${formatCount(total)} variants`}
        {best !== null && ` · best so far ${formatNumber(best)}`}
        {progress?.etaMs != null && ` · about ${formatDuration(Math.max(1000, progress.etaMs))} left`}
      </span>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}

/** One optimization: its progress while it runs (cancel), then its results by kind. */
export function OptimizationView() {
  const { id = '' } = useParams();
  return <Optimization key={id} id={id} />;
}

function Optimization({ id }: { id: string }) {
  const api = useRunsApi();
  const navigate = useNavigate();
  const { optimization: o, progress, error, reload, active } = useOptimization(id);
  const [actionError, setActionError] = useState<string>();
  const act = async (what: () => Promise<unknown>) => {
    setActionError(undefined);
    try {
      await what();
      await reload();
    } catch (e) {
      setActionError(errorMessage(e));
    }
  };
  if (error && !o) return <p className="error" role="alert">{error}</p>;
  if (!o) return <p className="muted">Loading…</p>;
  const searchLike = o.kind !== 'monte-carlo' && o.kind !== 'walk-forward';
  return (
    <div className="optimization-view">
      <PageHeader
        title={o.name}
        subtitle={`${KIND_LABELS[o.kind]} · ${o.strategyId} · ${o.datasetName}`}
        actions={
          <>
            <Link className="button-link" to="/optimize">
              All optimizations
            </Link>
            {searchLike && o.variantsDone > 0 && (
              <button
                type="button"
                onClick={() =>
                  void act(async () => {
                    const file = await api.optimizations.exportCsv({ id });
                    saveBytes(file.fileName, file.mimeType, file.bytes);
                  })
                }
              >
                Export CSV
              </button>
            )}
            {(o.status === 'cancelled' || o.status === 'failed') && o.kind !== 'monte-carlo' && (
              <button type="button" onClick={() => void act(() => api.optimizations.resume({ id }))}>
                Resume
              </button>
            )}
            <button
              type="button"
              onClick={() =>
                void act(async () => {
                  await api.optimizations.delete({ id });
                  navigate('/optimize');
                })
              }
            >
              Delete
            </button>
          </>
        }
      />
      {active && <ProgressLine o={o} progress={progress} onCancel={() => void act(() => api.optimizations.cancel({ id }))} />}
      {o.status === 'cancelled' && (
        <p className="muted" data-testid="optimization-status">
          Cancelled after {formatCount(o.variantsDone)} of {formatCount(o.variantsTotal)} variants. Resume carries on from there.
        </p>
      )}
      {o.status === 'failed' && (
        <p className="error" role="alert" data-testid="optimization-status">
          Failed: {o.error?.message}
        </p>
      )}
      {actionError && (
        <p className="error" role="alert">
          {actionError}
        </p>
      )}
      {searchLike && (
        <>
          <BestPanel o={o} />
          {o.best && Object.keys(o.best.params).length >= 2 && <HeatmapView o={o} />}
          <VariantsTable o={o} />
        </>
      )}
      {o.kind === 'walk-forward' && o.summary?.kind === 'walk-forward' && <WalkForwardView summary={o.summary} />}
      {o.kind === 'monte-carlo' && o.summary?.kind === 'monte-carlo' && <MonteCarloView summary={o.summary} />}
    </div>
  );
}
