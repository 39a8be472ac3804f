import { memo, useEffect, useMemo, useState, type ReactNode } from 'react';
import {
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  usePlotArea,
  useXAxisScale,
  useYAxisScale,
} from 'recharts';
import type { ChartSeries } from '../../../src-shared/api/datasets';
import type { Trade } from '../../../src-shared/backtest';
import { ChartTooltipBox } from '../../components/charts/ChartTooltip';
import { compactNumber, formatNumber } from '../../components/charts/format';
import { lowerBound } from '../../../src-shared/bars/search';
import { RUN_SYNC_ID, nearestTimeSync, timeTicks, type TimeRange } from '../../components/charts/time-axis';
import { errorMessage, useRunsApi } from './api';
import { valueRange, type IndicatorLine, type IndicatorPoint } from './indicator-model';

/** Candles only when every bar gets room for a body; otherwise a close line. */
const MAX_CANDLES = 300;
const LINE_POINTS = 1500;
/** Markers beyond this many trades in view would hide the price; the note says to zoom in. */
const MAX_MARKED_TRADES = 400;
const MARGIN = { top: 8, right: 16, bottom: 0, left: 8 };

interface Candle {
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
}

interface Props {
  readonly datasetId: string | null;
  readonly timeframe: string;
  readonly range: TimeRange;
  readonly fullRange: { readonly from: number; readonly to: number };
  /** Trades sorted by entry time. */
  readonly trades: readonly Trade[];
  readonly selected?: Trade;
  /** Indicators drawn on the price (the ones the user has not hidden), with their points. */
  readonly overlays?: readonly IndicatorLine[];
  readonly indicatorPoints?: readonly IndicatorPoint[];
  /** Shown under the trade markers' legend: the indicators' legend and toggles. */
  readonly legend?: ReactNode;
}

const NO_LINES: readonly IndicatorLine[] = [];
const NO_POINTS: readonly IndicatorPoint[] = [];

function useCandles(datasetId: string | null, timeframe: string, from: number, to: number) {
  const api = useRunsApi();
  const [series, setSeries] = useState<ChartSeries>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (!datasetId) return;
    let live = true;
    const timer = setTimeout(() => {
      api.datasets
        .chart({ id: datasetId, timeframe, from, to, maxPoints: LINE_POINTS })
        .then((s) => live && setSeries(s))
        .catch((e: unknown) => live && setError(errorMessage(e)));
    }, 120);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, datasetId, timeframe, from, to]);
  return { series, error };
}

/** Price with entry/exit markers: candles when zoomed in, a close line when zoomed out. */
export const PriceChart = memo(function PriceChart({
  datasetId,
  timeframe,
  range,
  fullRange,
  trades,
  selected,
  overlays = NO_LINES,
  indicatorPoints = NO_POINTS,
  legend,
}: Props) {
  const from = range?.from ?? fullRange.from;
  const to = range?.to ?? fullRange.to;
  const { series, error } = useCandles(datasetId, timeframe, from, to);
  const candles = useMemo<Candle[]>(() => {
    if (!series) return [];
    return series.time.map((time, i) => ({ time, open: series.open[i], high: series.high[i], low: series.low[i], close: series.close[i] }));
  }, [series]);
  const asCandles = series !== undefined && series.barsPerPoint === 1 && candles.length <= MAX_CANDLES;
  const [yMin, yMax] = useMemo(() => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const c of candles) {
      if (c.low < lo) lo = c.low;
      if (c.high > hi) hi = c.high;
    }
    // Overlays in view widen the axis (Bollinger bands reach beyond the candles).
    const drawn = valueRange(indicatorPoints, overlays.map((o) => o.key), from, to);
    if (drawn && Number.isFinite(lo)) {
      lo = Math.min(lo, drawn[0]);
      hi = Math.max(hi, drawn[1]);
    }
    const pad = (hi - lo) * 0.04 || 1;
    return Number.isFinite(lo) ? [lo - pad, hi + pad] : [0, 1];
  }, [candles, indicatorPoints, overlays, from, to]);
  const exitTimes = useMemo(() => trades.map((t) => t.exitTime), [trades]);
  const inView = useMemo(() => {
    const start = lowerBound(exitTimes, from);
    const out: Trade[] = [];
    for (let i = start; i < trades.length && trades[i].entryTime <= to; i++) out.push(trades[i]);
    return out;
  }, [trades, exitTimes, from, to]);
  const marked = inView.length <= MAX_MARKED_TRADES ? inView : [];
  const axis = useMemo(() => timeTicks(from, to), [from, to]);

  if (!datasetId) return <p className="muted">The dataset of this run was deleted; its price chart is not available.</p>;
  if (error) return <p className="error">Could not load prices: {error}</p>;
  return (
    <div className="chart-panel" data-testid="price-chart">
      <header>
        <h3 id="price-title">Price {asCandles ? '(candles)' : '(close)'}</h3>
        <div className="chart-legend">
          <span>
            <span className="swatch" style={{ background: 'var(--chart-long)' }} />▲ long entry
          </span>
          <span>
            <span className="swatch" style={{ background: 'var(--chart-short)' }} />▼ short entry
          </span>
          <span>
            <span className="swatch" style={{ background: 'var(--chart-up)' }} />● winning exit
          </span>
          <span>
            <span className="swatch" style={{ background: 'var(--chart-down)' }} />● losing exit
          </span>
          {inView.length > MAX_MARKED_TRADES && <span>{formatNumber(inView.length, 0)} trades in view: zoom in to see their markers</span>}
        </div>
      </header>
      {legend}
      <div className="rc-box" role="img" aria-labelledby="price-title" data-testid="chart-price" data-mode={asCandles ? 'candles' : 'line'}>
        <ResponsiveContainer width="100%" height={300}>
          <ComposedChart data={candles} syncId={RUN_SYNC_ID} syncMethod={nearestTimeSync} margin={MARGIN}>
            <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
            <XAxis dataKey="time" type="number" domain={[from, to]} allowDataOverflow ticks={axis.ticks} tickFormatter={axis.format} stroke="var(--chart-axis)" minTickGap={48} />
            <YAxis width={64} domain={[yMin, yMax]} allowDataOverflow tickFormatter={compactNumber} stroke="var(--chart-axis)" />
            <Tooltip content={<PriceTooltip />} isAnimationActive={false} />
            {selected && (
              <ReferenceArea x1={selected.entryTime} x2={selected.exitTime} fill="var(--accent)" fillOpacity={0.12} ifOverflow="hidden" />
            )}
            <Line
              dataKey="close"
              stroke={asCandles ? 'transparent' : 'var(--chart-axis)'}
              dot={false}
              strokeWidth={1.2}
              isAnimationActive={false}
              name="Close"
            />
            {overlays.map((o) => (
              <Line
                key={o.key}
                data={indicatorPoints as IndicatorPoint[]}
                dataKey={o.key}
                name={o.name}
                stroke={o.color}
                strokeWidth={1.4}
                dot={false}
                activeDot={false}
                isAnimationActive={false}
                tooltipType="none"
                className={`indicator-line indicator-${o.key}`}
              />
            ))}
            {asCandles && <CandleLayer candles={candles} />}
            <MarkerLayer trades={marked} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
});

/** Candle bodies and wicks drawn with the chart's own scales (recharts has no candle series). */
function CandleLayer({ candles }: { candles: readonly Candle[] }) {
  const x = useXAxisScale();
  const y = useYAxisScale();
  const plot = usePlotArea();
  if (!x || !y || !plot || candles.length === 0) return null;
  const step = candles.length > 1 ? Math.abs((x(candles[1].time) ?? 0) - (x(candles[0].time) ?? 0)) : plot.width / 4;
  const body = Math.max(1, Math.min(14, step * 0.7));
  return (
    <g className="candles">
      {candles.map((c) => {
        const cx = x(c.time);
        const yo = y(c.open);
        const yc = y(c.close);
        const yh = y(c.high);
        const yl = y(c.low);
        if (cx === undefined || yo === undefined || yc === undefined || yh === undefined || yl === undefined) return null;
        if (cx < plot.x - 1 || cx > plot.x + plot.width + 1) return null;
        const color = c.close >= c.open ? 'var(--chart-up)' : 'var(--chart-down)';
        return (
          <g key={c.time}>
            <line x1={cx} x2={cx} y1={yh} y2={yl} stroke={color} />
            <rect x={cx - body / 2} width={body} y={Math.min(yo, yc)} height={Math.max(1, Math.abs(yc - yo))} fill={color} />
          </g>
        );
      })}
    </g>
  );
}

/** ▲/▼ at each entry (long/short colour), ● at each exit (win/loss colour). */
function MarkerLayer({ trades }: { trades: readonly Trade[] }) {
  const x = useXAxisScale();
  const y = useYAxisScale();
  const plot = usePlotArea();
  if (!x || !y || !plot) return null;
  const inside = (px: number, py: number) => px >= plot.x && px <= plot.x + plot.width && py >= plot.y && py <= plot.y + plot.height;
  return (
    <g className="trade-markers" data-testid="trade-markers">
      {trades.map((t, i) => {
        const ex = x(t.entryTime);
        const ey = y(t.entryPrice);
        const xx = x(t.exitTime);
        const xy = y(t.exitPrice);
        const long = t.side === 'long';
        const entryColor = long ? 'var(--chart-long)' : 'var(--chart-short)';
        const exitColor = t.pnl > 0 ? 'var(--chart-up)' : 'var(--chart-down)';
        return (
          <g key={`${t.entryTime}-${i}`}>
            {ex !== undefined && ey !== undefined && inside(ex, ey) && (
              <path
                d={long ? `M${ex},${ey + 2} l-6,11 h12 z` : `M${ex},${ey - 2} l-6,-11 h12 z`}
                fill={entryColor}
                stroke="var(--bg)"
                strokeWidth={0.5}
              >
                <title>{`${t.side} entry @ ${formatNumber(t.entryPrice)}`}</title>
              </path>
            )}
            {xx !== undefined && xy !== undefined && inside(xx, xy) && (
              <circle cx={xx} cy={xy} r={5} fill={exitColor} stroke="var(--bg)" strokeWidth={0.5}>
                <title>{`exit (${t.exitReason}) @ ${formatNumber(t.exitPrice)}: ${formatNumber(t.returnPct)}%`}</title>
              </circle>
            )}
          </g>
        );
      })}
    </g>
  );
}

function PriceTooltip({ active, payload }: { active?: boolean; payload?: ReadonlyArray<{ payload?: Candle }> }) {
  // The candle's row: the overlays' lines have rows of their own.
  const c = payload?.find((p) => p.payload !== undefined && 'open' in p.payload)?.payload;
  if (!active || !c) return null;
  return (
    <ChartTooltipBox
      time={c.time}
      rows={[
        { label: 'Open', value: formatNumber(c.open) },
        { label: 'High', value: formatNumber(c.high) },
        { label: 'Low', value: formatNumber(c.low) },
        { label: 'Close', value: formatNumber(c.close) },
      ]}
    />
  );
}
