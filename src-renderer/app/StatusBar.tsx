import { useApp } from './store';

const LABEL = { connecting: 'Connecting…', connected: 'Connected', closed: 'Disconnected', failed: 'Not connected' };

export function StatusBar() {
  const state = useApp((s) => s.connectionState);
  const running = useApp((s) => s.runningJobs);
  return (
    <footer className="status-bar" role="status" aria-live="polite">
      <span className={`dot dot-${state}`} aria-hidden="true" />
      <span data-testid="connection-state">{LABEL[state]}</span>
      <span className="spacer" />
      <span data-testid="running-jobs">{running === 0 ? 'No jobs running' : `${running} job${running > 1 ? 's' : ''} running`}</span>
    </footer>
  );
}
