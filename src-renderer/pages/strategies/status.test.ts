import { describe, expect, it } from 'vitest';
import type { LookAheadResult, StrategyProblem } from '../../../src-shared/api/strategies';
import { allProblems, lookAheadStatus, paramsSummary, problemsStatus, savedStatus } from './status';

const finding = (message: string, line?: number): StrategyProblem => ({ kind: 'look-ahead', message, line });
const checked = (findings: StrategyProblem[]): LookAheadResult => ({ passed: findings.length === 0, checkedAt: 1, findings });

describe('the look-ahead status', () => {
  it('says passed, N findings or not checked', () => {
    expect(lookAheadStatus({ origin: 'user', lookAhead: checked([]) })).toEqual({ text: 'Passed', tone: 'ok' });
    expect(lookAheadStatus({ origin: 'user', lookAhead: checked([finding('a', 3)]) })).toEqual({ text: '1 finding', tone: 'bad' });
    expect(lookAheadStatus({ origin: 'user', lookAhead: checked([finding('a', 3), finding('b')]) })).toEqual({ text: '2 findings', tone: 'bad' });
    expect(lookAheadStatus({ origin: 'user', lookAhead: null })).toEqual({ text: 'Not checked', tone: 'neutral' });
  });

  it('says when the check is under way, whatever the last result was', () => {
    expect(lookAheadStatus({ origin: 'user', lookAhead: null, checking: true })).toEqual({ text: 'Checking…', tone: 'neutral' });
    expect(lookAheadStatus({ origin: 'user', lookAhead: checked([finding('a', 3)]), checking: true }).text).toBe('Checking…');
    expect(lookAheadStatus({ origin: 'user', lookAhead: checked([]), checking: false }).text).toBe('Passed');
  });

  it('says where a built-in is checked, since the app does not check it', () => {
    expect(lookAheadStatus({ origin: 'builtin', lookAhead: null }).text).toBe('Checked by the test suite');
  });

  it('does not call a failed check with no findings passed', () => {
    expect(lookAheadStatus({ origin: 'user', lookAhead: { passed: false, checkedAt: 1, findings: [] } }).tone).toBe('bad');
  });
});

describe('the problems of an entry', () => {
  it('lists a finding reported both as a problem and by the check once, in line order, unplaced last', () => {
    const twice = finding('reads bar t+1', 14);
    const entry = {
      problems: [{ kind: 'load', message: 'no default export' } as StrategyProblem, twice, { kind: 'compile', message: 'x', line: 2, column: 5 } as StrategyProblem],
      lookAhead: checked([twice]),
    };
    expect(allProblems(entry).map((p) => p.message)).toEqual(['x', 'reads bar t+1', 'no default export']);
  });

  it('counts them and says when the strategy cannot run', () => {
    expect(problemsStatus({ problems: [], lookAhead: null, runnable: true })).toEqual({ text: 'None', tone: 'ok' });
    expect(problemsStatus({ problems: [finding('a', 1)], lookAhead: null, runnable: true }).text).toBe('1 problem');
    expect(problemsStatus({ problems: [finding('a', 1), finding('b', 2)], lookAhead: null, runnable: false }).text).toBe(
      '2 problems · does not run',
    );
  });
});

describe('the parameters column', () => {
  it('names each parameter with its default', () => {
    const params = [
      { name: 'fast', label: 'Fast', type: 'int', default: 10, description: '' },
      { name: 'mode', label: 'Mode', type: 'enum', default: 'long', options: ['long', 'short'], description: '' },
    ] as const;
    expect(paramsSummary({ params })).toBe('fast = 10, mode = long');
    expect(paramsSummary({ params: [] })).toBe('');
  });
});

describe('what a save reports', () => {
  const base = { origin: 'user' as const, problems: [] as StrategyProblem[], lookAhead: checked([]), runnable: true };

  it('says it passed everything', () => {
    expect(savedStatus(base)).toEqual({ text: 'Saved. It compiles, loads and passes the look-ahead check.', tone: 'ok' });
  });

  it('says it was saved even when the file has errors, and whether it runs', () => {
    const broken = { ...base, problems: [{ kind: 'compile', message: "';' expected", line: 3 } as StrategyProblem], runnable: false, lookAhead: null };
    expect(savedStatus(broken)).toEqual({ text: 'Saved. Checking it found 1 problem: it does not run until it is fixed.', tone: 'bad' });
    const twice = { ...broken, problems: [...broken.problems, { kind: 'load', message: 'no default export' } as StrategyProblem], runnable: true };
    expect(savedStatus(twice)).toEqual({ text: 'Saved. Checking it found 2 problems: see the marked lines.', tone: 'bad' });
  });

  it('says the look-ahead check is still running when it is', () => {
    expect(savedStatus({ ...base, lookAhead: null, checking: true })).toEqual({
      text: 'Saved. It compiles and loads; the look-ahead check is running.',
      tone: 'ok',
    });
  });

  it('names the look-ahead findings apart from errors', () => {
    const leaky = { ...base, lookAhead: checked([finding('next() read bar 11 at bar 10', 12)]) };
    expect(savedStatus(leaky)).toEqual({ text: 'Saved. The look-ahead check has 1 finding: see the marked lines.', tone: 'bad' });
  });
});
