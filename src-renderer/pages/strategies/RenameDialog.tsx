import { useMemo, useState } from 'react';
import type { StrategyEntry } from '../../../src-shared/api/strategies';
import { errorMessage } from '../backtests/api';
import { FormField } from '../backtests/FormField';
import { useStrategiesApi } from './api';
import { Dialog } from './Dialog';
import { idError } from './strategy-id';

/** Renames a user strategy's file (its id): runs made with it keep the name they ran under. */
export function RenameDialog({
  strategy,
  strategies,
  onRenamed,
  onCancel,
}: {
  strategy: StrategyEntry;
  strategies: readonly StrategyEntry[];
  onRenamed: (entry: StrategyEntry) => void;
  onCancel: () => void;
}) {
  const api = useStrategiesApi();
  const taken = useMemo(() => new Set(strategies.filter((s) => s.id !== strategy.id).map((s) => s.id)), [strategies, strategy.id]);
  const [to, setTo] = useState(strategy.id);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const nameError = idError(to, taken);
  const submit = async () => {
    if (nameError) return;
    if (to.trim() === strategy.id) return onCancel();
    setBusy(true);
    setError(undefined);
    try {
      onRenamed(await api.rename({ id: strategy.id, to: to.trim() }));
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };
  return (
    <Dialog title={`Rename ${strategy.fileName}`} submitLabel="Rename" busy={busy} error={error} onSubmit={() => void submit()} onCancel={onCancel}>
      <FormField id="rename-strategy-id" label="New file name" error={nameError} hint="Runs made with it keep their results and the name they ran under">
        {(p) => <input {...p} value={to} autoFocus spellCheck={false} autoComplete="off" onChange={(e) => setTo(e.target.value)} />}
      </FormField>
    </Dialog>
  );
}
