import { useEffect, useState } from 'react';
import type { CacheStats } from '../../../src-shared/api/datasets';
import type { PoolMetrics } from '../../../src-shared/api/jobs';
import { toErrorValue } from '../../../src-shared/errors';
import { useApi } from '../../app/store';
import { formatBytes, formatCount, formatLocal } from '../data/format';
import '../data/progress.css';
import './health.css';
import { TeamHealth } from './TeamHealth';

const REFRESH_MS = 1000;

/** Polls `read` every second while the page is visible (a hidden window does not poll). */
function usePolled<T>(read: () => Promise<T>): { value?: T; error?: string } {
  const [state, setState] = useState<{ value?: T; error?: string }>({});
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      if (document.visibilityState === 'visible') {
        try {
          const value = await read();
          if (live) setState({ value });
        } catch (e) {
          if (live) setState((s) => ({ ...s, error: toErrorValue(e).message }));
        }
      }
      if (live) timer = setTimeout(() => void tick(), REFRESH_MS);
    };
    void tick();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [read]);
  return state;
}

const ms = (v: number) => (Number.isFinite(v) ? `${v < 10 ? v.toFixed(1) : Math.round(v)} ms` : '—');

function PoolView({ metrics }: { metrics: PoolMetrics }) {
  const failures = Object.entries(metrics.failedByCode).sort((a, b) => b[1] - a[1]);
  return (
    <>
      <dl className="health-tiles" data-testid="pool-metrics">
        <div>
          <dt>Threads alive</dt>
          <dd data-testid="pool-alive">
            {metrics.alive} / {metrics.threads}
          </dd>
        </div>
        <div>
          <dt>Busy</dt>
          <dd data-testid="pool-busy">{metrics.busy}</dd>
        </div>
        <div>
          <dt>Idle</dt>
          <dd data-testid="pool-idle">{metrics.idle}</dd>
        </div>
        <div>
          <dt>Queued tasks</dt>
          <dd data-testid="pool-queue">{metrics.queueLength}</dd>
        </div>
        <div>
          <dt>Completed</dt>
          <dd data-testid="pool-completed">{formatCount(metrics.completed)}</dd>
        </div>
        <div>
          <dt>Recycled / replaced</dt>
          <dd>
            {metrics.recycled} / {metrics.replaced}
          </dd>
        </div>
        <div>
          <dt>Mean task</dt>
          <dd>{ms(metrics.meanTaskMs)}</dd>
        </div>
        <div>
          <dt>p95 task</dt>
          <dd>{ms(metrics.p95TaskMs)}</dd>
        </div>
      </dl>
      <h3>Failed tasks by code</h3>
      {failures.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul className="failures">
          {failures.map(([code, count]) => (
            <li key={code}>
              <span className="mono">{code}</span>: {formatCount(count)}
            </li>
          ))}
        </ul>
      )}
      <h3>Workers</h3>
      {metrics.workers.length === 0 ? (
        <p className="muted">No worker thread is running: threads start when work arrives.</p>
      ) : (
        <table className="health-table">
          <thead>
            <tr>
              <th scope="col">Thread</th>
              <th scope="col">State</th>
              <th scope="col" className="num">
                Tasks run
              </th>
              <th scope="col" className="num">
                Heap used
              </th>
            </tr>
          </thead>
          <tbody>
            {metrics.workers.map((w) => (
              <tr key={w.threadId}>
                <td className="mono">{w.threadId}</td>
                <td>
                  <span className={`worker-state ${w.state}`}>{w.state}</span>
                </td>
                <td className="num">{formatCount(w.tasksRun)}</td>
                <td className="num">{w.heapUsedBytes > 0 ? formatBytes(w.heapUsedBytes) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function CacheView({ stats, names }: { stats: CacheStats; names: ReadonlyMap<string, string> }) {
  const share = stats.limitBytes > 0 ? Math.min(1, stats.totalBytes / stats.limitBytes) : 0;
  return (
    <>
      <p data-testid="cache-usage">
        {formatBytes(stats.totalBytes)} of {formatBytes(stats.limitBytes)} ({Math.round(share * 100)}%) · {formatCount(stats.hits)} hits ·{' '}
        {formatCount(stats.misses)} misses · {formatCount(stats.evictions)} evictions
      </p>
      <div className="progress" role="meter" aria-label="Dataset cache use" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(share * 100)}>
        <div className="progress-fill" style={{ width: `${share * 100}%` }} />
      </div>
      {stats.entries.length === 0 ? (
        <p className="muted">Empty: datasets are loaded here when a chart or a backtest reads them.</p>
      ) : (
        <table className="health-table" data-testid="cache-entries">
          <thead>
            <tr>
              <th scope="col">Dataset</th>
              <th scope="col">Timeframe</th>
              <th scope="col" className="num">
                Bars
              </th>
              <th scope="col" className="num">
                Size
              </th>
              <th scope="col">Last used</th>
            </tr>
          </thead>
          <tbody>
            {stats.entries.map((e) => (
              <tr key={`${e.datasetId}:${e.timeframe}`}>
                <td title={e.datasetId}>{names.get(e.datasetId) ?? <span className="mono">{e.datasetId.slice(0, 8)}</span>}</td>
                <td>{e.timeframe}</td>
                <td className="num">{formatCount(e.bars)}</td>
                <td className="num">{formatBytes(e.bytes)}</td>
                <td className="muted">{formatLocal(e.lastUsedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** Settings › Health: the worker pool and the dataset cache, live (every second while visible). */
export function HealthPanel() {
  const api = useApi();
  const [readPool] = useState(() => () => api.jobs.poolMetrics({}));
  const [readCache] = useState(() => async () => {
    const [stats, datasets] = await Promise.all([api.datasets.cacheStats({}), api.datasets.list({})]);
    return { stats, names: new Map(datasets.map((d) => [d.id, d.name])) };
  });
  const pool = usePolled(readPool);
  const cache = usePolled(readCache);
  return (
    <>
      <TeamHealth />
      <section className="card health" aria-label="Worker pool health">
        <h2>Worker pool</h2>
        {pool.error && (
          <p role="alert" className="error">
            {pool.error}
          </p>
        )}
        {pool.value ? <PoolView metrics={pool.value} /> : !pool.error && <p className="muted">Reading the pool…</p>}
      </section>
      <section className="card health" aria-label="Dataset cache">
        <h2>Dataset cache</h2>
        {cache.error && (
          <p role="alert" className="error">
            {cache.error}
          </p>
        )}
        {cache.value ? <CacheView stats={cache.value.stats} names={cache.value.names} /> : !cache.error && <p className="muted">Reading the cache…</p>}
      </section>
    </>
  );
}
