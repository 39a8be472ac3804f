import { memo, useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Trade } from '../../../src-shared/backtest';
import { ChartTooltipBox } from '../../components/charts/ChartTooltip';
import { formatNumber, formatPercent } from '../../components/charts/format';

interface Bin {
  readonly mid: number;
  readonly lo: number;
  readonly hi: number;
  readonly count: number;
}

/** Equal-width bins over the trades' returns: about √n of them, between 8 and 60. */
export function histogram(returns: readonly number[]): { bins: Bin[]; mean: number; width: number } {
  if (returns.length === 0) return { bins: [], mean: 0, width: 1 };
  let lo = Infinity;
  let hi = -Infinity;
  let sum = 0;
  for (const r of returns) {
    if (r < lo) lo = r;
    if (r > hi) hi = r;
    sum += r;
  }
  const count = Math.max(8, Math.min(60, Math.round(Math.sqrt(returns.length))));
  const width = hi > lo ? (hi - lo) / count : 1;
  const counts = new Array<number>(count).fill(0);
  for (const r of returns) counts[Math.min(count - 1, Math.floor((r - lo) / width))] += 1;
  const bins = counts.map((c, i) => ({ lo: lo + i * width, hi: lo + (i + 1) * width, mid: lo + (i + 0.5) * width, count: c }));
  return { bins, mean: sum / returns.length, width };
}

/** Distribution of trade returns, with zero and the mean marked. */
export const ReturnsHistogram = memo(function ReturnsHistogram({ trades }: { trades: readonly Trade[] }) {
  const { bins, mean, width } = useMemo(() => histogram(trades.map((t) => t.returnPct)), [trades]);
  if (bins.length === 0) return <p className="muted">No trades, so no distribution to show.</p>;
  const domain: [number, number] = [Math.min(bins[0].lo, 0) - width / 2, Math.max(bins.at(-1)!.hi, 0) + width / 2];
  return (
    <div className="chart-panel" data-testid="returns-histogram">
      <header>
        <h3 id="hist-title">Trade returns</h3>
        <div className="chart-legend">
          <span>mean {formatPercent(mean)}</span>
        </div>
      </header>
      <div className="rc-box" role="img" aria-labelledby="hist-title" data-testid="chart-histogram">
        <ResponsiveContainer width="100%" height={220}>
          <BarChart data={bins} margin={{ top: 16, right: 16, bottom: 0, left: 0 }} barCategoryGap={1}>
            <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
            <XAxis
              dataKey="mid"
              type="number"
              domain={domain}
              tickFormatter={(v: number) => `${formatNumber(v, 1)}%`}
              stroke="var(--chart-axis)"
              minTickGap={24}
            />
            <YAxis allowDecimals={false} width={40} stroke="var(--chart-axis)" />
            <Tooltip content={<BinTooltip />} cursor={{ fill: 'var(--chart-grid)' }} isAnimationActive={false} />
            <Bar dataKey="count" isAnimationActive={false} name="Trades">
              {bins.map((b) => (
                <Cell key={b.mid} fill={b.mid < 0 ? 'var(--chart-down)' : 'var(--chart-up)'} fillOpacity={0.75} />
              ))}
            </Bar>
            <ReferenceLine x={0} stroke="var(--chart-axis)" strokeDasharray="3 3" label={{ value: '0', position: mean >= 0 ? 'insideTopRight' : 'insideTopLeft', fill: 'var(--chart-axis)', fontSize: 11 }} />
            <ReferenceLine
              x={mean}
              stroke="var(--chart-mean)"
              strokeWidth={2}
              label={{ value: 'mean', position: mean >= 0 ? 'insideTopLeft' : 'insideTopRight', fill: 'var(--chart-mean)', fontSize: 11 }}
            />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
});

function BinTooltip({ active, payload }: { active?: boolean; payload?: ReadonlyArray<{ payload?: Bin }> }) {
  const bin = payload?.[0]?.payload;
  if (!active || !bin) return null;
  return <ChartTooltipBox rows={[{ label: `${formatNumber(bin.lo)}% … ${formatNumber(bin.hi)}%`, value: `${bin.count} trades` }]} />;
}
