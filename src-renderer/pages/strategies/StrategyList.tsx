import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { StrategyEntry } from '../../../src-shared/api/strategies';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { DeleteDialog } from './DeleteDialog';
import { NewStrategyDialog } from './NewStrategyDialog';
import { RenameDialog } from './RenameDialog';
import { lookAheadStatus, paramsSummary, problemsStatus } from './status';
import { useStrategies } from './useStrategies';

type Dialog =
  | { readonly kind: 'new' }
  | { readonly kind: 'duplicate'; readonly strategy: StrategyEntry }
  | { readonly kind: 'rename'; readonly strategy: StrategyEntry }
  | { readonly kind: 'delete'; readonly strategy: StrategyEntry };

export const backtestLink = (id: string) => `/backtests?strategy=${encodeURIComponent(id)}`;

/** /strategies: the built-ins and the user's files, what each declares, what is wrong with it. */
export function StrategyList() {
  const navigate = useNavigate();
  const { strategies, error, reload } = useStrategies();
  const [dialog, setDialog] = useState<Dialog>();
  const [notice, setNotice] = useState<string>();

  const header = (
    <PageHeader
      title="Strategies"
      subtitle="Built-in strategies and your own, written in TypeScript against the Barwise SDK."
      actions={
        <button type="button" className="primary" onClick={() => setDialog({ kind: 'new' })} disabled={!strategies}>
          New strategy…
        </button>
      }
    />
  );
  if (error) {
    return (
      <>
        {header}
        <p className="error" role="alert">
          The strategies could not be read: {error}{' '}
          <button type="button" onClick={reload}>
            Try again
          </button>
        </p>
      </>
    );
  }
  if (!strategies) {
    return (
      <>
        {header}
        <p className="muted">Loading…</p>
      </>
    );
  }

  const mine = strategies.filter((s) => s.origin === 'user');
  const close = () => setDialog(undefined);
  return (
    <>
      {header}
      <div role="status">{notice && <p className="notice">{notice}</p>}</div>
      {mine.length === 0 && (
        <EmptyState title="Write your own strategy">
          <p>
            Start from a template with <strong>New strategy…</strong>, or open a built-in and choose <strong>Duplicate to edit</strong>. Your
            strategies are files in the <code>strategies</code> folder of your data folder: any editor works on them too.
          </p>
        </EmptyState>
      )}
      <div className="card flush table-scroll">
        <table className="strategy-table" aria-label="Strategies">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Origin</th>
              <th scope="col">Parameters</th>
              <th scope="col">Problems</th>
              <th scope="col">Look-ahead check</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {strategies.map((s) => {
              const problems = problemsStatus(s);
              const lookAhead = lookAheadStatus(s);
              return (
                <tr key={s.id} data-testid={`strategy-row-${s.id}`}>
                  <th scope="row">
                    <Link to={`/strategies/${encodeURIComponent(s.id)}`}>{s.name}</Link>
                    <div className="muted mono">{s.fileName}</div>
                  </th>
                  <td>{s.origin === 'builtin' ? 'Built-in' : 'Yours'}</td>
                  <td className="mono">{paramsSummary(s) || <span className="muted">none</span>}</td>
                  <td className={`tone-${problems.tone}`}>{problems.text}</td>
                  <td className={`tone-${lookAhead.tone}`}>{lookAhead.text}</td>
                  <td>
                    <div className="row-actions nowrap-actions">
                      <button type="button" onClick={() => navigate(backtestLink(s.id))} disabled={!s.runnable} aria-label={`Run a backtest with ${s.name}`}>
                        Run backtest
                      </button>
                      {s.origin === 'builtin' ? (
                        <button type="button" onClick={() => setDialog({ kind: 'duplicate', strategy: s })} aria-label={`Duplicate ${s.name} to edit`}>
                          Duplicate to edit
                        </button>
                      ) : (
                        <>
                          <button type="button" onClick={() => setDialog({ kind: 'rename', strategy: s })} aria-label={`Rename ${s.name}`}>
                            Rename
                          </button>
                          <button type="button" onClick={() => setDialog({ kind: 'delete', strategy: s })} aria-label={`Delete ${s.name}`}>
                            Delete
                          </button>
                        </>
                      )}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      {(dialog?.kind === 'new' || dialog?.kind === 'duplicate') && (
        <NewStrategyDialog
          strategies={strategies}
          from={dialog.kind === 'duplicate' ? dialog.strategy : undefined}
          onCancel={close}
          onCreated={(id) => navigate(`/strategies/${encodeURIComponent(id)}`)}
        />
      )}
      {dialog?.kind === 'rename' && (
        <RenameDialog
          strategy={dialog.strategy}
          strategies={strategies}
          onCancel={close}
          onRenamed={(entry) => {
            close();
            setNotice(`Renamed to ${entry.fileName}.`);
            reload();
          }}
        />
      )}
      {dialog?.kind === 'delete' && (
        <DeleteDialog
          strategy={dialog.strategy}
          onCancel={close}
          onDeleted={() => {
            close();
            setNotice(`Deleted ${dialog.strategy.fileName}. Runs made with it keep their results.`);
            reload();
          }}
        />
      )}
    </>
  );
}
