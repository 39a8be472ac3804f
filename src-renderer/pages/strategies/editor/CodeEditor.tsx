import { forceLinting } from '@codemirror/lint';
import { EditorSelection } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { useEffect, useImperativeHandle, useRef, useState, type Ref } from 'react';
import type { StrategyProblem } from '../../../../src-shared/api/strategies';
import { useDarkTheme } from '../../../app/theme';
import { strategyLanguageService } from './language-service-client';
import { setProblems } from './problems';
import { editorExtensions, languageCompartment, languageExtensions, themeCompartment, type EditorDiagnostic } from './setup';
import { strategyPath } from './ts-environment';

export interface CodeEditorHandle {
  getCode(): string;
  /** Main's problems after a save or a check, replacing the ones shown. */
  setProblems(problems: readonly StrategyProblem[]): void;
  /** Puts the cursor at a line (and column) and focuses the editor. */
  goTo(line: number, column?: number): void;
  /** Replaces the whole text (the file changed on disk and the user chose to load it). */
  replaceCode(code: string): void;
}

/** Puts the cursor at a line (clamped to the text) and column, scrolls it into view, focuses the editor. */
function moveTo(editor: EditorView, line: number, column = 1): void {
  const target = editor.state.doc.line(Math.min(Math.max(1, line), editor.state.doc.lines));
  const pos = Math.min(target.from + Math.max(0, column - 1), target.to);
  editor.dispatch({ selection: EditorSelection.cursor(pos), effects: EditorView.scrollIntoView(pos, { y: 'center' }) });
  editor.focus();
}

type LanguageState = { readonly phase: 'loading' | 'ready' } | { readonly phase: 'failed'; readonly message: string };

/**
 * A strategy's code in CodeMirror 6. Uncontrolled: the text lives in the editor (the page reads
 * it on save through the handle); `initialCode` and `problems` are read when it mounts, so give it
 * a `key` per strategy.
 */
export function CodeEditor({
  ref,
  strategyId,
  initialCode,
  initialCursor,
  readOnly,
  problems,
  label,
  onChange,
  onSave,
  onDiagnostics,
}: {
  ref?: Ref<CodeEditorHandle>;
  strategyId: string;
  initialCode: string;
  /** Where the cursor starts (a line named by a failed run's message); the top otherwise. */
  initialCursor?: { readonly line: number; readonly column?: number };
  readOnly: boolean;
  problems: readonly StrategyProblem[];
  label: string;
  onChange?: (code: string) => void;
  onSave?: () => void;
  onDiagnostics?: (diagnostics: EditorDiagnostic[]) => void;
}) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const [language, setLanguage] = useState<LanguageState>({ phase: 'loading' });
  const dark = useDarkTheme();
  // The editor is built once; callbacks it holds read the latest props through this.
  const latest = useRef({ onChange, onSave, onDiagnostics });
  useEffect(() => {
    latest.current = { onChange, onSave, onDiagnostics };
  });
  const mount = useRef({ initialCode, initialCursor, problems, readOnly, label });

  useEffect(() => {
    const parent = host.current;
    if (!parent) return;
    const { initialCode: doc, initialCursor: cursor, problems: initialProblems, readOnly: ro, label: name } = mount.current;
    const editor = new EditorView({
      parent,
      doc,
      extensions: editorExtensions({
        readOnly: ro,
        label: name,
        problems: initialProblems,
        onSave: () => latest.current.onSave?.(),
        onChange: (update) => latest.current.onChange?.(update.state.doc.toString()),
        onDiagnostics: (list) => latest.current.onDiagnostics?.(list),
      }),
    });
    view.current = editor;
    if (cursor) moveTo(editor, cursor.line, cursor.column);
    let live = true;
    const path = strategyPath(strategyId);
    strategyLanguageService()
      .then(async (service) => {
        if (!live) return;
        await service.updateFile({ path, code: editor.state.doc.toString() });
        if (!live) return;
        editor.dispatch({ effects: languageCompartment.reconfigure(languageExtensions(service, path)) });
        setLanguage({ phase: 'ready' });
      })
      .catch((error: unknown) => live && setLanguage({ phase: 'failed', message: error instanceof Error ? error.message : String(error) }));
    return () => {
      live = false;
      editor.destroy();
      view.current = null;
    };
  }, [strategyId]);

  useEffect(() => {
    view.current?.dispatch({ effects: themeCompartment.reconfigure(EditorView.darkTheme.of(dark)) });
  }, [dark]);

  useImperativeHandle(
    ref,
    () => ({
      getCode: () => view.current?.state.doc.toString() ?? '',
      setProblems(next) {
        const editor = view.current;
        if (!editor) return;
        // The lint source relints on this effect (problemsReplaced); forcing it skips the delay.
        editor.dispatch({ effects: setProblems.of(next) });
        forceLinting(editor);
      },
      goTo(line, column) {
        if (view.current) moveTo(view.current, line, column);
      },
      replaceCode(code) {
        const editor = view.current;
        if (!editor) return;
        editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: code } });
      },
    }),
    [],
  );

  return (
    <div className="code-editor">
      <div ref={host} className="code-editor-host" data-testid="code-editor" />
      <p className="code-editor-status muted" aria-live="polite">
        {language.phase === 'loading' && 'Loading TypeScript checks and SDK completion…'}
        {language.phase === 'ready' && 'TypeScript checks as you type · Ctrl+Space completes · Escape then Tab leaves the editor'}
        {language.phase === 'failed' && `TypeScript checks are unavailable (${language.message}); saving still checks the strategy.`}
      </p>
    </div>
  );
}
