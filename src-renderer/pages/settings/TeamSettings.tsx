import { useCallback, useEffect, useState } from 'react';
import { SSL_MODES, type SslMode, type TeamSettingsView, type TeamStatus } from '../../../src-shared/api/team';
import { toErrorValue } from '../../../src-shared/errors';
import { useApi } from '../../app/store';

interface Draft {
  host: string;
  port: string;
  database: string;
  user: string;
  sslMode: SslMode;
  schema: string;
  password: string;
  connectionString: string;
}

const EMPTY: Draft = { host: '', port: '5432', database: '', user: '', sslMode: 'prefer', schema: 'barwise', password: '', connectionString: '' };

const when = (ms: number | null) => (ms === null ? 'never' : new Date(ms).toLocaleString());

const STATE_TEXT: Record<TeamStatus['state'], string> = {
  off: 'Off',
  paused: 'Paused',
  connecting: 'Connecting…',
  online: 'Online',
  offline: 'Offline — retrying',
  error: 'Needs attention',
};

/**
 * Settings › Team: the team PostgreSQL server (a connection string or fields), Test connection,
 * enable/pause, and the sync's state. The password is sent once and kept by main in the secret
 * store; this page only ever learns whether one is stored.
 */
export function TeamSettings() {
  const api = useApi();
  const [view, setView] = useState<TeamSettingsView>();
  const [status, setStatus] = useState<TeamStatus>();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [useString, setUseString] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean }>();
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(async () => {
    const [v, s] = await Promise.all([api.team.settings({}), api.team.status({})]);
    setView(v);
    setStatus(s);
    return v;
  }, [api]);

  useEffect(() => {
    Promise.all([api.team.settings({}), api.team.status({})]).then(
      ([v, s]) => {
        setView(v);
        setStatus(s);
        if (v.connection) setDraft({ ...EMPTY, ...v.connection, port: String(v.connection.port) });
      },
      (e: unknown) => setMessage({ text: toErrorValue(e).message, error: true }),
    );
    const timer = setInterval(() => void api.team.status({}).then(setStatus, () => undefined), 2_000);
    return () => clearInterval(timer);
  }, [api]);

  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const connectionInput = () =>
    useString
      ? { connectionString: draft.connectionString.trim() }
      : {
          connection: {
            host: draft.host.trim(),
            port: Number(draft.port),
            database: draft.database.trim(),
            user: draft.user.trim(),
            sslMode: draft.sslMode,
            schema: draft.schema.trim(),
          },
        };
  const run = async (work: () => Promise<string>) => {
    setBusy(true);
    try {
      setMessage({ text: await work(), error: false });
    } catch (e) {
      const { code, message: text } = toErrorValue(e);
      setMessage({ text: `${text} (${code})`, error: true });
    } finally {
      setBusy(false);
    }
  };

  const test = () =>
    run(async () => {
      const result = await api.team.testConnection({ ...connectionInput(), ...(draft.password ? { password: draft.password } : {}) });
      const schema = result.schemaVersion === null ? 'Barwise has not set it up yet (it will on first sync)' : `Barwise schema version ${result.schemaVersion}`;
      return `Connected: PostgreSQL ${result.serverVersion} in ${Math.round(result.latencyMs)} ms${result.tls ? ', encrypted' : ', not encrypted'}; ${schema}.`;
    });
  const save = (enabled: boolean) =>
    run(async () => {
      const next = await api.team.configure({ ...connectionInput(), ...(draft.password ? { password: draft.password } : {}), enabled });
      setView(next);
      set({ password: '', connectionString: '' });
      await refresh();
      return enabled ? 'Saved; syncing with the team server.' : 'Saved; team sync is off.';
    });
  const togglePause = () =>
    run(async () => {
      const next = status?.paused ? await api.team.resume({}) : await api.team.pause({});
      setStatus(next);
      return next.paused ? 'Paused: changes wait in the outbox.' : 'Resumed.';
    });
  const syncNow = () =>
    run(async () => {
      const next = await api.team.syncNow({});
      setStatus(next);
      return `Synced: ${next.outboxDepth} change(s) waiting.`;
    });

  const overridden = view?.overriddenBy;
  return (
    <section className="card" aria-label="Team">
      <h2>Team</h2>
      <p className="muted">
        Share runs with your team through one PostgreSQL server, and send backtests to headless <code>barwise worker</code>s. Barwise works fully
        offline without it.
      </p>
      {status && (
        <dl className="kv" data-testid="team-status">
          <dt>State</dt>
          <dd data-testid="team-state">{STATE_TEXT[status.state]}</dd>
          <dt>Server</dt>
          <dd>{status.server ?? 'none'}</dd>
          <dt>Waiting to send</dt>
          <dd data-testid="team-outbox">
            {status.outboxDepth} change{status.outboxDepth === 1 ? '' : 's'}
            {status.outboxDepth > 0 ? `, oldest ${Math.round(status.lagMs / 1000)} s ago` : ''}
          </dd>
          <dt>Last push / pull</dt>
          <dd>
            {when(status.lastPushAt)} / {when(status.lastPullAt)}
          </dd>
          {status.lastError && (
            <>
              <dt>Last error</dt>
              <dd role="alert" className="error" data-testid="team-error">
                {status.lastError.message} ({status.lastError.code})
                {status.nextRetryAt ? ` — next try ${new Date(status.nextRetryAt).toLocaleTimeString()}` : ''}
              </dd>
            </>
          )}
        </dl>
      )}
      {overridden ? (
        <p role="note">
          The connection comes from {overridden === 'environment' ? 'BARWISE_PG_URL' : 'BARWISE_PG_URL_FILE'}, which overrides these settings.
        </p>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save(true);
          }}
        >
          <label className="field">
            <input type="checkbox" checked={useString} onChange={(e) => setUseString(e.target.checked)} /> Paste a connection string instead
          </label>
          {useString ? (
            <label className="field">
              Connection string
              <input
                type="password"
                autoComplete="off"
                placeholder="postgres://user:password@host:5432/database?sslmode=require"
                value={draft.connectionString}
                onChange={(e) => set({ connectionString: e.target.value })}
                data-testid="team-connection-string"
              />
            </label>
          ) : (
            <div className="team-fields">
              <label className="field">
                Host
                <input value={draft.host} onChange={(e) => set({ host: e.target.value })} data-testid="team-host" />
              </label>
              <label className="field">
                Port
                <input type="number" min={1} max={65535} value={draft.port} onChange={(e) => set({ port: e.target.value })} data-testid="team-port" />
              </label>
              <label className="field">
                Database
                <input value={draft.database} onChange={(e) => set({ database: e.target.value })} data-testid="team-database" />
              </label>
              <label className="field">
                User
                <input value={draft.user} onChange={(e) => set({ user: e.target.value })} data-testid="team-user" />
              </label>
              <label className="field">
                Password
                <input
                  type="password"
                  autoComplete="new-password"
                  placeholder={view?.passwordStored ? 'stored (type to replace)' : ''}
                  value={draft.password}
                  onChange={(e) => set({ password: e.target.value })}
                  data-testid="team-password"
                />
              </label>
              <label className="field">
                SSL mode
                <select value={draft.sslMode} onChange={(e) => set({ sslMode: e.target.value as SslMode })}>
                  {SSL_MODES.map((mode) => (
                    <option key={mode} value={mode}>
                      {mode}
                    </option>
                  ))}
                </select>
              </label>
              <label className="field">
                Schema
                <input value={draft.schema} onChange={(e) => set({ schema: e.target.value })} />
              </label>
            </div>
          )}
          <p className="muted">The password is kept in {view?.secretStorage ?? '…'}; never in Barwise's database or logs.</p>
          <button type="button" disabled={busy} onClick={() => void test()} data-testid="team-test">
            Test connection
          </button>{' '}
          <button type="submit" disabled={busy} data-testid="team-enable">
            Save and sync
          </button>{' '}
          {view?.enabled && (
            <button type="button" disabled={busy} onClick={() => void save(false)}>
              Turn off
            </button>
          )}
        </form>
      )}
      {status && status.state !== 'off' && (
        <p>
          <button type="button" disabled={busy} onClick={() => void togglePause()} data-testid="team-pause">
            {status.paused ? 'Resume' : 'Pause'}
          </button>{' '}
          <button type="button" disabled={busy || status.paused} onClick={() => void syncNow()}>
            Sync now
          </button>
        </p>
      )}
      {message && (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : undefined} data-testid="team-message">
          {message.text}
        </p>
      )}
    </section>
  );
}
