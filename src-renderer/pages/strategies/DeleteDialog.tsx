import { useState } from 'react';
import type { StrategyEntry } from '../../../src-shared/api/strategies';
import { errorMessage } from '../backtests/api';
import { useStrategiesApi } from './api';
import { Dialog } from './Dialog';

/** Deletes a user strategy's file after the user confirms; runs made with it stay in History. */
export function DeleteDialog({ strategy, onDeleted, onCancel }: { strategy: StrategyEntry; onDeleted: () => void; onCancel: () => void }) {
  const api = useStrategiesApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api.delete({ id: strategy.id });
      onDeleted();
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={`Delete ${strategy.name}?`}
      submitLabel="Delete strategy"
      cancelLabel="Keep it"
      danger
      busy={busy}
      error={error}
      onSubmit={() => void submit()}
      onCancel={onCancel}
    >
      <p>
        This deletes <code>{strategy.fileName}</code> from your data folder. Runs made with it keep their results, and record the
        code they ran by its hash.
      </p>
    </Dialog>
  );
}
