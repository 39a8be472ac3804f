import { useCallback, useEffect, useState } from 'react';
import { onBarwiseEvent } from '../../app/store';
import type { Heatmap, OptimizationDetail } from '../../../src-shared/api/optimizations';
import { formatNumber } from '../../components/charts/format';
import { errorMessage, useRunsApi } from '../backtests/api';

/** A colour from red (lowest) through neutral to green (highest) for a value in [lo, hi]. */
function shade(value: number, lo: number, hi: number, maximize: boolean): string {
  const t = hi > lo ? (value - lo) / (hi - lo) : 0.5;
  const good = maximize ? t : 1 - t;
  const hue = Math.round(good * 120);
  return `hsl(${hue} 65% 45% / ${0.25 + 0.6 * Math.abs(good - 0.5) * 2})`;
}

/**
 * The objective over two parameters (the others held at the best's values): one cell per pair
 * that ran, coloured by its objective; the best's cell is outlined.
 */
export function HeatmapView({ o }: { o: OptimizationDetail }) {
  const api = useRunsApi();
  const names = Object.keys(o.best?.params ?? {});
  const [x, setX] = useState(names[0]);
  const [y, setY] = useState(names[1]);
  const [map, setMap] = useState<Heatmap>();
  const [error, setError] = useState<string>();
  const fetchMap = useCallback(() => api.optimizations.heatmap({ id: o.id, x, y }), [api, o.id, x, y]);
  const canDraw = Boolean(x && y && x !== y);
  const load = useCallback(() => {
    if (!canDraw) return;
    fetchMap()
      .then((m) => (setMap(m), setError(undefined)))
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [fetchMap, canDraw]);
  useEffect(() => {
    if (!canDraw) return;
    let live = true;
    fetchMap()
      .then((m) => live && (setMap(m), setError(undefined)))
      .catch((e: unknown) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [fetchMap, canDraw]);
  // It reads every variant: drawn again when the search finishes, not at every chunk.
  useEffect(
    () =>
      onBarwiseEvent((event) => {
        if (event.topic === 'optimization' && event.id === o.id && event.status !== 'running' && event.status !== 'queued') load();
      }),
    [load, o.id],
  );
  const values = map?.cells.flat().filter((v): v is number => v !== null) ?? [];
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const maximize = (o.spec as { search?: { objective?: { direction?: string } } }).search?.objective?.direction !== 'minimize';
  return (
    <section className="card" aria-label="Heatmap">
      <div className="table-toolbar">
        <h2>Heatmap</h2>
        <label>
          Across{' '}
          <select aria-label="Heatmap x" value={x} onChange={(e) => setX(e.target.value)}>
            {names.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </label>
        <label>
          Down{' '}
          <select aria-label="Heatmap y" value={y} onChange={(e) => setY(e.target.value)}>
            {names.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </label>
        {map && Object.keys(map.fixed).length > 0 && (
          <span className="muted">
            others at the best:{' '}
            {Object.entries(map.fixed)
              .map(([k, v]) => `${k} = ${String(v)}`)
              .join(', ')}
          </span>
        )}
      </div>
      {x === y && <p className="muted">Choose two different parameters.</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {map && x !== y && (
        <div className="table-scroll">
          <table className="heatmap" data-testid="heatmap" aria-label={`Objective by ${map.x} and ${map.y}`}>
            <thead>
              <tr>
                <th scope="col">
                  {map.y} \ {map.x}
                </th>
                {map.xValues.map((v) => (
                  <th key={String(v)} scope="col" className="num">
                    {String(v)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {map.yValues.map((yv, row) => (
                <tr key={String(yv)}>
                  <th scope="row" className="num">
                    {String(yv)}
                  </th>
                  {map.xValues.map((xv, column) => {
                    const v = map.cells[row][column];
                    const best = o.best?.params[map.x] === xv && o.best?.params[map.y] === yv;
                    return (
                      <td
                        key={String(xv)}
                        className={best ? 'num heat best-cell' : 'num heat'}
                        style={v === null ? undefined : { background: shade(v, lo, hi, maximize) }}
                        title={`${map.x} = ${String(xv)}, ${map.y} = ${String(yv)}: ${v === null ? 'not run' : formatNumber(v)}`}
                      >
                        {v === null ? '' : formatNumber(v)}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
