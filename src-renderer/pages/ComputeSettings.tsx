import { useEffect, useState } from 'react';
import type { SettingsView } from '../../src-shared/api';
import { toErrorValue } from '../../src-shared/errors';
import { useApi } from '../app/store';

/** Worker-thread count: one per core by default; a change applies when Barwise next starts. */
export function ComputeSettings() {
  const api = useApi();
  const [view, setView] = useState<SettingsView>();
  const [draft, setDraft] = useState('');
  const [message, setMessage] = useState<string>();

  useEffect(() => {
    api.settings.get({}).then((v) => {
      setView(v);
      setDraft(v.settings.threads === null ? '' : String(v.settings.threads));
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
      {message && <p role="status">{message}</p>}
    </section>
  );
}
