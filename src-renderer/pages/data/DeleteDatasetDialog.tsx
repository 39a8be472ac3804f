import { useState } from 'react';
import type { DatasetSummary } from '../../../src-shared/api/datasets';
import { toErrorValue } from '../../../src-shared/errors';
import { useApi } from '../../app/store';
import { ConfirmDialog } from './ConfirmDialog';
import { formatCount } from './format';

/** Asks before deleting, and says what happens to the backtests that used the dataset. */
export function DeleteDatasetDialog({
  dataset,
  onClose,
  onDeleted,
}: {
  dataset: DatasetSummary | undefined;
  onClose: () => void;
  onDeleted: (dataset: DatasetSummary) => void;
}) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const close = () => {
    setError(undefined);
    onClose();
  };
  const remove = async () => {
    if (!dataset) return;
    setBusy(true);
    try {
      await api.datasets.remove({ id: dataset.id });
      setError(undefined);
      onDeleted(dataset);
    } catch (e) {
      setError(toErrorValue(e).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <ConfirmDialog
      open={dataset !== undefined}
      title={`Delete “${dataset?.name ?? ''}”?`}
      confirmLabel="Delete dataset"
      busy={busy}
      onConfirm={() => void remove()}
      onCancel={close}
    >
      <p>
        Its {formatCount(dataset?.barCount ?? 0)} bars are removed from this machine. The CSV file you imported is not
        touched.
      </p>
      <p>
        Backtests that used it keep their results (statistics, trades, equity) in History, but cannot be re-run or
        reproduced until you import the same data again.
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </ConfirmDialog>
  );
}
