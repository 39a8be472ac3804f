import { useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { WalkForwardSummary } from '../../../src-shared/api/optimizations';
import { compactNumber, formatDate, formatNumber, formatPercent } from '../../components/charts/format';
import { timeTicks } from '../../components/charts/time-axis';
import { HeadlineCards, StatsTable } from '../backtests/StatsView';

const fmt = (x: number | null) => (x === null ? '—' : formatNumber(x));

/** Per-window table, the stitched out-of-sample curve with its full statistics, and the walk-forward efficiency. */
export function WalkForwardView({ summary }: { summary: WalkForwardSummary }) {
  const data = useMemo(() => summary.stitched.time.map((time, i) => ({ time, equity: summary.stitched.equity[i] })), [summary]);
  const lo = data[0]?.time ?? 0;
  const hi = data.at(-1)?.time ?? 1;
  const axis = useMemo(() => timeTicks(lo, hi), [lo, hi]);
  return (
    <>
      <section className="card" aria-label="Walk-forward windows">
        <h2>Windows</h2>
        <p className="muted" data-testid="wfe">
          Walk-forward efficiency (annualized out-of-sample return ÷ annualized in-sample return): <strong>{fmt(summary.efficiency)}</strong>
        </p>
        <div className="table-scroll">
          <table data-testid="windows-table">
            <thead>
              <tr>
                <th>#</th>
                <th>In-sample</th>
                <th>Out-of-sample</th>
                <th>Best parameters</th>
                <th className="num">IS objective</th>
                <th className="num">OOS objective</th>
                <th className="num">OOS return</th>
                <th className="num">OOS trades</th>
                <th className="num">Efficiency</th>
              </tr>
            </thead>
            <tbody>
              {summary.windows.map((w) => (
                <tr key={w.index}>
                  <td className="num">{w.index + 1}</td>
                  <td>
                    {formatDate(w.isFrom)} – {formatDate(w.isTo)}
                  </td>
                  <td>
                    {formatDate(w.oosFrom)} – {formatDate(w.oosTo)}
                  </td>
                  <td>
                    {w.bestParams
                      ? Object.entries(w.bestParams)
                          .map(([k, v]) => `${k}=${String(v)}`)
                          .join(' ')
                      : 'none (out of the market)'}
                  </td>
                  <td className="num">{fmt(w.isObjective)}</td>
                  <td className="num">{fmt(w.oosObjective)}</td>
                  <td className="num">{w.oosReturnPct === null ? '—' : formatPercent(w.oosReturnPct)}</td>
                  <td className="num">{w.oosTrades}</td>
                  <td className="num">{fmt(w.efficiency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card" aria-label="Stitched out-of-sample equity">
        <h2 id="stitched-title">Out-of-sample equity, stitched</h2>
        <HeadlineCards stats={summary.stitched.stats} />
        <div className="rc-box" data-testid="stitched-chart" role="img" aria-labelledby="stitched-title">
          <ResponsiveContainer width="100%" height={260}>
            <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
              <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
              <XAxis dataKey="time" type="number" domain={[lo, hi]} ticks={axis.ticks} tickFormatter={axis.format} stroke="var(--chart-axis)" minTickGap={48} />
              <YAxis width={64} domain={['auto', 'auto']} tickFormatter={compactNumber} stroke="var(--chart-axis)" />
              <Tooltip isAnimationActive={false} labelFormatter={(t) => formatDate(Number(t))} formatter={(v) => formatNumber(Number(v))} />
              <Line dataKey="equity" stroke="var(--chart-equity)" dot={false} strokeWidth={1.5} isAnimationActive={false} name="Equity" />
            </LineChart>
          </ResponsiveContainer>
        </div>
        <StatsTable stats={summary.stitched.stats} />
      </section>
    </>
  );
}
