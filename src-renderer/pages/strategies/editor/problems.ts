import { StateEffect, StateField, type EditorState, type Extension, type Text } from '@codemirror/state';
import { linter, type Diagnostic } from '@codemirror/lint';
import type { ViewUpdate } from '@codemirror/view';
import type { StrategyProblem } from '../../../../src-shared/api/strategies';
import { problemMessage } from '../status';

/**
 * Where a problem sits in the text: from its column (1-based; the line's first non-blank when
 * there is none) to the end of the word there, or of the line. Lines and columns past the end are
 * clamped, since main reports on the text as saved and the user may have edited it since.
 * A problem without a line has no place: the problems list shows it instead.
 */
export function problemRange(doc: Text, problem: StrategyProblem): { from: number; to: number } | null {
  if (problem.line === undefined || !Number.isFinite(problem.line)) return null;
  const line = doc.line(Math.min(Math.max(1, Math.trunc(problem.line)), doc.lines));
  const indent = /^\s*/.exec(line.text)?.[0].length ?? 0;
  const column = problem.column !== undefined && Number.isFinite(problem.column) ? Math.trunc(problem.column) - 1 : indent;
  const offset = Math.min(Math.max(0, column), line.length);
  if (problem.column === undefined) return { from: line.from + offset, to: line.to };
  const word = /^[\w$]+/.exec(line.text.slice(offset))?.[0].length ?? 0;
  return { from: line.from + offset, to: line.from + offset + Math.max(word, offset < line.length ? 1 : 0) };
}

/** Main's problems as CodeMirror diagnostics (those with a line). */
export function problemDiagnostics(doc: Text, problems: readonly StrategyProblem[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const problem of problems) {
    const range = problemRange(doc, problem);
    if (range) diagnostics.push({ ...range, severity: 'error', source: 'Barwise', message: problemMessage(problem) });
  }
  return diagnostics;
}

/** Replaces the problems main reported (after a save or a check). */
export const setProblems = StateEffect.define<readonly StrategyProblem[]>();

/**
 * Main's problems, placed in the text they were reported on and then carried along as the user
 * edits (a problem on line 14 stays on the same statement when a line is added above it).
 */
const problemsField = StateField.define<readonly Diagnostic[]>({
  create: () => [],
  update(diagnostics, tr) {
    let next = diagnostics;
    if (tr.docChanged) {
      next = diagnostics.map((d) => {
        const from = tr.changes.mapPos(d.from, 1);
        return { ...d, from, to: Math.max(from, tr.changes.mapPos(d.to, -1)) };
      });
    }
    for (const effect of tr.effects) if (effect.is(setProblems)) next = problemDiagnostics(tr.state.doc, effect.value);
    return next;
  },
});

/** Main's problems where they now sit in the text (what the lint source below reports). */
export const placedProblems = (state: EditorState): readonly Diagnostic[] => state.field(problemsField, false) ?? [];

/** Whether an update brings new problems from main (which is not an edit, so would not relint). */
export const problemsReplaced = (update: ViewUpdate): boolean => update.transactions.some((tr) => tr.effects.some((e) => e.is(setProblems)));

/** Main's problems as a lint source beside TypeScript's: both show in the gutter and the text. */
export function strategyProblems(initial: readonly StrategyProblem[]): Extension {
  return [
    problemsField.init((state) => problemDiagnostics(state.doc, initial)),
    linter((view) => placedProblems(view.state), { needsRefresh: problemsReplaced }),
  ];
}
