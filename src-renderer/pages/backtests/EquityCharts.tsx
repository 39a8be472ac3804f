import { memo, useMemo } from 'react';
import { Area, AreaChart, Brush, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartTooltipBox } from '../../components/charts/ChartTooltip';
import { compactNumber, formatNumber, formatPercent, formatTime } from '../../components/charts/format';
import { lowerBound } from '../../../src-shared/bars/search';
import { RUN_SYNC_ID, nearestTimeSync, timeTicks, type TimeRange } from '../../components/charts/time-axis';
import type { SeriesPoint } from './useRunSeries';

const MARGIN = { top: 8, right: 16, bottom: 0, left: 8 };
const Y_WIDTH = 64;

interface Props {
  readonly overview: readonly SeriesPoint[];
  readonly visible: readonly SeriesPoint[];
  readonly range: TimeRange;
  readonly onRange: (range: TimeRange) => void;
  readonly hasBuyHold: boolean;
}

function domainOf(points: readonly SeriesPoint[], range: TimeRange): [number, number] {
  if (range) return [range.from, range.to];
  return [points[0]?.time ?? 0, points.at(-1)?.time ?? 1];
}

/** Equity (with buy-and-hold), drawdown beneath it on the same time axis, and a brush to zoom both. */
export const EquityCharts = memo(function EquityCharts({ overview, visible, range, onRange, hasBuyHold }: Props) {
  const [lo, hi] = domainOf(overview, range);
  const domain = useMemo<[number, number]>(() => [lo, hi], [lo, hi]);
  const axis = useMemo(() => timeTicks(lo, hi), [lo, hi]);
  const data = visible as SeriesPoint[];
  return (
    <div className="chart-panel" data-testid="equity-charts">
      <header>
        <h3 id="equity-title">Equity</h3>
        <div className="chart-legend" aria-hidden="true">
          <span>
            <span className="swatch" style={{ background: 'var(--chart-equity)' }} />
            Strategy
          </span>
          {hasBuyHold && (
            <span>
              <span className="swatch" style={{ background: 'var(--chart-benchmark)' }} />
              Buy &amp; hold
            </span>
          )}
        </div>
      </header>
      <div className="rc-box" data-testid="chart-equity" role="img" aria-labelledby="equity-title">
        <ResponsiveContainer width="100%" height={260}>
          <ComposedChart data={data} syncId={RUN_SYNC_ID} syncMethod={nearestTimeSync} margin={MARGIN}>
            <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
            <XAxis dataKey="time" type="number" domain={domain} allowDataOverflow ticks={axis.ticks} tickFormatter={axis.format} hide />
            <YAxis width={Y_WIDTH} domain={['auto', 'auto']} tickFormatter={compactNumber} stroke="var(--chart-axis)" />
            <Tooltip content={<EquityTooltip />} isAnimationActive={false} />
            {hasBuyHold && (
              <Line dataKey="buyHold" stroke="var(--chart-benchmark)" dot={false} strokeWidth={1} isAnimationActive={false} name="Buy & hold" />
            )}
            <Line dataKey="equity" stroke="var(--chart-equity)" dot={false} strokeWidth={1.5} isAnimationActive={false} name="Equity" />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <h3 id="drawdown-title">Drawdown</h3>
      <div className="rc-box" data-testid="chart-drawdown" role="img" aria-labelledby="drawdown-title">
        <ResponsiveContainer width="100%" height={130}>
          <AreaChart data={data} syncId={RUN_SYNC_ID} syncMethod={nearestTimeSync} margin={MARGIN}>
            <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
            <XAxis dataKey="time" type="number" domain={domain} allowDataOverflow ticks={axis.ticks} tickFormatter={axis.format} stroke="var(--chart-axis)" minTickGap={48} />
            <YAxis width={Y_WIDTH} tickFormatter={(v: number) => `${compactNumber(v)}%`} stroke="var(--chart-axis)" />
            <Tooltip content={<DrawdownTooltip />} isAnimationActive={false} />
            <Area
              dataKey="drawdown"
              stroke="var(--chart-drawdown)"
              fill="var(--chart-drawdown)"
              fillOpacity={0.25}
              isAnimationActive={false}
              name="Drawdown"
            />
          </AreaChart>
        </ResponsiveContainer>
      </div>
      <Navigator overview={overview} range={range} onRange={onRange} />
    </div>
  );
});

/** The brush: the whole run in miniature; dragging it sets the window every run chart shows. */
function Navigator({ overview, range, onRange }: Pick<Props, 'overview' | 'range' | 'onRange'>) {
  const data = overview as SeriesPoint[];
  const times = useMemo(() => overview.map((p) => p.time), [overview]);
  const last = Math.max(0, overview.length - 1);
  const startIndex = range ? Math.min(last, lowerBound(times, range.from)) : 0;
  const endIndex = range ? Math.max(startIndex, Math.min(last, lowerBound(times, range.to))) : last;
  return (
    <div className="rc-box navigator" data-testid="chart-brush">
      <ResponsiveContainer width="100%" height={56}>
        <ComposedChart data={data} margin={{ ...MARGIN, left: MARGIN.left + Y_WIDTH }}>
          <Brush
            dataKey="time"
            height={48}
            stroke="var(--chart-axis)"
            fill="var(--chart-brush)"
            startIndex={startIndex}
            endIndex={endIndex}
            tickFormatter={(v: number) => formatTime(v)}
            ariaLabel="Zoom: drag the handles or the window to choose the time range"
            onChange={({ startIndex: s, endIndex: e }) => {
              if (s === undefined || e === undefined) return;
              onRange(s <= 0 && e >= last ? null : { from: times[s], to: times[e] });
            }}
          >
            <AreaChart data={data}>
              <Area dataKey="equity" stroke="var(--chart-equity)" fill="var(--chart-equity)" fillOpacity={0.15} isAnimationActive={false} />
            </AreaChart>
          </Brush>
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

interface TooltipArgs {
  readonly active?: boolean;
  readonly payload?: ReadonlyArray<{ readonly payload?: SeriesPoint }>;
}

function EquityTooltip({ active, payload }: TooltipArgs) {
  const point = payload?.[0]?.payload;
  if (!active || !point) return null;
  const rows = [{ label: 'Equity', value: formatNumber(point.equity), color: 'var(--chart-equity)' }];
  if (point.buyHold !== undefined) rows.push({ label: 'Buy & hold', value: formatNumber(point.buyHold), color: 'var(--chart-benchmark)' });
  return <ChartTooltipBox time={point.time} rows={rows} />;
}

function DrawdownTooltip({ active, payload }: TooltipArgs) {
  const point = payload?.[0]?.payload;
  if (!active || !point) return null;
  return <ChartTooltipBox time={point.time} rows={[{ label: 'Drawdown', value: formatPercent(point.drawdown), color: 'var(--chart-drawdown)' }]} />;
}
