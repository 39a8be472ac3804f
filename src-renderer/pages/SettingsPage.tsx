import { useCallback, useEffect, useState } from 'react';
import type { SystemInfo, WorkerPingResult } from '../../src-shared/api';
import { toErrorValue } from '../../src-shared/errors';
import { useApi, useApp, type ThemeChoice } from '../app/store';
import { PageHeader } from '../components/PageHeader';
import { ComputeSettings } from './ComputeSettings';
import { HealthPanel } from './settings/HealthPanel';
import { TeamSettings } from './settings/TeamSettings';

export function SettingsPage() {
  const api = useApi();
  const theme = useApp((s) => s.theme);
  const setTheme = useApp((s) => s.setTheme);
  const [info, setInfo] = useState<SystemInfo>();
  const [ping, setPing] = useState<WorkerPingResult>();
  const [error, setError] = useState<string>();

  const pingWorker = useCallback(() => {
    api.system.pingWorker({}).then(setPing, (e: unknown) => setError(toErrorValue(e).message));
  }, [api]);

  useEffect(() => {
    api.system.info({}).then(setInfo, (e: unknown) => setError(toErrorValue(e).message));
    pingWorker();
  }, [api, pingWorker]);

  return (
    <>
      <PageHeader title="Settings & Health" subtitle="How Barwise runs on this machine." />
      {error && <p role="alert" className="error">{error}</p>}
      <section className="card">
        <h2>Appearance</h2>
        <label className="field">
          Theme
          <select value={theme} onChange={(e) => setTheme(e.target.value as ThemeChoice)}>
            <option value="system">Follow the system</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </label>
      </section>
      <section className="card" aria-label="System information">
        <h2>System</h2>
        {info ? (
          <dl className="kv" data-testid="system-info">
            <dt>Version</dt>
            <dd data-testid="info-version">{info.version}</dd>
            <dt>Data directory</dt>
            <dd data-testid="info-data-dir">{info.dataDir}</dd>
            <dt>Schema version</dt>
            <dd data-testid="info-schema-version">{info.schemaVersion}</dd>
            <dt>SQLite</dt>
            <dd data-testid="info-sqlite-version">{info.sqliteVersion}</dd>
            <dt>Worker threads</dt>
            <dd data-testid="info-worker-count">{info.workerCount}</dd>
            <dt>Runtime</dt>
            <dd>
              Node {info.nodeVersion} ({info.platform})
            </dd>
          </dl>
        ) : (
          <p className="muted">Loading…</p>
        )}
      </section>
      <section className="card" aria-label="Worker">
        <h2>Compute worker</h2>
        {ping ? (
          <p data-testid="worker-ping">
            Worker thread <strong data-testid="worker-thread-id">{ping.threadId}</strong> answered in{' '}
            {ping.roundTripMs.toFixed(1)} ms · engine <span data-testid="worker-engine-version">{ping.engineVersion}</span>
          </p>
        ) : (
          <p className="muted">Pinging a worker…</p>
        )}
        <button type="button" onClick={pingWorker}>
          Ping again
        </button>
      </section>
      <ComputeSettings />
      <TeamSettings />
      <HealthPanel />
    </>
  );
}
