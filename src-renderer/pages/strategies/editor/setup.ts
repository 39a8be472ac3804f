import { autocompletion } from '@codemirror/autocomplete';
import { indentWithTab } from '@codemirror/commands';
import { javascript } from '@codemirror/lang-javascript';
import { syntaxHighlighting } from '@codemirror/language';
import { forEachDiagnostic, lintGutter, linter, setDiagnosticsEffect, type Diagnostic } from '@codemirror/lint';
import { Compartment, EditorState, Prec, type Extension } from '@codemirror/state';
import { EditorView, keymap, type ViewUpdate } from '@codemirror/view';
import { classHighlighter } from '@lezer/highlight';
import { tsFacetWorker, tsHoverWorker, tsSyncWorker } from '@valtown/codemirror-ts';
import { basicSetup } from 'codemirror';
import type { StrategyProblem } from '../../../../src-shared/api/strategies';
import { renderHover } from './hover';
import type { LanguageServiceRemote } from './language-service-client';
import { strategyProblems } from './problems';
import { sdkCompletions } from './sdk-completion';
import './syntax.css';

/** One diagnostic as the problems list under the editor shows it. */
export interface EditorDiagnostic {
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly severity: Diagnostic['severity'];
  /** 'Barwise' (main's compile, load and look-ahead problems) or 'TypeScript' (as you type). */
  readonly source: string;
}

/** Every diagnostic in the editor now, in text order. */
export function editorDiagnostics(state: EditorState): EditorDiagnostic[] {
  const list: EditorDiagnostic[] = [];
  forEachDiagnostic(state, (d, from) => {
    const line = state.doc.lineAt(from);
    list.push({ line: line.number, column: from - line.from + 1, message: d.message, severity: d.severity, source: d.source ?? 'TypeScript' });
  });
  return list.sort((a, b) => a.line - b.line || a.column - b.column);
}

export interface EditorOptions {
  readonly readOnly: boolean;
  /** The accessible name of the text area ("Code of My SMA cross"). */
  readonly label: string;
  readonly problems: readonly StrategyProblem[];
  readonly onSave: () => void;
  readonly onChange: (update: ViewUpdate) => void;
  readonly onDiagnostics: (diagnostics: EditorDiagnostic[]) => void;
}

/** Light or dark chrome (tooltips, panels); colours themselves come from the app's CSS variables. */
export const themeCompartment = new Compartment();
/** Empty until the language service's worker is up; then its sync, lints and hovers. */
export const languageCompartment = new Compartment();

/** The app's colours (app.css variables), so the editor follows the light and dark themes. */
const appTheme = EditorView.theme({
  '&': { color: 'var(--text)', backgroundColor: 'var(--bg-raised)', fontSize: '13px' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.5' },
  '.cm-content': { caretColor: 'var(--text)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--text)' },
  '.cm-gutters': { backgroundColor: 'var(--bg-subtle)', color: 'var(--text-muted)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine': { backgroundColor: 'color-mix(in srgb, var(--accent) 7%, transparent)' },
  '.cm-activeLineGutter': { backgroundColor: 'color-mix(in srgb, var(--accent) 14%, transparent)', color: 'var(--text)' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection': {
    backgroundColor: 'color-mix(in srgb, var(--accent) 28%, transparent)',
  },
  '&.cm-focused': { outline: '2px solid var(--focus)', outlineOffset: '-2px' },
  '.cm-tooltip': { backgroundColor: 'var(--bg-raised)', color: 'var(--text)', border: '1px solid var(--border)' },
  '.cm-panels': { backgroundColor: 'var(--bg-subtle)', color: 'var(--text)' },
});

/**
 * A strategy's code to read, not edit (a run's Code view): the editor's highlighting, theme and
 * line numbers, text that can be selected and copied, no completion, lints or TypeScript worker.
 */
export function viewerExtensions(label: string): Extension[] {
  return [
    basicSetup,
    javascript({ typescript: true }),
    syntaxHighlighting(classHighlighter),
    appTheme,
    EditorState.readOnly.of(true),
    EditorView.contentAttributes.of({ 'aria-label': label, 'aria-readonly': 'true' }),
  ];
}

/** The language service's part: keeps the worker's copy of the file in step, lints, hovers. */
export function languageExtensions(service: LanguageServiceRemote, path: string): Extension {
  // The library's own types name a worker of its createWorker(); ours is that plus completionDetails.
  const worker = service as unknown as Parameters<typeof tsFacetWorker.of>[0]['worker'];
  return [
    tsFacetWorker.of({ worker, path }),
    tsSyncWorker(),
    linter(() => service.getLints({ path })),
    tsHoverWorker({ renderTooltip: renderHover }),
  ];
}

/**
 * The editor: CodeMirror's basic setup with TypeScript highlighting, completion from the SDK's
 * declarations, main's problems and TypeScript's at their lines, Ctrl/Cmd+S to save. Tab indents;
 * Escape then Tab leaves the editor (CodeMirror's rule for keyboard users).
 */
export function editorExtensions(options: EditorOptions): Extension[] {
  return [
    basicSetup,
    javascript({ typescript: true }),
    syntaxHighlighting(classHighlighter),
    autocompletion({ override: [sdkCompletions] }),
    lintGutter(),
    strategyProblems(options.problems),
    appTheme,
    themeCompartment.of([]),
    languageCompartment.of([]),
    keymap.of([indentWithTab]),
    Prec.highest(
      keymap.of([
        {
          key: 'Mod-s',
          preventDefault: true,
          run: () => {
            options.onSave();
            return true;
          },
        },
      ]),
    ),
    EditorState.readOnly.of(options.readOnly),
    EditorView.contentAttributes.of({ 'aria-label': options.label, 'aria-readonly': String(options.readOnly) }),
    EditorView.updateListener.of((update) => {
      if (update.docChanged) options.onChange(update);
      const relinted = update.transactions.some((tr) => tr.effects.some((e) => e.is(setDiagnosticsEffect)));
      if (relinted || update.docChanged) options.onDiagnostics(editorDiagnostics(update.state));
    }),
  ];
}
