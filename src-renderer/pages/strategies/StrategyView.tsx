import { lazy, Suspense, useCallback, useEffect, useEffectEvent, useRef, useState } from 'react';
import { Link, useBlocker, useNavigate, useSearchParams } from 'react-router';
import type { StrategyEntry, StrategyFile, StrategyProblem } from '../../../src-shared/api/strategies';
import { onBarwiseEvent } from '../../app/store';
import { PageHeader } from '../../components/PageHeader';
import { errorMessage } from '../backtests/api';
import { useStrategiesApi } from './api';
import { DeleteDialog } from './DeleteDialog';
import { Dialog } from './Dialog';
import type { CodeEditorHandle } from './editor/CodeEditor';
import type { EditorDiagnostic } from './editor/setup';
import { NewStrategyDialog } from './NewStrategyDialog';
import { RenameDialog } from './RenameDialog';
import { allProblems, lookAheadStatus, problemMessage, savedStatus, type Tone } from './status';
import { backtestLink } from './StrategyList';
import { useStrategies } from './useStrategies';

// CodeMirror and its TypeScript support load with the first strategy opened, not with the app.
const CodeEditor = lazy(() => import('./editor/CodeEditor').then((m) => ({ default: m.CodeEditor })));

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const SAVE_KEY = isMac ? '⌘S' : 'Ctrl+S';

type OpenDialog = 'rename' | 'delete' | 'duplicate';

/** /strategies/:id — one strategy's code: edited (the user's) or read (a built-in), with its problems. */
export function StrategyView({ id }: { id: string }) {
  const [search] = useSearchParams();
  const api = useStrategiesApi();
  const navigate = useNavigate();
  const { strategies, reload: reloadList } = useStrategies();
  const editor = useRef<CodeEditorHandle>(null);
  const [file, setFile] = useState<StrategyFile>();
  const [loadError, setLoadError] = useState<string>();
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const [status, setStatus] = useState<{ text: string; tone: Tone }>();
  const [diagnostics, setDiagnostics] = useState<readonly EditorDiagnostic[]>([]);
  const [dialog, setDialog] = useState<OpenDialog>();
  const savedCode = useRef('');
  const savingNow = useRef(false);
  // The file as changed on disk while the editor held unsaved changes: the user chooses.
  const [onDisk, setOnDisk] = useState<StrategyFile>();
  // Set just before a navigation the page itself makes after deleting or renaming the file.
  const leaving = useRef(false);

  useEffect(() => {
    let live = true;
    api
      .get({ id })
      .then((loaded) => {
        if (!live) return;
        savedCode.current = loaded.code;
        setFile(loaded);
      })
      .catch((e: unknown) => live && setLoadError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [api, id]);

  // ?line=14 (from a failed run's message): the editor opens with the cursor there.
  const line = Number(search.get('line'));
  const cursor = Number.isInteger(line) && line > 0 ? { line, column: Number(search.get('column')) || 1 } : undefined;

  const readOnly = file?.entry.origin !== 'user';

  const save = useCallback(async (): Promise<boolean> => {
    if (readOnly || saving || !editor.current) return false;
    const code = editor.current.getCode();
    savingNow.current = true;
    setSaving(true);
    setStatus({ text: 'Saving and checking…', tone: 'neutral' });
    try {
      const saved = await api.save({ id, code });
      savedCode.current = code;
      setFile({ entry: saved.entry, code });
      setDirty(editor.current?.getCode() !== code);
      editor.current?.setProblems(allProblems(saved.entry));
      setStatus(savedStatus(saved.entry));
      reloadList();
      return true;
    } catch (e) {
      setStatus({ text: `Not saved: ${errorMessage(e)}`, tone: 'bad' });
      return false;
    } finally {
      savingNow.current = false;
      setSaving(false);
    }
  }, [api, id, readOnly, saving, reloadList]);

  /**
   * Main says the file changed: edited in another editor, or its look-ahead check finished. The
   * entry is taken as it is; the text is loaded into the editor unless the user has unsaved
   * changes, in which case they choose.
   */
  const refresh = useCallback(async () => {
    let loaded: StrategyFile;
    try {
      loaded = await api.get({ id });
    } catch (e) {
      setStatus({ text: `This file is no longer in your strategies folder (${errorMessage(e)}). Save to write it again.`, tone: 'bad' });
      return;
    }
    const current = editor.current?.getCode();
    const changedOnDisk = loaded.code !== savedCode.current && loaded.code !== current;
    if (changedOnDisk && current !== undefined && current !== savedCode.current) {
      setOnDisk(loaded);
      return;
    }
    savedCode.current = loaded.code;
    if (changedOnDisk) {
      editor.current?.replaceCode(loaded.code);
      setStatus({ text: `Reloaded: ${loaded.entry.fileName} changed on disk.`, tone: 'neutral' });
    }
    setDirty((editor.current?.getCode() ?? loaded.code) !== loaded.code);
    setFile(loaded);
    editor.current?.setProblems(allProblems(loaded.entry));
  }, [api, id]);

  useEffect(
    () =>
      onBarwiseEvent((event) => {
        // A save of ours announces itself too; its answer brings the same news.
        if (event.topic === 'strategies' && event.ids.includes(id) && !savingNow.current) void refresh();
      }),
    [id, refresh],
  );

  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && !leaving.current && currentLocation.pathname !== nextLocation.pathname);
  // Closing or reloading the window or tab: the browser asks, and in the desktop app Electron's
  // main process asks the same (src-main/electron/unload-prompt.ts).
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    addEventListener('beforeunload', onBeforeUnload);
    return () => removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);

  // Ctrl/Cmd+S anywhere on the page saves (the editor handles it first when it has the focus).
  const saveNow = useEffectEvent(() => void save());
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || !(event.ctrlKey || event.metaKey) || event.key.toLowerCase() !== 's') return;
      event.preventDefault();
      saveNow();
    };
    addEventListener('keydown', onKeyDown);
    return () => removeEventListener('keydown', onKeyDown);
  }, []);

  if (loadError) {
    return (
      <>
        <PageHeader title="Strategy" />
        <p className="error" role="alert">
          This strategy could not be opened: {loadError}. <Link to="/strategies">Back to the strategies</Link>
        </p>
      </>
    );
  }
  if (!file) return <p className="muted">Loading…</p>;

  const { entry } = file;
  const lookAhead = lookAheadStatus(entry);
  const unplaced = allProblems(entry).filter((p) => p.line === undefined);
  const leaveTo = (path: string) => {
    leaving.current = true;
    navigate(path);
  };

  return (
    <div className="strategy-view">
      <PageHeader
        title={entry.name}
        subtitle={`${entry.fileName} · ${entry.origin === 'builtin' ? 'Built-in, read-only' : 'Yours'}`}
        actions={
          <>
            <Link to="/strategies" className="button-link">
              All strategies
            </Link>
            {readOnly ? (
              <button type="button" className="primary" onClick={() => setDialog('duplicate')}>
                Duplicate to edit
              </button>
            ) : (
              <>
                <button type="button" className="primary" onClick={() => void save()} disabled={saving} aria-keyshortcuts={isMac ? 'Meta+S' : 'Control+S'}>
                  {saving ? 'Saving…' : `Save (${SAVE_KEY})`}
                </button>
                <button type="button" onClick={() => setDialog('rename')} disabled={dirty} title={dirty ? 'Save or undo your changes first' : undefined}>
                  Rename
                </button>
                <button type="button" onClick={() => setDialog('delete')}>
                  Delete
                </button>
              </>
            )}
            <button type="button" onClick={() => navigate(backtestLink(entry.id))} disabled={!entry.runnable} title={entry.runnable ? undefined : 'Fix its problems first'}>
              Run backtest
            </button>
          </>
        }
      />

      {readOnly && (
        <p className="notice">
          Built-in strategies are read-only. <strong>Duplicate to edit</strong> copies this one into your strategies folder, where you can
          change it.
        </p>
      )}
      {onDisk && (
        <div className="notice" role="alert">
          {onDisk.entry.fileName} changed on disk while you were editing it.{' '}
          <button
            type="button"
            onClick={() => {
              savedCode.current = onDisk.code;
              editor.current?.replaceCode(onDisk.code);
              editor.current?.setProblems(allProblems(onDisk.entry));
              setFile(onDisk);
              setDirty(false);
              setOnDisk(undefined);
            }}
          >
            Load it (discard my changes)
          </button>{' '}
          <button type="button" onClick={() => setOnDisk(undefined)}>
            Keep mine
          </button>
        </div>
      )}
      <div className="strategy-status" role="status" data-testid="strategy-status">
        {dirty && <span className="tone-neutral">Unsaved changes</span>}
        {status && <span className={`tone-${status.tone}`}>{status.text}</span>}
      </div>

      <div className="strategy-layout">
        <Suspense fallback={<p className="muted">Loading the editor…</p>}>
          <CodeEditor
            ref={editor}
            strategyId={entry.id}
            initialCode={file.code}
            initialCursor={cursor}
            readOnly={readOnly}
            problems={allProblems(entry)}
            label={`Code of ${entry.name}${readOnly ? ' (read-only)' : ''}`}
            onChange={(code) => setDirty(code !== savedCode.current)}
            onSave={() => void save()}
            onDiagnostics={setDiagnostics}
          />
        </Suspense>
        <aside className="strategy-side" aria-label="About this strategy">
          <ProblemList diagnostics={diagnostics} unplaced={unplaced} onGoTo={(d) => editor.current?.goTo(d.line, d.column)} />
          <section className="card" aria-labelledby="strategy-lookahead">
            <h2 id="strategy-lookahead">Look-ahead check</h2>
            <p className={`tone-${lookAhead.tone}`} data-testid="look-ahead-status">
              {lookAhead.text}
            </p>
            <p className="muted small">
              Run on every save: bars after each bar are rewritten, and no decision up to it may change.
            </p>
          </section>
          <Parameters entry={entry} />
        </aside>
      </div>

      {dialog === 'duplicate' && strategies && (
        <NewStrategyDialog strategies={strategies} from={entry} onCancel={() => setDialog(undefined)} onCreated={(to) => leaveTo(`/strategies/${encodeURIComponent(to)}`)} />
      )}
      {dialog === 'rename' && strategies && (
        <RenameDialog
          strategy={entry}
          strategies={strategies}
          onCancel={() => setDialog(undefined)}
          onRenamed={(renamed) => leaveTo(`/strategies/${encodeURIComponent(renamed.id)}`)}
        />
      )}
      {dialog === 'delete' && <DeleteDialog strategy={entry} onCancel={() => setDialog(undefined)} onDeleted={() => leaveTo('/strategies')} />}
      {blocker.state === 'blocked' && (
        <Dialog
          title="Unsaved changes"
          submitLabel="Save and leave"
          cancelLabel="Stay"
          busy={saving}
          secondary={{ label: 'Discard changes', onClick: () => blocker.proceed() }}
          onCancel={() => blocker.reset()}
          onSubmit={() => void save().then((ok) => (ok ? blocker.proceed() : blocker.reset()))}
        >
          <p>{entry.fileName} has changes that are not saved.</p>
        </Dialog>
      )}
    </div>
  );
}

/** Every problem, TypeScript's and main's; a click (or Enter) puts the cursor on it. */
function ProblemList({
  diagnostics,
  unplaced,
  onGoTo,
}: {
  diagnostics: readonly EditorDiagnostic[];
  unplaced: readonly StrategyProblem[];
  onGoTo: (d: EditorDiagnostic) => void;
}) {
  const count = diagnostics.length + unplaced.length;
  return (
    <section className="card" aria-labelledby="strategy-problems">
      <h2 id="strategy-problems">Problems{count > 0 ? ` (${count})` : ''}</h2>
      {count === 0 ? (
        <p className="muted">None found.</p>
      ) : (
        <ul className="problem-list" data-testid="problem-list">
          {unplaced.map((p) => (
            <li key={`unplaced-${p.kind}-${p.message}`} className="problem severity-error">
              {problemMessage(p)}
            </li>
          ))}
          {diagnostics.map((d) => (
            <li key={`${d.source}-${d.line}-${d.column}-${d.message}`} className={`problem severity-${d.severity}`}>
              <button type="button" className="link-button" onClick={() => onGoTo(d)}>
                Line {d.line}
              </button>{' '}
              {d.message} <span className="muted">({d.source})</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The parameters the file declares, as the backtest form and sweeps will offer them. */
function Parameters({ entry }: { entry: StrategyEntry }) {
  return (
    <section className="card" aria-labelledby="strategy-params">
      <h2 id="strategy-params">Parameters</h2>
      {entry.params.length === 0 ? (
        <p className="muted">{entry.runnable ? 'None declared.' : 'Known once the strategy loads.'}</p>
      ) : (
        <table className="param-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Default</th>
              <th scope="col">Range</th>
            </tr>
          </thead>
          <tbody>
            {entry.params.map((p) => (
              <tr key={p.name}>
                <th scope="row" title={p.description || undefined}>
                  {p.label}
                </th>
                <td>{p.type}</td>
                <td className="mono">{String(p.default)}</td>
                <td className="mono">
                  {p.type === 'enum' ? p.options?.join(', ') : p.min !== undefined || p.max !== undefined ? `${p.min ?? '…'} – ${p.max ?? '…'}` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
