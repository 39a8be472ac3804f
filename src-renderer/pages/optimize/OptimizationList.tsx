import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { OptimizationSummary } from '../../../src-shared/api/optimizations';
import { formatNumber, formatTime } from '../../components/charts/format';
import { onBarwiseEvent } from '../../app/store';
import { formatCount } from './format';
import { errorMessage, useRunsApi } from '../backtests/api';

export const KIND_LABELS: Readonly<Record<OptimizationSummary['kind'], string>> = {
  grid: 'Grid search',
  random: 'Random search',
  bayesian: 'Bayesian search',
  'walk-forward': 'Walk-forward',
  'monte-carlo': 'Monte Carlo',
};

/** Past and running optimizations, newest first; kept current by `optimization` events. */
export function OptimizationList() {
  const api = useRunsApi();
  const [list, setList] = useState<readonly OptimizationSummary[]>();
  const [error, setError] = useState<string>();
  const load = useCallback(() => {
    api.optimizations
      .list({ limit: 100 })
      .then(setList)
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [api]);
  useEffect(() => {
    load();
    let pending: ReturnType<typeof setTimeout> | undefined;
    const stop = onBarwiseEvent((event) => {
      if (event.topic !== 'optimization' || pending) return;
      pending = setTimeout(() => {
        pending = undefined;
        load();
      }, 500);
    });
    return () => {
      stop();
      clearTimeout(pending);
    };
  }, [load]);
  if (error) return <p className="error" role="alert">{error}</p>;
  if (!list) return null;
  if (list.length === 0) return <p className="muted">No optimizations yet.</p>;
  return (
    <section className="card" aria-label="Optimizations">
      <h2>Optimizations</h2>
      <table className="optimization-list">
        <thead>
          <tr>
            <th>Name</th>
            <th>Kind</th>
            <th>Status</th>
            <th className="num">Variants</th>
            <th className="num">Best</th>
            <th>Created</th>
          </tr>
        </thead>
        <tbody>
          {list.map((o) => (
            <tr key={o.id}>
              <td>
                <Link to={`/optimize/${o.id}`}>{o.name}</Link>
              </td>
              <td>{KIND_LABELS[o.kind]}</td>
              <td>{o.status}</td>
              <td className="num">
                {formatCount(o.variantsDone)} / {formatCount(o.variantsTotal)}
              </td>
              <td className="num">{o.best ? formatNumber(o.best.objective) : '—'}</td>
              <td>{formatTime(o.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
