import { useEffect, useMemo, useState } from 'react';
import type { StrategyEntry, StrategyTemplate } from '../../../src-shared/api/strategies';
import { errorMessage } from '../backtests/api';
import { FormField } from '../backtests/FormField';
import { useStrategiesApi } from './api';
import { Dialog } from './Dialog';
import { freeId, idError } from './strategy-id';

/**
 * A new user strategy: from a template, or a copy of an existing one (`from`: "Duplicate to
 * edit"). The file name is suggested from the template or the original and checked as typed.
 */
export function NewStrategyDialog({
  strategies,
  from,
  onCreated,
  onCancel,
}: {
  strategies: readonly StrategyEntry[];
  from?: StrategyEntry;
  onCreated: (id: string) => void;
  onCancel: () => void;
}) {
  const api = useStrategiesApi();
  const taken = useMemo(() => new Set(strategies.map((s) => s.id)), [strategies]);
  const [templates, setTemplates] = useState<readonly StrategyTemplate[]>();
  const [template, setTemplate] = useState('');
  // What the user typed; until then the name follows the template (or the original's name).
  const [typed, setTyped] = useState<string>();
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (from) return;
    let live = true;
    api
      .templates({})
      .then((list) => {
        if (!live) return;
        setTemplates(list);
        const first = list[0];
        if (first) setTemplate(first.id);
      })
      .catch((e: unknown) => live && setError(`The templates could not be read: ${errorMessage(e)}`));
    return () => {
      live = false;
    };
  }, [api, from]);

  const chosen = templates?.find((t) => t.id === template);
  const suggested = from ? freeId(`${from.id}-copy`, taken) : chosen ? freeId(`my-${chosen.id}`, taken) : '';
  const id = typed ?? suggested;

  const nameError = idError(id, taken);
  const submit = async () => {
    setTouched(true);
    if (nameError || (!from && !chosen)) return;
    setBusy(true);
    setError(undefined);
    try {
      const created = await api.create(from ? { id: id.trim(), from: from.id } : { id: id.trim(), template });
      onCreated(created.entry.id);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={from ? `Duplicate ${from.name}` : 'New strategy'}
      submitLabel={from ? 'Duplicate' : 'Create'}
      busy={busy}
      error={error}
      onSubmit={() => void submit()}
      onCancel={onCancel}
    >
      {from ? (
        <p className="muted">A copy of {from.fileName} in your strategies folder, yours to edit.</p>
      ) : (
        <FormField id="new-strategy-template" label="Template" hint={chosen?.description}>
          {(p) => (
            <select {...p} value={template} onChange={(e) => setTemplate(e.target.value)} disabled={!templates}>
              {!templates && <option value="">Loading…</option>}
              {templates?.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          )}
        </FormField>
      )}
      <FormField
        id="new-strategy-id"
        label="File name"
        error={touched || typed !== undefined ? nameError : undefined}
        hint={`Saved as strategies/${id.trim() || 'NAME'}.ts in your data folder`}
      >
        {(p) => (
          <input
            {...p}
            value={id}
            autoFocus
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => setTyped(e.target.value)}
          />
        )}
      </FormField>
    </Dialog>
  );
}
