import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useJobProgress } from '../../app/jobs-store';
import { useApi } from '../../app/store';
import { ImportReportView, BadRowsTable } from './ImportReportView';
import { isActive, useImports, type ImportItem } from './import-store';
import { OverridePanel } from './OverridePanel';
import { ProgressBar } from './ProgressBar';
import { estimateRemainingMs, formatBytes, formatDuration } from './format';

const PHASE_LABEL: Record<ImportItem['phase'], string> = {
  waiting: 'Waiting',
  checking: 'Reading the first rows…',
  'needs-options': 'Needs your check',
  uploading: 'Sending',
  importing: 'Importing',
  done: 'Done',
  failed: 'Not imported',
  cancelled: 'Cancelled',
};

/** Re-renders every second while mounted (elapsed and ETA text). */
function useTick(active: boolean): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

function UploadProgress({ item }: { item: ImportItem }) {
  const now = useTick(true);
  const fraction = item.size > 0 ? item.bytesSent / item.size : 1;
  const eta = estimateRemainingMs(now - (item.startedAt ?? now), fraction);
  return (
    <div className="import-progress">
      <ProgressBar fraction={fraction} label={`Sending ${item.fileName}`} />
      <p className="muted">
        Sending {formatBytes(item.bytesSent)} of {formatBytes(item.size)}
        {eta !== undefined && ` · about ${formatDuration(eta)} left`}
      </p>
    </div>
  );
}

function ImportProgress({ item }: { item: ImportItem }) {
  const progress = useJobProgress(item.uploadId);
  return (
    <div className="import-progress">
      <ProgressBar fraction={item.sample ? undefined : (progress?.fraction ?? 0)} label={`Importing ${item.fileName}`} />
      <p className="muted" data-testid="import-progress-message">
        {progress?.message || (item.sample ? 'Loading the sample dataset…' : 'Starting the import…')}
      </p>
    </div>
  );
}

function Outcome({ item, expanded }: { item: ImportItem; expanded: boolean }) {
  const outcome = item.outcome!;
  if (outcome.status === 'already-imported') {
    return (
      <div>
        <p className="notice" role="status" data-testid="already-imported">
          Already imported: this file holds exactly the bars of{' '}
          <Link to={`/data/${outcome.dataset.id}`}>{outcome.dataset.name}</Link>. Nothing new was stored.{' '}
          <Link to={`/backtests?dataset=${outcome.dataset.id}`}>Backtest this dataset</Link>
        </p>
        <details>
          <summary>This file's report</summary>
          <ImportReportView report={outcome.report} />
        </details>
      </div>
    );
  }
  return (
    <div>
      <p role="status">
        Imported <Link to={`/data/${outcome.dataset.id}`}>{outcome.dataset.name}</Link>:{' '}
        {outcome.dataset.barCount.toLocaleString('en-US')} bars
        {outcome.report.warnings.length > 0 && ` · ${outcome.report.warnings.length} warning${outcome.report.warnings.length > 1 ? 's' : ''}`}.{' '}
        <Link className="button-link" to={`/backtests?dataset=${outcome.dataset.id}`}>
          Backtest this dataset
        </Link>
      </p>
      <details open={expanded}>
        <summary>Import report</summary>
        <ImportReportView report={outcome.report} />
      </details>
    </div>
  );
}

function Failure({ item }: { item: ImportItem }) {
  const badPreviewRows = (item.preview?.rows ?? [])
    .filter((r) => r.error)
    .map((r) => ({ line: r.line, reason: r.error!, text: r.raw.join(',') }));
  return (
    <div data-testid="import-report">
      <p role="alert" className="error" data-testid="import-error">
        {/* Main's messages often say so already; do not say it twice. */}
        {/nothing was (imported|stored)/i.test(item.error?.message ?? '')
          ? item.error?.message
          : `Nothing was imported — ${item.error?.message ?? 'the import failed'}`}
      </p>
      {item.error?.code && <p className="muted">Error code: {item.error.code}</p>}
      {badPreviewRows.length > 0 && (
        <BadRowsTable rows={badPreviewRows} caption={`Bad rows among the first ${item.preview!.rows.length}`} open />
      )}
    </div>
  );
}

function ImportCard({ item, newest }: { item: ImportItem; newest: boolean }) {
  const api = useApi();
  const setOptions = useImports((s) => s.setOptions);
  const confirm = useImports((s) => s.confirm);
  const cancel = useImports((s) => s.cancel);
  const dismiss = useImports((s) => s.dismiss);
  const active = isActive(item.phase);
  return (
    <article className={`card import-card phase-${item.phase}`} aria-label={`Import of ${item.fileName}`}>
      <header className="import-card-header">
        <div>
          <strong>{item.fileName}</strong>
          {item.size > 0 && <span className="muted"> · {formatBytes(item.size)}</span>}
        </div>
        <span className={`phase-badge phase-${item.phase}`} data-testid="import-phase">
          {PHASE_LABEL[item.phase]}
        </span>
        {active && item.phase !== 'needs-options' && !item.sample && (
          <button type="button" onClick={() => cancel(api, item.key)}>
            Cancel
          </button>
        )}
        {!active && (
          <button type="button" onClick={() => dismiss(item.key)} aria-label={`Dismiss the report of ${item.fileName}`}>
            Dismiss
          </button>
        )}
      </header>
      {item.phase === 'checking' && <ProgressBar label={`Reading ${item.fileName}`} />}
      {item.phase === 'needs-options' && (
        <OverridePanel
          item={item}
          onChange={(options) => setOptions(item.key, options)}
          onImport={() => confirm(item.key)}
          onCancel={() => cancel(api, item.key)}
        />
      )}
      {item.phase === 'uploading' && <UploadProgress item={item} />}
      {item.phase === 'importing' && <ImportProgress item={item} />}
      {item.phase === 'done' && <Outcome item={item} expanded={newest} />}
      {item.phase === 'failed' && <Failure item={item} />}
      {item.phase === 'cancelled' && <p className="muted">Cancelled: nothing was stored.</p>}
    </article>
  );
}

/** The files being imported and the reports of those just done (newest first). */
export function ImportPanel() {
  const items = useImports((s) => s.items);
  const dismiss = useImports((s) => s.dismiss);
  if (items.length === 0) return null;
  const finished = items.filter((i) => !isActive(i.phase));
  // The newest finished report is open; older ones fold to one line each.
  const newest = finished.at(-1)?.key;
  return (
    <section className="import-panel" aria-label="Imports">
      {finished.length > 1 && (
        <div className="import-panel-toolbar">
          <button type="button" onClick={() => finished.forEach((i) => dismiss(i.key))}>
            Dismiss all finished reports
          </button>
        </div>
      )}
      {[...items].reverse().map((item) => (
        <ImportCard key={item.key} item={item} newest={item.key === newest} />
      ))}
    </section>
  );
}
