import type { StrategyEntry, StrategyProblem } from '../../../src-shared/api/strategies';

export type Tone = 'ok' | 'bad' | 'neutral';

/** The names the editor and the problems list give each kind of problem main reports. */
export const PROBLEM_KIND_LABELS: Readonly<Record<StrategyProblem['kind'], string>> = {
  compile: 'Syntax error',
  load: 'Error',
  'look-ahead': 'Look-ahead',
};

/** A problem's message with its kind first, so a look-ahead finding reads as one. */
export const problemMessage = (problem: StrategyProblem): string => `${PROBLEM_KIND_LABELS[problem.kind]}: ${problem.message}`;

/** The look-ahead check's result as the list and the editor show it: passed, N findings, not checked. */
export function lookAheadStatus(entry: Pick<StrategyEntry, 'origin' | 'lookAhead' | 'checking'>): { text: string; tone: Tone } {
  const result = entry.lookAhead;
  if (entry.checking) return { text: 'Checking…', tone: 'neutral' };
  if (!result) {
    // Built-ins are not checked when the app runs: the test suite runs the same check on each.
    return entry.origin === 'builtin' ? { text: 'Checked by the test suite', tone: 'neutral' } : { text: 'Not checked', tone: 'neutral' };
  }
  if (result.passed && result.findings.length === 0) return { text: 'Passed', tone: 'ok' };
  const n = result.findings.length;
  return { text: n === 1 ? '1 finding' : `${n} findings`, tone: 'bad' };
}

/**
 * Everything wrong with a strategy, once each: its problems and the look-ahead findings (main may
 * report a finding in both), in line order, those without a line last.
 */
export function allProblems(entry: Pick<StrategyEntry, 'problems' | 'lookAhead'>): StrategyProblem[] {
  const seen = new Set<string>();
  const all: StrategyProblem[] = [];
  for (const problem of [...entry.problems, ...(entry.lookAhead?.findings ?? [])]) {
    const key = `${problem.kind}\u0000${problem.line ?? ''}\u0000${problem.column ?? ''}\u0000${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    all.push(problem);
  }
  const line = (p: StrategyProblem) => p.line ?? Number.POSITIVE_INFINITY;
  return all.sort((a, b) => line(a) - line(b) || (a.column ?? 0) - (b.column ?? 0));
}

/** The problems column: none, or how many and whether the strategy can run. */
export function problemsStatus(entry: Pick<StrategyEntry, 'problems' | 'lookAhead' | 'runnable'>): { text: string; tone: Tone } {
  const n = allProblems(entry).length;
  if (n === 0) return entry.runnable ? { text: 'None', tone: 'ok' } : { text: 'Does not run', tone: 'bad' };
  const count = n === 1 ? '1 problem' : `${n} problems`;
  return { text: entry.runnable ? count : `${count} · does not run`, tone: 'bad' };
}

/** "fast = 10, slow = 30": the declared parameters with their defaults. */
export function paramsSummary(entry: Pick<StrategyEntry, 'params'>): string {
  return entry.params.map((p) => `${p.name} = ${String(p.default)}`).join(', ');
}

/** What the editor says after a save: that it saved, and what main found when it checked the file. */
export function savedStatus(entry: Pick<StrategyEntry, 'origin' | 'problems' | 'lookAhead' | 'runnable' | 'checking'>): { text: string; tone: Tone } {
  const problems = allProblems(entry).filter((p) => p.kind !== 'look-ahead').length;
  if (problems > 0 || !entry.runnable) {
    const found = problems === 1 ? '1 problem' : `${problems} problems`;
    const consequence = entry.runnable ? 'see the marked lines' : `it does not run until ${problems === 1 ? 'it is' : 'they are'} fixed`;
    return { text: `Saved. Checking it found ${found}: ${consequence}.`, tone: 'bad' };
  }
  const lookAhead = lookAheadStatus(entry);
  if (lookAhead.tone === 'bad') return { text: `Saved. The look-ahead check has ${lookAhead.text}: see the marked lines.`, tone: 'bad' };
  if (lookAhead.tone === 'ok') return { text: 'Saved. It compiles, loads and passes the look-ahead check.', tone: 'ok' };
  if (entry.checking) return { text: 'Saved. It compiles and loads; the look-ahead check is running.', tone: 'ok' };
  return { text: 'Saved. It compiles and loads.', tone: 'ok' };
}
