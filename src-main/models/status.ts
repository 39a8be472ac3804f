import { FINISHED_MODEL_STATUSES, type ModelStatus } from '../../src-shared/api/models';

/**
 * A model's own status (docs/models.md#statuses): queued → preprocessing → training → evaluating
 * → completed, or failed | cancelled from any unfinished status. It only moves forward, and may
 * skip a phase: the pool sends at most ten progress messages a second, so a model that trains in
 * a few milliseconds can go from preprocessing to evaluating without a message of its training.
 */
const PHASES: readonly ModelStatus[] = ['queued', 'preprocessing', 'training', 'evaluating'];

export const isFinishedModel = (status: ModelStatus): boolean => FINISHED_MODEL_STATUSES.includes(status);

/** Whether a model may move from `from` to `to`. */
export function canAdvance(from: ModelStatus, to: ModelStatus): boolean {
  if (isFinishedModel(from)) return false;
  if (to === 'failed' || to === 'cancelled') return true;
  if (to === 'completed') return true;
  return PHASES.indexOf(to) > PHASES.indexOf(from);
}

/** The statuses a model may be in to move to `to` (for an UPDATE's WHERE). */
export function statusesBefore(to: ModelStatus): ModelStatus[] {
  return PHASES.filter((from) => canAdvance(from, to));
}

/**
 * The phase a trainer's progress message names: `ml.train` starts each message with it
 * (`training: round 12 of 100, validation loss 0.6812`; src-workers/tasks/ml-tasks.ts).
 */
export function phaseOf(message: string): 'preprocessing' | 'training' | 'evaluating' | undefined {
  const head = /^(preprocessing|training|evaluating):/.exec(message)?.[1];
  return head as 'preprocessing' | 'training' | 'evaluating' | undefined;
}
