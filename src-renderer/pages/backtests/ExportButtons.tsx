import { useState } from 'react';
import type { ExportFormat } from '../../../src-shared/api/runs';
import { errorMessage, useRunsApi } from './api';

/** Offers bytes from main as a file: an object URL on an <a download> (Electron shows a save dialog). */
export function saveBytes(fileName: string, mimeType: string, bytes: Uint8Array): void {
  const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mimeType });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoking at once can cancel the download in some engines; a minute is plenty.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

const EXPORTS: readonly { label: string; format: ExportFormat; what?: 'trades' | 'equity'; title: string }[] = [
  { label: 'Trades CSV', format: 'csv', what: 'trades', title: 'Every trade, one row each' },
  { label: 'Equity CSV', format: 'csv', what: 'equity', title: 'Equity and drawdown at every bar' },
  { label: 'JSON', format: 'json', title: 'The full result: config, provenance, statistics, trades, series' },
  { label: 'PDF report', format: 'pdf', title: 'Statistics, charts and the first trades' },
];

export function ExportButtons({ runId }: { runId: string }) {
  const api = useRunsApi();
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<string>();
  const run = async (label: string, format: ExportFormat, what?: 'trades' | 'equity') => {
    setBusy(label);
    setError(undefined);
    try {
      const file = await api.runs.export({ id: runId, format, what });
      saveBytes(file.fileName, file.mimeType, file.bytes);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <div className="export-buttons" role="group" aria-label="Export">
      <span className="muted">Export:</span>
      {EXPORTS.map((x) => (
        <button key={x.label} type="button" title={x.title} disabled={busy !== undefined} onClick={() => void run(x.label, x.format, x.what)}>
          {busy === x.label ? `${x.label}…` : x.label}
        </button>
      ))}
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
