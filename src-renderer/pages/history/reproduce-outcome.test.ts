import { describe, expect, it } from 'vitest';
import type { ReproduceOutcome } from '../../../src-shared/api/runs';
import { reproduceStatus } from './reproduce-outcome';

const hash = (c: string) => c.repeat(64);
const outcome = (patch: Partial<ReproduceOutcome>): ReproduceOutcome => ({
  originalId: 'a',
  newRunId: 'b',
  bitIdentical: true,
  originalHash: hash('1'),
  newHash: hash('1'),
  ...patch,
});

describe('what Reproduce says', () => {
  it('says bit-identical, or that the results differ', () => {
    expect(reproduceStatus(outcome({}))).toEqual({ kind: 'ok', text: 'Reproduced: bit-identical (hash 111111111111…)' });
    expect(reproduceStatus(outcome({ bitIdentical: false, newHash: hash('2') }))).toEqual({
      kind: 'warn',
      text: 'Reproduced, but the results differ: 111111111111… ≠ 222222222222…',
    });
  });

  it('says when a user strategy’s code has changed since the run, or its file is gone', () => {
    const changed = reproduceStatus(outcome({ source: { recordedHash: hash('a'), currentHash: hash('b'), changed: true } }));
    expect(changed).toEqual({
      kind: 'warn',
      text: "Reproduced: bit-identical (hash 111111111111…). The strategy's code has changed since this run; it reran the code the run recorded.",
    });
    const gone = reproduceStatus(outcome({ source: { recordedHash: hash('a'), currentHash: null, changed: true } }));
    expect(gone.text).toMatch(/The strategy's file is gone since this run/);
  });

  it('says nothing of the code when it has not changed', () => {
    const same = reproduceStatus(outcome({ source: { recordedHash: hash('a'), currentHash: hash('a'), changed: false } }));
    expect(same).toEqual({ kind: 'ok', text: 'Reproduced: bit-identical (hash 111111111111…)' });
  });
});
