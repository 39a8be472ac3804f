import { lazy, Suspense, useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { RunDetail, RunSource } from '../../../src-shared/api/runs';
import type { StrategyFile } from '../../../src-shared/api/strategies';
import { errorMessage, useRunsApi } from './api';
import { codeNote, type CodeNote } from './code-note';

// CodeMirror loads when the Code view is first opened, not with the run page.
const CodeViewer = lazy(() => import('../strategies/editor/CodeViewer').then((m) => ({ default: m.CodeViewer })));

type Loaded = { readonly kind: 'user'; readonly source: RunSource } | { readonly kind: 'builtin'; readonly file: StrategyFile };

/**
 * The exact strategy code a run used: a user strategy's source as the run kept it (by its
 * provenance's source hash), whatever happened to the file since, with a note when the file now
 * differs; a built-in's source as this Barwise ships it, with a note when its version is not the
 * one the run recorded.
 */
export function RunCode({ run }: { run: RunDetail }) {
  const api = useRunsApi();
  const [loaded, setLoaded] = useState<Loaded>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    let live = true;
    (async (): Promise<Loaded> => {
      const source = await api.runs.source({ id: run.id });
      if (source) return { kind: 'user', source };
      return { kind: 'builtin', file: await api.strategies.get({ id: run.strategyId }) };
    })()
      .then((l) => live && setLoaded(l))
      .catch((e: unknown) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [api, run.id, run.strategyId]);

  if (error) return <p className="error" role="alert">Could not load the code of this run: {error}</p>;
  if (!loaded) return <p className="muted">Loading the code…</p>;
  const note: CodeNote =
    loaded.kind === 'user'
      ? codeNote({ kind: 'user', source: loaded.source })
      : codeNote({ kind: 'builtin', strategyId: run.strategyId, recordedVersion: run.provenance.strategyVersion, currentVersion: loaded.file.entry.version });
  const fileName = loaded.kind === 'user' ? loaded.source.fileName : loaded.file.entry.fileName;
  const code = loaded.kind === 'user' ? loaded.source.text : loaded.file.code;
  return (
    <div className="run-code" data-testid="run-code">
      <header className="run-code-header">
        <h3>
          <code>{fileName}</code>
        </h3>
        {loaded.kind === 'user' && (
          <span className="muted" title={loaded.source.recordedHash}>
            sha256 {loaded.source.recordedHash.slice(0, 12)}…
          </span>
        )}
      </header>
      <p className={`run-code-note ${note.changed ? 'warning' : 'muted'}`} data-testid="run-code-note" role={note.changed ? 'status' : undefined}>
        {note.text}{' '}
        {note.link && <Link to={`/strategies/${encodeURIComponent(run.strategyId)}`}>{note.link}</Link>}
      </p>
      <Suspense fallback={<p className="muted">Loading the code viewer…</p>}>
        <CodeViewer code={code} label={`Code of ${fileName} as this run used it`} />
      </Suspense>
    </div>
  );
}
