import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useApi } from '../../app/store';
import { EmptyState } from '../../components/EmptyState';
import { DeleteDatasetDialog } from './DeleteDatasetDialog';
import { ImportReportView } from './ImportReportView';
import { PriceChart } from './PriceChart';
import { RenameForm } from './RenameForm';
import { formatBytes, formatCount, formatLocal, formatTime } from './format';
import { useImports } from './import-store';
import { useCatalogQuery } from './useCatalogQuery';

/** One dataset: what it holds, its price chart, and the report of the import that made it. */
export function DatasetDetail() {
  const { id = '' } = useParams();
  const api = useApi();
  const navigate = useNavigate();
  // A rename (here or in the catalog) changes what this page shows.
  const { value: dataset, error } = useCatalogQuery((client, datasetId) => client.datasets.get({ id: datasetId }), id);
  const [renaming, setRenaming] = useState(false);
  const [deleting, setDeleting] = useState(false);

  if (error) {
    const missing = error.code === 'DATASET_NOT_FOUND' || error.code === 'NOT_FOUND';
    return (
      <EmptyState title={missing ? 'This dataset is not in the catalog' : 'The dataset could not be opened'}>
        <p role="alert">{error.message}</p>
        <p>
          <Link to="/data">Back to all datasets</Link>
        </p>
      </EmptyState>
    );
  }
  if (!dataset) return <p className="muted">Loading the dataset…</p>;

  return (
    <div className="dataset-detail" data-testid="dataset-detail">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/data">All datasets</Link> / <span>{dataset.name}</span>
      </nav>
      <section className="card">
        <div className="detail-header">
          {renaming ? (
            <RenameForm
              name={dataset.name}
              onSave={(name) => api.datasets.rename({ id, name }).then(() => useImports.getState().bumpCatalog())}
              onDone={() => setRenaming(false)}
            />
          ) : (
            <h2 data-testid="dataset-title">
              {dataset.name}
              {dataset.synthetic && <span className="tag">sample</span>}
            </h2>
          )}
          <span className="spacer" />
          {!renaming && (
            <div className="row-actions">
              <Link className="button-link" to={`/backtests?dataset=${dataset.id}`}>
                Backtest this dataset
              </Link>
              <button type="button" onClick={() => setRenaming(true)}>
                Rename
              </button>
              <button type="button" onClick={() => setDeleting(true)}>
                Delete
              </button>
            </div>
          )}
        </div>
        <dl className="kv detail-kv">
          <dt>Symbol</dt>
          <dd>{dataset.symbol}</dd>
          <dt>Timeframe</dt>
          <dd>{dataset.timeframe}</dd>
          <dt>Bars</dt>
          <dd data-testid="detail-bars">{formatCount(dataset.barCount)}</dd>
          <dt>Range (UTC)</dt>
          <dd>
            {formatTime(dataset.firstTime, dataset.timeframeMs)} → {formatTime(dataset.lastTime, dataset.timeframeMs)}
          </dd>
          <dt>Gaps</dt>
          <dd>
            {dataset.gapCount === 0 ? 'none' : `${formatCount(dataset.gapCount)} (${formatCount(dataset.missingBars)} bars missing)`}
          </dd>
          <dt>Source file</dt>
          <dd>{dataset.sourceFile}</dd>
          <dt>Stored</dt>
          <dd>
            {formatBytes(dataset.storedBytes)} in {dataset.chunkCount} chunk{dataset.chunkCount === 1 ? '' : 's'}
          </dd>
          <dt>Imported</dt>
          <dd>{formatLocal(dataset.createdAt)}</dd>
          <dt>Content hash</dt>
          <dd title={dataset.contentHash}>{dataset.contentHash.slice(0, 16)}…</dd>
        </dl>
      </section>
      <PriceChart datasetId={dataset.id} timeframeMs={dataset.timeframeMs} />
      <section className="card" aria-label="Import report">
        <h2>Import report</h2>
        <ImportReportView report={dataset.report} />
      </section>
      <DeleteDatasetDialog
        dataset={deleting ? dataset : undefined}
        onClose={() => setDeleting(false)}
        onDeleted={() => {
          setDeleting(false);
          useImports.getState().bumpCatalog();
          void navigate('/data');
        }}
      />
    </div>
  );
}
