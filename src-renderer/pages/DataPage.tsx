import { useRef } from 'react';
import { Route, Routes } from 'react-router';
import { useApi } from '../app/store';
import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';
import { Catalog } from './data/Catalog';
import { DatasetDetail } from './data/DatasetDetail';
import { DropZone } from './data/DropZone';
import { ImportPanel } from './data/ImportPanel';
import { useImports } from './data/import-store';
import { useDatasets } from './data/useDatasets';
import './data/data.css';

function CatalogView({ onImport }: { onImport: () => void }) {
  const api = useApi();
  const { datasets, error, reload } = useDatasets();
  const sampleLoading = useImports((s) => s.sampleLoading);
  const importing = useImports((s) => s.items.length > 0);
  if (error) {
    return (
      <p role="alert" className="error">
        The catalog could not be read: {error.message}{' '}
        <button type="button" onClick={reload}>
          Try again
        </button>
      </p>
    );
  }
  if (!datasets) return <p className="muted">Loading the catalog…</p>;
  if (datasets.length === 0) {
    return (
      <EmptyState
        title="Welcome to Barwise"
        actions={
          <>
            <button type="button" className="primary" onClick={() => void useImports.getState().loadSample(api)} disabled={sampleLoading}>
              {sampleLoading ? 'Loading sample data…' : 'Load sample data'}
            </button>
            <button type="button" onClick={onImport}>
              Import a CSV…
            </button>
          </>
        }
      >
        <p>Start by bringing in price data: drop a CSV export here, or try the synthetic sample dataset.</p>
        <ol>
          <li>Import data (CSV with time, open, high, low, close, volume).</li>
          <li>Pick a strategy and run a backtest.</li>
          <li>Read equity, drawdown, trades and statistics; sweep parameters.</li>
        </ol>
        {importing && <p className="muted">Imports in progress are listed above.</p>}
      </EmptyState>
    );
  }
  return <Catalog datasets={datasets} onChanged={reload} />;
}

export function DataPage() {
  const api = useApi();
  const input = useRef<HTMLInputElement>(null);
  const add = (files: File[]) => useImports.getState().add(api, files);
  const openPicker = () => input.current?.click();
  return (
    <DropZone onFiles={add}>
      <div className="data-page">
        <PageHeader
          title="Data"
          subtitle="Your market data: CSV exports from exchanges, brokers and charting tools. Drop files anywhere here."
          actions={
            <button type="button" className="primary" onClick={openPicker}>
              Import…
            </button>
          }
        />
        {/* One picker for both shells: the preload exposes no file paths, so files go up as bytes. */}
        <input
          ref={input}
          type="file"
          accept=".csv,.txt,.tsv,text/csv,text/plain"
          multiple
          hidden
          data-testid="import-input"
          aria-label="CSV files to import"
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            e.target.value = '';
            if (files.length > 0) add(files);
          }}
        />
        <ImportPanel />
        <Routes>
          <Route index element={<CatalogView onImport={openPicker} />} />
          <Route path=":id" element={<DatasetDetail />} />
        </Routes>
      </div>
    </DropZone>
  );
}
