import { describe, expect, it } from 'vitest';
import { canAdvance, phaseOf, statusesBefore } from './status';

describe("a model's status", () => {
  it('moves forward through the phases, possibly skipping one, and ends once', () => {
    expect(canAdvance('queued', 'preprocessing')).toBe(true);
    expect(canAdvance('preprocessing', 'evaluating')).toBe(true);
    expect(canAdvance('training', 'preprocessing')).toBe(false);
    expect(canAdvance('training', 'training')).toBe(false);
    expect(canAdvance('evaluating', 'completed')).toBe(true);
    expect(canAdvance('queued', 'cancelled')).toBe(true);
    expect(canAdvance('completed', 'failed')).toBe(false);
    expect(canAdvance('failed', 'queued')).toBe(false);
    expect(statusesBefore('training')).toEqual(['queued', 'preprocessing']);
    expect(statusesBefore('failed')).toEqual(['queued', 'preprocessing', 'training', 'evaluating']);
  });

  it("reads the phase from the trainer's progress message", () => {
    expect(phaseOf('training: round 12 of 100, validation loss 0.6812')).toBe('training');
    expect(phaseOf('preprocessing: computing features')).toBe('preprocessing');
    expect(phaseOf('evaluating: permutation importance of rsi:14')).toBe('evaluating');
    expect(phaseOf('loading bars')).toBeUndefined();
  });
});
