import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { DatasetSummary } from '../../../src-shared/api/datasets';
import { useApi } from '../../app/store';
import { DeleteDatasetDialog } from './DeleteDatasetDialog';
import { RenameForm } from './RenameForm';
import { formatCount, formatLocal, formatTime } from './format';

type SortKey = 'name' | 'symbol' | 'timeframe' | 'bars' | 'first' | 'last' | 'created';

const COLUMNS: readonly { key: SortKey; label: string; num?: boolean; value: (d: DatasetSummary) => string | number }[] = [
  { key: 'name', label: 'Name', value: (d) => d.name.toLowerCase() },
  { key: 'symbol', label: 'Symbol', value: (d) => d.symbol.toLowerCase() },
  { key: 'timeframe', label: 'Timeframe', value: (d) => d.timeframeMs },
  { key: 'bars', label: 'Bars', num: true, value: (d) => d.barCount },
  { key: 'first', label: 'From', value: (d) => d.firstTime },
  { key: 'last', label: 'To', value: (d) => d.lastTime },
  { key: 'created', label: 'Imported', value: (d) => d.createdAt },
];

/** The datasets: sortable by any column, filtered by symbol and timeframe; rename and delete in place. */
export function Catalog({ datasets, onChanged }: { datasets: readonly DatasetSummary[]; onChanged: () => void }) {
  const api = useApi();
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: 'created', dir: -1 });
  const [symbol, setSymbol] = useState('');
  const [timeframe, setTimeframe] = useState('');
  const [renaming, setRenaming] = useState<string>();
  const [deleting, setDeleting] = useState<DatasetSummary>();

  const timeframes = useMemo(
    () =>
      [...new Map(datasets.map((d) => [d.timeframe, d.timeframeMs])).entries()]
        .sort((a, b) => a[1] - b[1])
        .map(([label]) => label),
    [datasets],
  );
  const rows = useMemo(() => {
    const needle = symbol.trim().toLowerCase();
    const column = COLUMNS.find((c) => c.key === sort.key)!;
    return datasets
      .filter((d) => (!needle || d.symbol.toLowerCase().includes(needle) || d.name.toLowerCase().includes(needle)) && (!timeframe || d.timeframe === timeframe))
      .sort((a, b) => {
        const x = column.value(a);
        const y = column.value(b);
        return (x < y ? -1 : x > y ? 1 : 0) * sort.dir;
      });
  }, [datasets, symbol, timeframe, sort]);

  const toggleSort = (key: SortKey) =>
    setSort((s) => (s.key === key ? { key, dir: s.dir === 1 ? -1 : 1 } : { key, dir: key === 'created' || key === 'bars' ? -1 : 1 }));

  return (
    <section className="card catalog" aria-label="Datasets">
      <div className="catalog-toolbar">
        <h2>
          Datasets <span className="muted">({datasets.length})</span>
        </h2>
        <label className="field inline">
          Filter by symbol
          <input type="search" value={symbol} onChange={(e) => setSymbol(e.target.value)} placeholder="e.g. BTC" />
        </label>
        <label className="field inline">
          Timeframe
          <select value={timeframe} onChange={(e) => setTimeframe(e.target.value)}>
            <option value="">All</option>
            {timeframes.map((tf) => (
              <option key={tf} value={tf}>
                {tf}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="table-scroll">
        <table className="catalog-table" data-testid="catalog">
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th
                  key={c.key}
                  scope="col"
                  className={c.num ? 'num' : undefined}
                  aria-sort={sort.key === c.key ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'}
                >
                  <button type="button" className="sort-button" onClick={() => toggleSort(c.key)}>
                    {c.label}
                    <span aria-hidden="true" className="sort-mark">
                      {sort.key === c.key ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''}
                    </span>
                  </button>
                </th>
              ))}
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((d) => (
              <tr key={d.id} data-testid="dataset-row">
                <td>
                  {renaming === d.id ? (
                    <RenameForm
                      name={d.name}
                      onSave={(name) => api.datasets.rename({ id: d.id, name }).then(onChanged)}
                      onDone={() => setRenaming(undefined)}
                    />
                  ) : (
                    <Link to={`/data/${d.id}`} data-testid="dataset-name">
                      {d.name}
                    </Link>
                  )}
                  {d.synthetic && <span className="tag">sample</span>}
                </td>
                <td>{d.symbol}</td>
                <td>{d.timeframe}</td>
                <td className="num" data-testid="dataset-bars">
                  {formatCount(d.barCount)}
                </td>
                <td className="nowrap">{formatTime(d.firstTime, d.timeframeMs)}</td>
                <td className="nowrap">{formatTime(d.lastTime, d.timeframeMs)}</td>
                <td className="nowrap muted">{formatLocal(d.createdAt)}</td>
                <td>
                  <div className="row-actions nowrap-actions">
                    <button type="button" onClick={() => setRenaming(d.id)} aria-label={`Rename ${d.name}`}>
                      Rename
                    </button>
                    <button type="button" onClick={() => setDeleting(d)} aria-label={`Delete ${d.name}`}>
                      Delete
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length === 0 && <p className="muted">No dataset matches the filter.</p>}
      <DeleteDatasetDialog
        dataset={deleting}
        onClose={() => setDeleting(undefined)}
        onDeleted={() => {
          setDeleting(undefined);
          onChanged();
        }}
      />
    </section>
  );
}
