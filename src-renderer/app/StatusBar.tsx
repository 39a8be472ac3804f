import { useJobEventFeed, useJobs } from './jobs-store';
import { useApi, useApp } from './store';
import '../pages/jobs/jobs.css';

const LABEL = { connecting: 'Connecting…', connected: 'Connected', closed: 'Disconnected', failed: 'Not connected' };

export function StatusBar() {
  const state = useApp((s) => s.connectionState);
  useJobEventFeed(useApi());
  const running = useJobs((s) => s.running);
  const queued = useJobs((s) => s.queued);
  return (
    <footer className="status-bar" role="status" aria-live="polite">
      <span className={`dot dot-${state}`} aria-hidden="true" />
      <span data-testid="connection-state">{LABEL[state]}</span>
      <span className="spacer" />
      <span className={running > 0 ? 'jobs-badge busy' : 'jobs-badge'} data-testid="running-jobs">
        {running === 0 ? 'No jobs running' : `${running} job${running > 1 ? 's' : ''} running`}
        {queued > 0 && ` · ${queued} queued`}
      </span>
    </footer>
  );
}
