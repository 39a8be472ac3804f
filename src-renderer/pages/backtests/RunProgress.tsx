import type { RunJobState } from './useRunJob';

/** Inline progress of a queued or running backtest. */
export function RunProgress({ state, onCancel }: { state: RunJobState; onCancel: () => void }) {
  if (state.phase === 'idle') return null;
  if (state.phase === 'failed' || state.phase === 'cancelled') {
    return (
      <div className="run-progress failed" role="alert" data-testid="run-error">
        {state.error}
      </div>
    );
  }
  const percent = Math.round(state.fraction * 100);
  return (
    <div className="run-progress" data-testid="run-progress">
      <progress max={100} value={percent} aria-label="Backtest progress" />
      <span aria-live="polite">
        {state.phase === 'queued' ? 'Queued…' : `${percent}%`} {state.message && state.phase === 'running' ? `· ${state.message}` : ''}
      </span>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
