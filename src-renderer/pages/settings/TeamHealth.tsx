import { useEffect, useState } from 'react';
import type { CheckStatus, HealthReport } from '../../../src-shared/api/health';
import { toErrorValue } from '../../../src-shared/errors';
import { useApi } from '../../app/store';

const REFRESH_MS = 2_000;

const CHECK_TEXT: Record<CheckStatus, string> = { ok: 'OK', degraded: 'Degraded', down: 'Down', not_configured: 'Not configured' };

/**
 * Settings › Health: what `/health` and `/metrics` report for this process (the same figures
 * Prometheus scrapes): each part's check, jobs by state, thread use, the sync outbox and lag, and
 * the team server's connection pool.
 */
export function TeamHealth() {
  const api = useApi();
  const [report, setReport] = useState<HealthReport>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let live = true;
    const read = () =>
      api.health.report({}).then(
        (r) => live && setReport(r),
        (e: unknown) => live && setError(toErrorValue(e).message),
      );
    void read();
    const timer = setInterval(() => document.visibilityState === 'visible' && void read(), REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [api]);
  if (error) return <p role="alert" className="error">{error}</p>;
  if (!report) return <p className="muted">Reading health…</p>;
  const f = report.figures;
  return (
    <section className="card health" aria-label="Service health" data-testid="service-health">
      <h2>
        Service health: <span data-testid="health-status">{report.status === 'ok' ? 'OK' : 'Degraded'}</span>
      </h2>
      <dl className="health-tiles">
        {(Object.entries(report.checks) as [string, HealthReport['checks']['sqlite']][]).map(([name, check]) => (
          <div key={name} title={check.detail}>
            <dt>{name === 'sqlite' ? 'SQLite' : name === 'pool' ? 'Thread pool' : 'Team server'}</dt>
            <dd data-testid={`health-${name}`}>{CHECK_TEXT[check.status]}</dd>
          </div>
        ))}
        <div>
          <dt>Jobs running / queued</dt>
          <dd>
            {f.jobs.running ?? 0} / {f.jobs.queued ?? 0}
          </dd>
        </div>
        <div>
          <dt>Thread use</dt>
          <dd>{f.threads > 0 ? Math.round((100 * f.busyThreads) / f.threads) : 0}%</dd>
        </div>
        <div>
          <dt>Sync outbox</dt>
          <dd data-testid="health-outbox">{f.outboxDepth}</dd>
        </div>
        <div>
          <dt>Sync lag</dt>
          <dd>{Math.round(f.syncLagMs / 1000)} s</dd>
        </div>
        <div>
          <dt>Team pool (total / idle / waiting)</dt>
          <dd data-testid="health-pg-pool">{f.pgPool ? `${f.pgPool.total} / ${f.pgPool.idle} / ${f.pgPool.waiting} of ${f.pgPool.max}` : '—'}</dd>
        </div>
      </dl>
    </section>
  );
}
