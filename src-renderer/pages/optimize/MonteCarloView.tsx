import { formatCount, formatShare } from './format';
import { useMemo } from 'react';
import { Area, Bar, BarChart, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MonteCarloSummary } from '../../../src-shared/api/optimizations';
import type { Distribution } from '../../../src-shared/optimize/montecarlo';
import { compactNumber, formatNumber, formatPercent } from '../../components/charts/format';

const MARGIN = { top: 8, right: 16, bottom: 0, left: 8 };

/**
 * The fan chart: the equity percentile bands over the steps (2.5–97.5, 5–95, 25–75 shaded, the
 * median and the run itself as lines), then the percentiles table and the histograms.
 */
export function MonteCarloView({ summary }: { summary: MonteCarloSummary }) {
  const r = summary.result;
  const fan = useMemo(
    () =>
      r.fan.steps.map((step, i) => {
        const band = (k: number) => r.fan.bands[k][i];
        return {
          step,
          outer: [band(0), band(6)],
          middle: [band(1), band(5)],
          inner: [band(2), band(4)],
          median: band(3),
          original: r.fan.original[i],
        };
      }),
    [r],
  );
  const rows: readonly [string, Distribution | null, (x: number) => string][] = [
    ['Final equity', r.finalEquity, formatNumber],
    ['Max drawdown', r.maxDrawdownPct, formatPercent],
    ['CAGR', r.cagrPct, formatPercent],
  ];
  const stepLabel = r.method === 'blocks' ? 'Bar' : 'Trade';
  return (
    <>
      <section className="card" aria-label="Monte Carlo">
        <h2 id="fan-title">
          {formatCount(r.runs)} {r.method} simulations of {summary.runName}
        </h2>
        <p className="muted" data-testid="mc-threshold">
          Chance of a drawdown deeper than {formatShare(r.drawdownThresholdPct)}: <strong>{formatShare(r.probabilityDrawdownBeyondThreshold * 100)}</strong> (seed {r.seed})
        </p>
        <div className="rc-box" data-testid="fan-chart" role="img" aria-labelledby="fan-title">
          <ResponsiveContainer width="100%" height={300}>
            <ComposedChart data={fan} margin={MARGIN}>
              <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
              <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} stroke="var(--chart-axis)" label={{ value: stepLabel, position: 'insideBottomRight', offset: -2 }} />
              <YAxis width={64} domain={['auto', 'auto']} tickFormatter={compactNumber} stroke="var(--chart-axis)" />
              <Tooltip isAnimationActive={false} formatter={(v) => (Array.isArray(v) ? v.map((x) => formatNumber(Number(x))).join(' – ') : formatNumber(Number(v)))} />
              <Area dataKey="outer" stroke="none" fill="var(--chart-equity)" fillOpacity={0.12} isAnimationActive={false} name="2.5–97.5%" />
              <Area dataKey="middle" stroke="none" fill="var(--chart-equity)" fillOpacity={0.18} isAnimationActive={false} name="5–95%" />
              <Area dataKey="inner" stroke="none" fill="var(--chart-equity)" fillOpacity={0.3} isAnimationActive={false} name="25–75%" />
              <Line dataKey="median" stroke="var(--chart-equity)" dot={false} strokeWidth={1.5} isAnimationActive={false} name="Median" />
              <Line dataKey="original" stroke="var(--chart-benchmark)" dot={false} strokeWidth={1} isAnimationActive={false} name="The run" />
            </ComposedChart>
          </ResponsiveContainer>
        </div>
        <table data-testid="mc-percentiles">
          <thead>
            <tr>
              <th />
              {r.percentiles.map((p) => (
                <th key={p} className="num">
                  {p}%
                </th>
              ))}
              <th className="num">The run</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([label, d, f]) =>
              d === null ? null : (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  {d.percentiles.map((x, k) => (
                    <td key={k} className="num">
                      {Number.isFinite(x) ? f(x) : '—'}
                    </td>
                  ))}
                  <td className="num">{d.original === null ? '—' : f(d.original)}</td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      </section>
      <section className="card mc-histograms" aria-label="Histograms">
        {rows.map(([label, d]) => (d === null ? null : <Histogram key={label} label={label} d={d} />))}
      </section>
    </>
  );
}

function Histogram({ label, d }: { label: string; d: Distribution }) {
  const data = d.histogram.counts.map((count, k) => ({ from: d.histogram.edges[k], count }));
  return (
    <div>
      <h3>{label}</h3>
      <ResponsiveContainer width="100%" height={160}>
        <BarChart data={data} margin={MARGIN}>
          <XAxis dataKey="from" tickFormatter={compactNumber} stroke="var(--chart-axis)" />
          <YAxis width={40} stroke="var(--chart-axis)" />
          <Tooltip isAnimationActive={false} labelFormatter={(v) => `from ${formatNumber(Number(v))}`} />
          <Bar dataKey="count" fill="var(--chart-equity)" isAnimationActive={false} name="Simulations" />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
