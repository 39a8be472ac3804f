import { Link } from 'react-router';
import { strategyLink, strategyLocation } from '../strategies/locate';
import type { RunJobState } from './useRunJob';

/** Inline progress of a queued or running backtest. */
export function RunProgress({ state, onCancel }: { state: RunJobState; onCancel: () => void }) {
  if (state.phase === 'idle') return null;
  if (state.phase === 'failed' || state.phase === 'cancelled') {
    // A user strategy's error names its file and line: offer to open the editor there.
    const at = state.error ? strategyLocation(state.error) : undefined;
    return (
      <div className="run-progress failed" role="alert" data-testid="run-error">
        {state.error}
        {at && (
          <>
            {' '}
            <Link to={strategyLink(at)}>Open strategies/{at.id}.ts at line {at.line}</Link>
          </>
        )}
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
