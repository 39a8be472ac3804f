import type { ImportReport } from '../../../src-shared/api/datasets';
import { formatBytes, formatCount, formatDuration, formatTime } from './format';

const REORDERED = {
  none: null,
  reversed: 'The file was newest-first: bars are stored oldest-first.',
  sorted: 'Rows were out of order: bars were sorted by time.',
} as const;

/** Everything an import did: bad rows, duplicates, conflicts, reordering, gaps. Nothing is hidden. */
export function ImportReportView({ report }: { report: ImportReport }) {
  const tf = report.timeframe;
  const reordered = REORDERED[report.reordered];
  return (
    <div className="import-report" data-testid="import-report">
      <dl className="kv report-kv">
        <dt>Source</dt>
        <dd>
          {report.sourceFile} ({formatBytes(report.sourceBytes)})
        </dd>
        <dt>Rows read</dt>
        <dd data-testid="report-rows-read">{formatCount(report.rowsRead)}</dd>
        <dt>Bars imported</dt>
        <dd data-testid="report-bars">{formatCount(report.barsImported)}</dd>
        <dt>Timeframe</dt>
        <dd>
          {tf.label} {tf.detected ? '(detected)' : '(given)'}
        </dd>
        <dt>Timestamps</dt>
        <dd>
          {report.format.timeFormat}, read in {report.tz}
        </dd>
        <dt>Bad rows skipped</dt>
        <dd data-testid="report-bad-rows">{formatCount(report.badRows.count)}</dd>
        <dt>Duplicates dropped</dt>
        <dd data-testid="report-duplicates">{formatCount(report.identicalDuplicatesDropped)}</dd>
        <dt>Conflicting times</dt>
        <dd data-testid="report-conflicts">{formatCount(report.conflictingDuplicates.count)}</dd>
        <dt>Gaps</dt>
        <dd data-testid="report-gaps">
          {report.gaps.count === 0
            ? 'none'
            : `${formatCount(report.gaps.count)} (${formatCount(report.gaps.missingBars)} bars missing)`}
          {report.gaps.largest[0] &&
            ` · largest: ${formatCount(report.gaps.largest[0].missingBars)} bars, ${formatTime(report.gaps.largest[0].from, tf.ms)} → ${formatTime(report.gaps.largest[0].to, tf.ms)}`}
        </dd>
        {report.durationMs > 0 && (
          <>
            <dt>Took</dt>
            <dd>{formatDuration(report.durationMs)}</dd>
          </>
        )}
      </dl>
      {reordered && <p className="notice">{reordered}</p>}
      {report.gaps.irregular > 0 && (
        <p className="notice">
          {formatCount(report.gaps.irregular)} step(s) are not a whole multiple of {tf.label}.
        </p>
      )}
      {report.unsure.length > 0 && (
        <div>
          <h4>Detection notes</h4>
          <ul className="compact">
            {report.unsure.map((u) => (
              <li key={`${u.field}:${u.message}`}>{u.message}</li>
            ))}
          </ul>
        </div>
      )}
      {report.warnings.length > 0 && (
        <ul className="compact warnings" aria-label="Warnings">
          {report.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      {report.conflictingDuplicates.listed.length > 0 && (
        <details>
          <summary>Conflicting rows (same time, different values — all rejected)</summary>
          <table className="report-table">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Lines</th>
              </tr>
            </thead>
            <tbody>
              {report.conflictingDuplicates.listed.map((c) => (
                <tr key={c.time}>
                  <td>{formatTime(c.time, tf.ms)}</td>
                  <td>{c.lines.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
      {report.badRows.listed.length > 0 && (
        <BadRowsTable
          rows={report.badRows.listed}
          caption={
            report.badRows.count > report.badRows.listed.length
              ? `First ${report.badRows.listed.length} of ${formatCount(report.badRows.count)} bad rows`
              : 'Bad rows'
          }
        />
      )}
    </div>
  );
}

export function BadRowsTable({
  rows,
  caption,
  open = rows.length <= 10,
}: {
  rows: readonly { readonly line: number; readonly reason: string; readonly text?: string }[];
  caption: string;
  open?: boolean;
}) {
  return (
    <details open={open}>
      <summary>{caption}</summary>
      <div className="table-scroll">
        <table className="report-table" data-testid="bad-rows">
          <thead>
            <tr>
              <th scope="col" className="num">
                Line
              </th>
              <th scope="col">Reason</th>
              <th scope="col">Row</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.line}>
                <td className="num">{row.line}</td>
                <td>{row.reason}</td>
                <td className="mono">{row.text ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
