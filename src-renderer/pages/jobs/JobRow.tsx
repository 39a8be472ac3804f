import { useState } from 'react';
import { Link } from 'react-router';
import type { Job } from '../../../src-shared/api/jobs';
import { toErrorValue } from '../../../src-shared/errors';
import { useJobProgress } from '../../app/jobs-store';
import { useApi } from '../../app/store';
import { ProgressBar } from '../data/ProgressBar';
import { estimateRemainingMs, formatDuration, formatLocal } from '../data/format';

/** A short description from the job's parameters (a backtest's name and strategy, an import's file), when it has one. */
function describe(params: unknown): string | undefined {
  if (typeof params !== 'object' || params === null) return undefined;
  const p = params as { name?: unknown; sourceName?: unknown; config?: { strategy?: { id?: unknown } } };
  const parts = [p.name, p.sourceName, p.config?.strategy?.id].filter((v): v is string => typeof v === 'string' && v.length > 0);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

/** One job: status, live progress, elapsed and ETA, and what can be done with it. `shortId`: its id as shown. */
export function JobRow({ job, shortId, now, onError }: { job: Job; shortId: string; now: number; onError: (message: string) => void }) {
  const api = useApi();
  const live = useJobProgress(job.id);
  const [busy, setBusy] = useState(false);
  // Events are newer than the list between refetches; a finished row in the list is final.
  const status = live && !['completed', 'failed', 'cancelled'].includes(job.status) ? live.status : job.status;
  const active = status === 'queued' || status === 'running';
  const fraction = status === 'completed' ? 1 : (live?.fraction ?? job.progress);
  // While it runs, the newest word is the live one (an empty one too: the stored message may be
  // a step already done); once finished, the row's own: its final figures.
  const message = active ? (live ? live.message : job.message) : job.message;
  const cancelled = status === 'cancelled';
  const elapsed = job.startedAt === null ? undefined : (job.finishedAt ?? now) - job.startedAt;
  const eta = status === 'running' && elapsed !== undefined ? estimateRemainingMs(elapsed, fraction) : undefined;
  // A cancel is the user's own doing, said once by the status; not an error to show.
  const error = cancelled ? null : (job.error ?? live?.error ?? null);

  const act = async (what: 'cancel' | 'retry') => {
    setBusy(true);
    try {
      await (what === 'cancel' ? api.jobs.cancel({ id: job.id }) : api.jobs.retry({ id: job.id }));
    } catch (e) {
      onError(toErrorValue(e).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <tr data-testid="job-row" data-status={status}>
      <td>
        <strong>{job.kind}</strong>
        {describe(job.params) && <div className="job-description">{describe(job.params)}</div>}
        <div className="muted mono" title={job.id}>
          {shortId}
          {status === 'completed' && job.kind === 'backtest' && job.resultRef && (
            <>
              {' · '}
              <Link to={`/backtests/run/${job.resultRef}`}>open the run</Link>
            </>
          )}
        </div>
      </td>
      <td>
        <span className={`job-status ${status}`} data-testid="job-status">
          {cancelled ? 'cancelled by you' : status}
        </span>
      </td>
      <td className="progress-cell">
        <ProgressBar fraction={status === 'queued' ? 0 : fraction} label={`Progress of ${job.kind} job`} />
        {error ? (
          <p className="job-error" title={error.message}>
            {error.code}: {error.message}
          </p>
        ) : (
          !cancelled && (
            <p title={message} data-testid="job-message">
              {status === 'running' && <span className="job-percent">{Math.floor(fraction * 100)}%</span>}
              {status === 'running' && message ? ' · ' : ''}
              {message}
            </p>
          )
        )}
      </td>
      <td className="nowrap">{elapsed === undefined ? '—' : formatDuration(elapsed)}</td>
      <td className="nowrap">{eta === undefined ? '—' : formatDuration(eta)}</td>
      <td className="nowrap muted">{formatLocal(job.createdAt)}</td>
      <td>
        <div className="row-actions">
          {active && (
            <button type="button" disabled={busy} onClick={() => void act('cancel')} aria-label={`Cancel ${job.kind} job ${shortId}`}>
              Cancel
            </button>
          )}
          {(status === 'failed' || status === 'cancelled') && (
            <button type="button" disabled={busy} onClick={() => void act('retry')} aria-label={`Retry ${job.kind} job ${shortId}`}>
              Retry
            </button>
          )}
        </div>
      </td>
    </tr>
  );
}
