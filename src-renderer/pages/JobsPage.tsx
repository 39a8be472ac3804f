import { useEffect, useMemo, useState } from 'react';
import { FINISHED_STATUSES } from '../../src-shared/api/jobs';
import { toErrorValue } from '../../src-shared/errors';
import { shortIds } from '../../src-shared/short-ids';
import { useApi } from '../app/store';
import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';
import { JobRow } from './jobs/JobRow';
import { useJobList } from './jobs/useJobList';
import './jobs/jobs.css';

export function JobsPage() {
  const api = useApi();
  const { jobs, error, reload } = useJobList();
  const [actionError, setActionError] = useState<string>();
  const [now, setNow] = useState(Date.now);
  const anyActive = jobs?.some((j) => j.status === 'running' || j.status === 'queued') ?? false;
  const finished = jobs?.filter((j) => FINISHED_STATUSES.includes(j.status)).length ?? 0;
  // Jobs queued together share their ids' first 8 characters (UUIDv7: a timestamp).
  const ids = useMemo(() => shortIds(jobs?.map((j) => j.id) ?? []), [jobs]);

  // Elapsed and ETA tick while something runs.
  useEffect(() => {
    if (!anyActive) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [anyActive]);

  const clearFinished = async () => {
    try {
      await api.jobs.clearFinished({});
      reload();
    } catch (e) {
      setActionError(toErrorValue(e).message);
    }
  };

  return (
    <>
      <PageHeader
        title="Jobs"
        subtitle="Imports, backtests and sweeps running on this machine."
        actions={
          <button type="button" onClick={() => void clearFinished()} disabled={finished === 0}>
            Clear finished{finished > 0 ? ` (${finished})` : ''}
          </button>
        }
      />
      {(error || actionError) && (
        <p role="alert" className="error">
          {actionError ?? `The jobs could not be read: ${error?.message}`}
        </p>
      )}
      {jobs === undefined && !error && <p className="muted">Loading jobs…</p>}
      {jobs?.length === 0 && (
        <EmptyState title="No jobs yet">
          <p>Long work — imports, backtests, sweeps — shows up here with its progress, and can be cancelled.</p>
        </EmptyState>
      )}
      {jobs && jobs.length > 0 && (
        <section className="card" aria-label="Jobs">
          <div className="table-scroll">
            <table className="jobs-table" data-testid="jobs-table">
              <thead>
                <tr>
                  <th scope="col">Job</th>
                  <th scope="col">Status</th>
                  <th scope="col">Progress</th>
                  <th scope="col">Elapsed</th>
                  <th scope="col">ETA</th>
                  <th scope="col">Created</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {jobs.map((job, i) => (
                  <JobRow key={job.id} job={job} shortId={ids[i]} now={now} onError={setActionError} />
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </>
  );
}
