import { useEffect, useState } from 'react';
import type { SettingsView } from '../../src-shared/api';
import { MAX_STRATEGY_TIME_LIMIT_SECONDS } from '../../src-shared/api/settings';
import { toErrorValue } from '../../src-shared/errors';
import { useApi } from '../app/store';

/**
 * Worker threads (one per core by default; applies when Barwise next starts) and the time limit
 * for strategy code (applies at once: a strategy that runs longer is stopped with TASK_TIMEOUT).
 */
export function ComputeSettings() {
  const api = useApi();
  const [view, setView] = useState<SettingsView>();
  const [draft, setDraft] = useState('');
  const [limitDraft, setLimitDraft] = useState('');
  const [message, setMessage] = useState<string>();

  useEffect(() => {
    api.settings.get({}).then((v) => {
      setView(v);
      setDraft(v.settings.threads === null ? '' : String(v.settings.threads));
      setLimitDraft(String(v.settings.strategyTimeLimitSeconds));
    }, (e: unknown) => setMessage(toErrorValue(e).message));
  }, [api]);

  const save = async () => {
    const threads = draft.trim() === '' ? null : Number(draft);
    if (threads !== null && (!Number.isInteger(threads) || threads < 1)) {
      setMessage('Threads must be a whole number of at least 1, or empty for one per core.');
      return;
    }
    try {
      const next = await api.settings.update({ threads });
      setView(next);
      const capped = threads !== null && threads > next.cores ? ` It will be capped at ${next.cores}, the number of cores.` : '';
      setMessage(`Saved. Applies the next time Barwise starts.${capped}`);
    } catch (e) {
      setMessage(toErrorValue(e).message);
    }
  };

  const saveLimit = async () => {
    const seconds = Number(limitDraft);
    if (limitDraft.trim() === '' || !Number.isInteger(seconds) || seconds < 1 || seconds > MAX_STRATEGY_TIME_LIMIT_SECONDS) {
      setMessage(`The time limit must be a whole number of seconds from 1 to ${MAX_STRATEGY_TIME_LIMIT_SECONDS.toLocaleString('en-US')}.`);
      return;
    }
    try {
      const next = await api.settings.update({ strategyTimeLimitSeconds: seconds });
      setView(next);
      setLimitDraft(String(next.settings.strategyTimeLimitSeconds));
      setMessage(`Saved. Strategy code started from now on may run for ${seconds} s.`);
    } catch (e) {
      setMessage(toErrorValue(e).message);
    }
  };

  return (
    <section className="card" aria-label="Compute">
      <h2>Compute</h2>
      <label className="field">
        Worker threads
        <input
          type="number"
          min={1}
          inputMode="numeric"
          placeholder={view ? `one per core (${view.cores})` : ''}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          aria-describedby="threads-help"
          data-testid="threads-input"
        />
      </label>{' '}
      <button type="button" onClick={() => void save()}>
        Save
      </button>
      <p id="threads-help" className="muted">
        {view ? `Running with ${view.activeThreads} thread${view.activeThreads === 1 ? '' : 's'} on ${view.cores} cores.` : ''}
      </p>
      <label className="field">
        Time limit for strategy code (seconds)
        <input
          type="number"
          min={1}
          max={MAX_STRATEGY_TIME_LIMIT_SECONDS}
          inputMode="numeric"
          value={limitDraft}
          onChange={(e) => setLimitDraft(e.target.value)}
          aria-describedby="time-limit-help"
          data-testid="strategy-time-limit-input"
        />
      </label>{' '}
      <button type="button" onClick={() => void saveLimit()} data-testid="strategy-time-limit-save">
        Save limit
      </button>
      <p id="time-limit-help" className="muted">
        A backtest or check of your own strategy that runs longer is stopped, so a strategy that loops forever fails
        alone. Applies at once.
      </p>
      {message && <p role="status">{message}</p>}
    </section>
  );
}
