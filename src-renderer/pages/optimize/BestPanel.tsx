import type { OptimizationDetail } from '../../../src-shared/api/optimizations';
import { formatNumber } from '../../components/charts/format';

/** The best variant, its stability beside it, and how likely it is to be luck, in plain words. */
export function BestPanel({ o }: { o: OptimizationDetail }) {
  if (!o.best) return o.status === 'completed' ? <p className="muted">No variant had an objective (no trades, or every one broke a constraint).</p> : null;
  const summary = o.summary?.kind === 'search' ? o.summary : null;
  const stability = summary?.stability;
  return (
    <section className="card best-panel" aria-label="Best variant" data-testid="best-panel">
      <h2>Best variant</h2>
      <dl className="kv">
        <dt>Parameters</dt>
        <dd data-testid="best-params">
          {Object.entries(o.best.params)
            .map(([k, v]) => `${k} = ${String(v)}`)
            .join(', ')}
        </dd>
        <dt>Objective</dt>
        <dd data-testid="best-objective">{formatNumber(o.best.objective)}</dd>
        {stability && (
          <>
            <dt>Stability</dt>
            <dd data-testid="stability">
              {stability.meanObjective === null
                ? 'no neighbour on the grid has an objective'
                : `its ${stability.neighbours} grid neighbours average ${formatNumber(stability.meanObjective)}`}
            </dd>
          </>
        )}
      </dl>
      {summary?.diagnostics && (
        <p className="diagnostics" data-testid="diagnostics">
          {summary.diagnostics.sentence}
        </p>
      )}
    </section>
  );
}
