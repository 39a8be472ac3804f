import { EditorState, Text, type TransactionSpec } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import type { StrategyProblem } from '../../../../src-shared/api/strategies';
import type { ViewUpdate } from '@codemirror/view';
import { placedProblems, problemDiagnostics, problemRange, problemsReplaced, setProblems, strategyProblems } from './problems';

const code = ["import { sma } from 'barwise';", '', '  const fast = sma(data.close, 10);', 'export default x;'].join('\n');
const doc = Text.of(code.split('\n'));
const problem = (line?: number, column?: number, kind: StrategyProblem['kind'] = 'load'): StrategyProblem => ({ kind, message: 'm', line, column });
const text = (range: { from: number; to: number } | null) => (range ? doc.sliceString(range.from, range.to) : null);

describe('where a problem main reports sits in the text', () => {
  it('marks the word at its line and column (1-based)', () => {
    expect(text(problemRange(doc, problem(3, 9)))).toBe('fast');
    expect(text(problemRange(doc, problem(3, 16)))).toBe('sma');
  });

  it('marks the line from its first non-blank when there is no column', () => {
    expect(text(problemRange(doc, problem(3)))).toBe('const fast = sma(data.close, 10);');
  });

  it('marks one character at a column on punctuation', () => {
    expect(text(problemRange(doc, problem(3, 19)))).toBe('(');
  });

  it('clamps a line or column past the end (the text changed since the save)', () => {
    expect(text(problemRange(doc, problem(99)))).toBe('export default x;');
    expect(problemRange(doc, problem(1, 500))).toEqual({ from: doc.line(1).to, to: doc.line(1).to });
    expect(text(problemRange(doc, problem(0, 1)))).toBe('import');
  });

  it('has no place without a line', () => {
    expect(problemRange(doc, problem(undefined, 4))).toBeNull();
    expect(problemDiagnostics(doc, [problem(), problem(2)])).toHaveLength(1);
  });

  it('names the kind in the message, as an error from Barwise', () => {
    const [d] = problemDiagnostics(doc, [{ kind: 'look-ahead', message: 'next() read bar 15 at bar 14', line: 3 }]);
    expect(d).toMatchObject({ severity: 'error', source: 'Barwise', message: 'Look-ahead: next() read bar 15 at bar 14' });
    expect(problemDiagnostics(doc, [problem(1, 1, 'compile')])[0]?.message).toBe('Syntax error: m');
  });
});

describe('main’s problems in the editor state', () => {
  /** The diagnostics the problems lint source reports, as line:text. */
  const marked = (state: EditorState): string[] =>
    placedProblems(state).map((d) => `${state.doc.lineAt(d.from).number}:${state.doc.sliceString(d.from, d.to)}`);

  it('starts with the problems it was given and follows the text as it is edited', () => {
    let state = EditorState.create({ doc: code, extensions: strategyProblems([problem(3, 9)]) });
    expect(marked(state)).toEqual(['3:fast']);
    state = state.update({ changes: { from: 0, insert: '// a comment\n' } }).state;
    expect(marked(state)).toEqual(['4:fast']);
  });

  it('replaces them all when main reports again', () => {
    let state = EditorState.create({ doc: code, extensions: strategyProblems([problem(3, 9)]) });
    state = state.update({ effects: setProblems.of([problem(1, 10), problem(4)]) }).state;
    expect(marked(state)).toEqual(['1:sma', '4:export default x;']);
    state = state.update({ effects: setProblems.of([]) }).state;
    expect(marked(state)).toEqual([]);
  });
});

describe('new problems from main', () => {
  it('ask the linter to run again, as an edit does (a save changes no text)', () => {
    const state = EditorState.create({ doc: code, extensions: strategyProblems([]) });
    const update = (spec: TransactionSpec) => ({ transactions: [state.update(spec)] }) as unknown as ViewUpdate;
    expect(problemsReplaced(update({ effects: setProblems.of([problem(1)]) }))).toBe(true);
    expect(problemsReplaced(update({ selection: { anchor: 3 } }))).toBe(false);
  });
});
