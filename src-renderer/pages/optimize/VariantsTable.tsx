import { Fragment, useCallback, useEffect, useState } from 'react';
import { onBarwiseEvent } from '../../app/store';
import { useNavigate } from 'react-router';
import type { OptimizationDetail, VariantPage, VariantSort } from '../../../src-shared/api/optimizations';
import type { StatKey } from '../../../src-shared/backtest';
import { formatNumber, formatStat } from '../../components/charts/format';
import { errorMessage, useRunsApi } from '../backtests/api';
import { STAT_BY_KEY } from '../backtests/StatsView';

const PAGE = 50;
const COLUMNS: readonly StatKey[] = ['returnPct', 'cagrPct', 'sharpe', 'sortino', 'maxDrawdownPct', 'profitFactor', 'sqn', 'winRatePct', 'numTrades'];

/**
 * Every variant: sorted by any column (click its header), filtered by a minimum number of trades
 * and a range of the objective, paged; any row opens as a full backtest stored in History.
 */
export function VariantsTable({ o }: { o: OptimizationDetail }) {
  const api = useRunsApi();
  const navigate = useNavigate();
  const [sort, setSort] = useState<VariantSort>('objective');
  const [order, setOrder] = useState<'asc' | 'desc'>('desc');
  const [offset, setOffset] = useState(0);
  const [minTrades, setMinTrades] = useState('');
  const [minObjective, setMinObjective] = useState('');
  const [page, setPage] = useState<VariantPage>();
  const [error, setError] = useState<string>();
  const [opening, setOpening] = useState<number>();

  const fetchPage = useCallback(() => {
    const filters = [];
    if (minTrades.trim() !== '' && Number.isFinite(Number(minTrades))) filters.push({ field: 'numTrades' as const, min: Number(minTrades) });
    if (minObjective.trim() !== '' && Number.isFinite(Number(minObjective))) filters.push({ field: 'objective' as const, min: Number(minObjective) });
    return api.optimizations.results({ id: o.id, sort, order, offset, limit: PAGE, filters });
  }, [api, o.id, sort, order, offset, minTrades, minObjective]);
  const show = useCallback((p: VariantPage) => {
    setPage(p);
    setError(undefined);
  }, []);
  const load = useCallback(() => {
    fetchPage()
      .then(show)
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [fetchPage, show]);
  useEffect(() => {
    let live = true;
    fetchPage()
      .then((p) => live && show(p))
      .catch((e: unknown) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [fetchPage, show]);
  // While the search runs, the table follows the chunks as they are stored (at most twice a second).
  useEffect(() => {
    let pending: ReturnType<typeof setTimeout> | undefined;
    const stop = onBarwiseEvent((event) => {
      if (event.topic !== 'optimization' || event.id !== o.id || pending) return;
      pending = setTimeout(() => {
        pending = undefined;
        load();
      }, 500);
    });
    return () => {
      stop();
      clearTimeout(pending);
    };
  }, [load, o.id]);

  const sortBy = (key: VariantSort) => {
    if (key === sort) setOrder(order === 'desc' ? 'asc' : 'desc');
    else {
      setSort(key);
      setOrder(key === 'index' || key === 'maxDrawdownPct' ? 'asc' : 'desc');
    }
    setOffset(0);
  };

  const open = async (index: number) => {
    setOpening(index);
    try {
      const job = await api.optimizations.openAsBacktest({ id: o.id, index });
      for (;;) {
        const current = await api.jobs.get({ id: job.id });
        if (current.status === 'completed' && current.resultRef) return navigate(`/backtests/run/${current.resultRef}`);
        if (current.status === 'failed' || current.status === 'cancelled') throw new Error(current.error?.message ?? `the backtest ${current.status}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setOpening(undefined);
    }
  };

  const params = o.best ? Object.keys(o.best.params) : page?.rows[0] ? Object.keys(page.rows[0].params) : [];
  const header = (key: VariantSort, label: string, numeric = true) => (
    <th className={numeric ? 'num' : undefined} aria-sort={sort === key ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="sort-button" onClick={() => sortBy(key)}>
        {label}
        {sort === key ? (order === 'asc' ? ' ▲' : ' ▼') : ''}
      </button>
    </th>
  );
  return (
    <section className="card" aria-label="Variants">
      <div className="table-toolbar">
        <h2>Variants</h2>
        <label>
          Min. trades{' '}
          <input type="number" min={0} value={minTrades} onChange={(e) => (setMinTrades(e.target.value), setOffset(0))} aria-label="Minimum trades" />
        </label>
        <label>
          Min. objective{' '}
          <input type="number" value={minObjective} onChange={(e) => (setMinObjective(e.target.value), setOffset(0))} aria-label="Minimum objective" />
        </label>
        <span className="muted" data-testid="variants-total">
          {page ? `${page.total.toLocaleString('en-US')} variants` : ''}
        </span>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="table-scroll">
        <table className="variants-table" data-testid="variants-table">
          <thead>
            <tr>
              {header('index', '#')}
              {params.map((p) => (
                <th key={p}>{p}</th>
              ))}
              {header('objective', 'Objective')}
              {COLUMNS.map((key) => (
                <Fragment key={key}>{header(key as VariantSort, STAT_BY_KEY.get(key)!.label)}</Fragment>
              ))}
              <th />
            </tr>
          </thead>
          <tbody>
            {page?.rows.map((row) => (
              <tr key={row.index} className={row.index === o.best?.index ? 'best-row' : row.feasible && !row.error ? undefined : 'infeasible'} title={row.error?.message ?? (row.broken.length ? `broke ${row.broken.join(', ')}` : undefined)}>
                <td className="num">{row.index}</td>
                {params.map((p) => (
                  <td key={p}>{String(row.params[p] ?? '')}</td>
                ))}
                <td className="num">{row.objective === null ? '—' : formatNumber(row.objective)}</td>
                {COLUMNS.map((key) => (
                  <td key={key} className="num">
                    {formatStat(STAT_BY_KEY.get(key)!, row.stats[key as keyof typeof row.stats])}
                  </td>
                ))}
                <td>
                  <button type="button" disabled={opening !== undefined} onClick={() => void open(row.index)}>
                    {opening === row.index ? 'Opening…' : 'Open as backtest'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {page && page.total > PAGE && (
        <div className="pager">
          <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            Previous
          </button>
          <span className="muted">
            {offset + 1}–{Math.min(offset + PAGE, page.total)} of {page.total.toLocaleString('en-US')}
          </span>
          <button type="button" disabled={offset + PAGE >= page.total} onClick={() => setOffset(offset + PAGE)}>
            Next
          </button>
        </div>
      )}
    </section>
  );
}
