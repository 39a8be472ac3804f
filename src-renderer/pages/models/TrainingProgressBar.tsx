import type { ModelStatus } from '../../../src-shared/api/models';
import type { TrainingProgress } from './useModel';

/** A training model's phase and progress (the round and the validation loss, as the trainer says them), with Cancel. */
export function TrainingProgressBar({ status, progress, onCancel, compact }: { status: ModelStatus; progress?: TrainingProgress; onCancel: () => void; compact?: boolean }) {
  const percent = Math.round((progress?.fraction ?? 0) * 100);
  return (
    <div className="run-progress model-progress" data-testid="model-progress">
      <progress max={100} value={percent} aria-label="Training progress" />
      <span aria-live="polite">
        {status === 'queued' ? 'Queued…' : `${percent}%`}
        {!compact && progress?.message && status !== 'queued' ? ` · ${progress.message}` : ''}
      </span>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
