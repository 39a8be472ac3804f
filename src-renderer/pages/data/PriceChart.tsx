import { TIMEFRAMES, timeframeMs as timeframeMsOf } from '../../../src-shared/bars/timeframe';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Bar, Brush, CartesianGrid, ComposedChart, Line, LineChart, Tooltip, XAxis, YAxis, type BarShapeProps } from 'recharts';
import type { ChartSeries } from '../../../src-shared/api/datasets';
import { toErrorValue } from '../../../src-shared/errors';
import { useApi } from '../../app/store';
import { formatCount, formatTime } from './format';

/** At most this many points on screen are drawn as candles; more and the close line reads better. */
const CANDLE_LIMIT = 150;

interface Point {
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly range: readonly [number, number];
}

const toPoints = (s: ChartSeries): Point[] =>
  s.time.map((time, i) => ({
    time,
    open: s.open[i],
    high: s.high[i],
    low: s.low[i],
    close: s.close[i],
    range: [s.low[i], s.high[i]] as const,
  }));

/** The container's width in CSS pixels (0 until laid out). */
function useWidth() {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry.contentRect.width)));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return { ref, width };
}

/** Candles: the Bar spans low…high; the body is placed by open and close inside that span. */
function Candle(props: BarShapeProps) {
  const { x, y, width, height, payload } = props as BarShapeProps & { payload: Point };
  if (!payload || !Number.isFinite(y) || !Number.isFinite(height)) return <g />;
  const span = payload.high - payload.low;
  const scale = span > 0 ? height / span : 0;
  const at = (v: number) => y + (payload.high - v) * scale;
  const up = payload.close >= payload.open;
  const top = at(Math.max(payload.open, payload.close));
  const bodyHeight = Math.max(1, Math.abs(payload.open - payload.close) * scale);
  const bodyWidth = Math.max(1, width * 0.7);
  const mid = x + width / 2;
  return (
    <g className={up ? 'candle up' : 'candle down'}>
      <line x1={mid} x2={mid} y1={y} y2={y + height} />
      <rect x={mid - bodyWidth / 2} y={top} width={bodyWidth} height={bodyHeight} />
    </g>
  );
}

function ChartTooltip({ active, payload, timeframeMs }: { active?: boolean; payload?: readonly { payload?: Point }[]; timeframeMs: number }) {
  const point = payload?.[0]?.payload;
  if (!active || !point) return null;
  return (
    <div className="chart-tooltip">
      <div className="muted">{formatTime(point.time, timeframeMs)} UTC</div>
      <div className="mono">
        O {point.open} · H {point.high} · L {point.low} · C {point.close}
      </div>
    </div>
  );
}

const priceFormat = (v: number) => (Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en-US') : String(Number(v.toPrecision(5))));

/**
 * The dataset's price: a close line when zoomed out, candles when zoomed in. Each view asks main
 * for about one point per pixel (`datasets.chart`); the brush below picks a narrower range, which
 * is re-queried at full resolution.
 */
/** The standard timeframes a dataset can be resampled to: whole multiples of its own bars. */
const higherTimeframes = (baseMs: number) => TIMEFRAMES.filter((tf) => timeframeMsOf(tf) > baseMs && timeframeMsOf(tf) % baseMs === 0);

export function PriceChart({ datasetId, timeframeMs: baseMs }: { datasetId: string; timeframeMs: number }) {
  const api = useApi();
  // Resampled by main on demand (and cached there); undefined shows the dataset's own bars.
  const [timeframe, setTimeframe] = useState<string>();
  const timeframeMs = timeframe === undefined ? baseMs : timeframeMsOf(timeframe);
  const { ref, width } = useWidth();
  const maxPoints = Math.max(50, Math.min(4000, width));
  const [overview, setOverview] = useState<ChartSeries>();
  const [detail, setDetail] = useState<ChartSeries>();
  const [range, setRange] = useState<{ from: number; to: number }>();
  const [brushKey, setBrushKey] = useState(0);
  const [error, setError] = useState<string>();
  const debounce = useRef<ReturnType<typeof setTimeout>>(undefined);

  useEffect(() => {
    if (width === 0) return;
    let live = true;
    api.datasets.chart({ id: datasetId, maxPoints, timeframe }).then(
      (s) => live && setOverview(s),
      (e: unknown) => live && setError(toErrorValue(e).message),
    );
    return () => {
      live = false;
    };
  }, [api, datasetId, maxPoints, width, timeframe]);

  useEffect(() => {
    if (width === 0) return;
    let live = true;
    api.datasets.chart({ id: datasetId, maxPoints, from: range?.from, to: range?.to, timeframe }).then(
      (s) => live && setDetail(s),
      (e: unknown) => live && setError(toErrorValue(e).message),
    );
    return () => {
      live = false;
    };
  }, [api, datasetId, maxPoints, range, width, timeframe]);

  useEffect(() => () => clearTimeout(debounce.current), []);

  /** Other bars: start over from the whole range, with the brush reset to match. */
  const changeTimeframe = (next: string | undefined) => {
    clearTimeout(debounce.current);
    setOverview(undefined);
    setDetail(undefined);
    setRange(undefined);
    setBrushKey((k) => k + 1);
    setTimeframe(next);
  };

  const overviewPoints = useMemo(() => (overview ? toPoints(overview) : []), [overview]);
  const points = useMemo(() => (detail ? toPoints(detail) : []), [detail]);
  const domain = useMemo((): [number, number] => {
    if (points.length === 0) return [0, 1];
    let lo = Infinity;
    let hi = -Infinity;
    for (const p of points) {
      if (p.low < lo) lo = p.low;
      if (p.high > hi) hi = p.high;
    }
    const pad = (hi - lo) * 0.04 || Math.abs(hi) * 0.01 || 1;
    return [lo - pad, hi + pad];
  }, [points]);

  const candles = points.length > 0 && points.length <= CANDLE_LIMIT;
  const time = overview?.time ?? [];
  const indexOf = (t: number) => {
    let i = 0;
    while (i < time.length - 1 && time[i + 1] <= t) i++;
    return i;
  };
  const brushStart = range ? indexOf(range.from) : 0;
  const brushEnd = range ? indexOf(range.to) : Math.max(0, time.length - 1);

  /** Zoom (factor < 1) or pan (shift, in widths) by the buttons: the keyboard's way to the brush. */
  const moveRange = (factor: number, shift: number) => {
    if (time.length < 2) return;
    const fullFrom = time[0];
    const fullTo = time[time.length - 1];
    const from = range?.from ?? fullFrom;
    const to = range?.to ?? fullTo;
    const span = Math.max((to - from) * factor, timeframeMs * 10);
    const centre = (from + to) / 2 + shift * (to - from);
    let nextFrom = Math.max(fullFrom, centre - span / 2);
    const nextTo = Math.min(fullTo, nextFrom + span);
    nextFrom = Math.max(fullFrom, nextTo - span);
    setRange(nextFrom <= fullFrom && nextTo >= fullTo ? undefined : { from: nextFrom, to: nextTo });
    setBrushKey((k) => k + 1);
  };

  const onBrush = ({ startIndex, endIndex }: { startIndex?: number; endIndex?: number }) => {
    clearTimeout(debounce.current);
    debounce.current = setTimeout(() => {
      if (startIndex === undefined || endIndex === undefined || time.length === 0) return;
      const full = startIndex <= 0 && endIndex >= time.length - 1;
      // The end of the last point's bucket: the next point's time, minus one ms.
      const to = endIndex + 1 < time.length ? time[endIndex + 1] - 1 : time[time.length - 1];
      setRange(full ? undefined : { from: time[startIndex], to });
    }, 250);
  };

  const tick = (t: number) => formatTime(t, (range ? range.to - range.from : (time.at(-1) ?? 0) - (time[0] ?? 0)) > 3 * 86_400_000 ? 86_400_000 : 0);

  return (
    <section className="card price-chart" aria-label="Price chart">
      <div className="chart-toolbar">
        <h2>Price</h2>
        <span className="muted" data-testid="chart-resolution">
          {detail
            ? `${formatCount(detail.totalBars)} bars shown${detail.barsPerPoint > 1 ? ` · ${detail.barsPerPoint} bars per point (close line)` : candles ? ' · candles' : ' · close line'}`
            : 'Loading…'}
        </span>
        <span className="spacer" />
        <label className="timeframe-picker">
          Bars{' '}
          <select
            value={timeframe ?? ''}
            onChange={(e) => changeTimeframe(e.target.value === '' ? undefined : e.target.value)}
            data-testid="chart-timeframe"
          >
            <option value="">as imported</option>
            {higherTimeframes(baseMs).map((tf) => (
              <option key={tf} value={tf}>
                {tf}
              </option>
            ))}
          </select>
        </label>
        <div className="row-actions" role="group" aria-label="Zoom">
          <button type="button" onClick={() => moveRange(0.5, 0)} aria-label="Zoom in">
            +
          </button>
          <button type="button" onClick={() => moveRange(2, 0)} aria-label="Zoom out" disabled={!range}>
            −
          </button>
          <button type="button" onClick={() => moveRange(1, -0.5)} aria-label="Pan left" disabled={!range}>
            ←
          </button>
          <button type="button" onClick={() => moveRange(1, 0.5)} aria-label="Pan right" disabled={!range}>
            →
          </button>
          <button
            type="button"
            onClick={() => {
              setRange(undefined);
              setBrushKey((k) => k + 1);
            }}
            disabled={!range}
          >
            Show all
          </button>
        </div>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div ref={ref} className="chart-box" data-testid="price-chart">
        {width > 0 && points.length > 0 && (
          <ComposedChart width={width} height={320} data={points} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
            <CartesianGrid className="chart-grid" vertical={false} />
            <XAxis dataKey="time" tickFormatter={tick} minTickGap={48} className="chart-axis" />
            <YAxis domain={domain} tickFormatter={priceFormat} width={72} className="chart-axis" allowDataOverflow />
            <Tooltip content={<ChartTooltip timeframeMs={timeframeMs} />} isAnimationActive={false} />
            {candles ? (
              <Bar dataKey="range" shape={Candle} isAnimationActive={false} />
            ) : (
              <Line dataKey="close" type="linear" dot={false} isAnimationActive={false} className="price-line" />
            )}
          </ComposedChart>
        )}
      </div>
      {width > 0 && overviewPoints.length > 1 && (
        <div className="chart-navigator">
          {/* The brush's own panorama shows the whole series; the parent chart only hosts the brush. */}
          <LineChart width={width} height={52} data={overviewPoints} margin={{ top: 0, right: 8, bottom: 0, left: 80 }}>
            <XAxis dataKey="time" hide />
            <Brush
              key={brushKey}
              dataKey="time"
              height={48}
              startIndex={brushStart}
              endIndex={brushEnd}
              onChange={onBrush}
              tickFormatter={tick}
              className="chart-brush"
              ariaLabel="Choose the range to show"
            >
              <LineChart data={overviewPoints}>
                <YAxis hide domain={['auto', 'auto']} />
                <Line dataKey="close" dot={false} isAnimationActive={false} className="overview-line" />
              </LineChart>
            </Brush>
          </LineChart>
        </div>
      )}
    </section>
  );
}
