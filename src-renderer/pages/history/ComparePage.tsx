import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { RunDetail, RunSeries } from '../../../src-shared/api/runs';
import { STAT_DEFINITIONS, type StatKey } from '../../../src-shared/backtest';
import { PageHeader } from '../../components/PageHeader';
import { compactNumber, formatPercent, formatStat } from '../../components/charts/format';
import { timeTicks } from '../../components/charts/time-axis';
import { errorMessage, useRunsApi } from '../backtests/api';
import { BETTER } from '../backtests/StatsView';

const COLORS = ['var(--chart-series-1)', 'var(--chart-series-2)', 'var(--chart-series-3)', 'var(--chart-series-4)'];
const COMPARE_POINTS = 1000;
const SYNC_ID = 'barwise-compare';

interface Loaded {
  readonly run: RunDetail;
  readonly series: RunSeries;
}

/** Index of the best value among runs (ties: all of them), or none when the statistic has no direction. */
export function bestIndexes(values: readonly (number | null)[], better: 'higher' | 'lower' | undefined): Set<number> {
  const out = new Set<number>();
  if (!better) return out;
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (finite.length < 2) return out;
  const best = better === 'higher' ? Math.max(...finite) : Math.min(...finite);
  values.forEach((v, i) => v === best && out.add(i));
  return out.size === values.length ? new Set() : out;
}

/** 2–4 runs: equity (as return on initial cash) and drawdown overlaid, statistics side by side. */
export function ComparePage() {
  const api = useRunsApi();
  const [params] = useSearchParams();
  const ids = useMemo(() => (params.get('ids') ?? '').split(',').filter(Boolean).slice(0, 4), [params]);
  const [loaded, setLoaded] = useState<readonly Loaded[]>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    let live = true;
    Promise.all(ids.map(async (id) => ({ run: await api.runs.get({ id }), series: await api.runs.series({ id, maxPoints: COMPARE_POINTS }) })))
      .then((l) => live && setLoaded(l))
      .catch((e: unknown) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [api, ids]);

  const curves = useMemo(
    () =>
      loaded?.map(({ run, series }) =>
        series.time.map((time, i) => ({ time, ret: (series.equity[i] / run.config.cash - 1) * 100, dd: -series.drawdownPct[i] })),
      ),
    [loaded],
  );
  const domain = useMemo<[number, number]>(() => {
    const all = curves?.flatMap((c) => (c.length ? [c[0].time, c.at(-1)!.time] : [])) ?? [];
    return all.length ? [Math.min(...all), Math.max(...all)] : [0, 1];
  }, [curves]);

  const header = <PageHeader title="Compare runs" subtitle="Equity and drawdown overlaid; the best value of each statistic is highlighted." actions={<Link className="button-link" to="/history">Back to History</Link>} />;
  if (ids.length < 2) {
    return (
      <>
        {header}
        <p>
          Pick 2 to 4 runs in <Link to="/history">History</Link> to compare them.
        </p>
      </>
    );
  }
  if (error) {
    return (
      <>
        {header}
        <p className="error" role="alert">
          Could not load the runs: {error}
        </p>
      </>
    );
  }
  if (!loaded || !curves) {
    return (
      <>
        {header}
        <p className="muted">Loading…</p>
      </>
    );
  }
  const axis = timeTicks(domain[0], domain[1]);
  return (
    <>
      {header}
      <div className="compare" data-testid="compare-view">
        <div className="chart-legend compare-legend">
          {loaded.map(({ run }, i) => (
            <span key={run.id}>
              <span className="swatch" style={{ background: COLORS[i] }} />
              <Link to={`/backtests/run/${run.id}`}>{run.name}</Link>
            </span>
          ))}
        </div>
        <section className="card chart-panel" aria-label="Equity and drawdown overlaid">
          <h3 id="cmp-equity">Return on initial cash (%)</h3>
          <div className="rc-box" role="img" aria-labelledby="cmp-equity" data-testid="compare-equity">
            <ResponsiveContainer width="100%" height={260}>
              <LineChart syncId={SYNC_ID} syncMethod="value" margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
                <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
                <XAxis dataKey="time" type="number" domain={domain} allowDataOverflow ticks={axis.ticks} tickFormatter={axis.format} hide />
                <YAxis width={64} tickFormatter={(v: number) => `${compactNumber(v)}%`} stroke="var(--chart-axis)" />
                <Tooltip content={<CompareTooltip names={loaded.map((l) => l.run.name)} />} isAnimationActive={false} />
                {curves.map((data, i) => (
                  <Line key={loaded[i].run.id} data={data} dataKey="ret" name={loaded[i].run.name} stroke={COLORS[i]} dot={false} strokeWidth={1.5} isAnimationActive={false} />
                ))}
              </LineChart>
            </ResponsiveContainer>
          </div>
          <h3 id="cmp-dd">Drawdown (%)</h3>
          <div className="rc-box" role="img" aria-labelledby="cmp-dd" data-testid="compare-drawdown">
            <ResponsiveContainer width="100%" height={150}>
              <LineChart syncId={SYNC_ID} syncMethod="value" margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
                <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
                <XAxis dataKey="time" type="number" domain={domain} allowDataOverflow ticks={axis.ticks} tickFormatter={axis.format} stroke="var(--chart-axis)" minTickGap={48} />
                <YAxis width={64} tickFormatter={(v: number) => `${compactNumber(v)}%`} stroke="var(--chart-axis)" />
                {curves.map((data, i) => (
                  <Line key={loaded[i].run.id} data={data} dataKey="dd" name={loaded[i].run.name} stroke={COLORS[i]} dot={false} strokeWidth={1.2} isAnimationActive={false} />
                ))}
              </LineChart>
            </ResponsiveContainer>
          </div>
        </section>
        <section className="card" aria-label="Statistics side by side">
          <div className="bt-scroll">
            <table className="compare-table" data-testid="compare-table">
              <thead>
                <tr>
                  <th scope="col">Statistic</th>
                  {loaded.map(({ run }, i) => (
                    <th scope="col" key={run.id} className="num">
                      <span className="swatch" style={{ background: COLORS[i] }} /> {run.name}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {STAT_DEFINITIONS.map((def) => {
                  const values = loaded.map(({ run }) => run.stats[def.key as StatKey]);
                  const best = bestIndexes(values, BETTER[def.key]);
                  return (
                    <tr key={def.key}>
                      <th scope="row" title={def.definition}>
                        {def.label}
                      </th>
                      {values.map((v, i) => (
                        <td key={loaded[i].run.id} className={best.has(i) ? 'num best' : 'num'} data-best={best.has(i) || undefined}>
                          {formatStat(def, v)}
                          {best.has(i) && <span className="visually-hidden"> (best)</span>}
                        </td>
                      ))}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
      </div>
    </>
  );
}

function CompareTooltip({ active, payload, names }: { active?: boolean; payload?: ReadonlyArray<{ value?: number; color?: string; name?: string }>; names: readonly string[] }) {
  if (!active || !payload?.length) return null;
  return (
    <div className="rc-tooltip">
      {payload.map((p, i) => (
        <div className="row" key={p.name ?? names[i]}>
          <span style={{ color: p.color }}>{p.name}</span>
          <span>{typeof p.value === 'number' ? formatPercent(p.value) : '—'}</span>
        </div>
      ))}
    </div>
  );
}
