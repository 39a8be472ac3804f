import { Compartment } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { useEffect, useRef } from 'react';
import { useDarkTheme } from '../../../app/theme';
import { viewerExtensions } from './setup';

/** Read-only code with the strategy editor's highlighting (setup.ts, viewerExtensions). */
export function CodeViewer({ code, label }: { code: string; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const theme = useRef(new Compartment());
  const dark = useDarkTheme();
  // Read when the view is built; later changes reconfigure it.
  const darkNow = useRef(dark);
  useEffect(() => {
    darkNow.current = dark;
  });

  useEffect(() => {
    const parent = host.current;
    if (!parent) return;
    const editor = new EditorView({ parent, doc: code, extensions: [...viewerExtensions(label), theme.current.of(EditorView.darkTheme.of(darkNow.current))] });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
  }, [code, label]);

  useEffect(() => {
    view.current?.dispatch({ effects: theme.current.reconfigure(EditorView.darkTheme.of(dark)) });
  }, [dark]);

  return <div ref={host} className="code-viewer" data-testid="code-viewer" />;
}
