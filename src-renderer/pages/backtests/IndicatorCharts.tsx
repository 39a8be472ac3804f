import { memo, useMemo } from 'react';
import { CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartTooltipBox } from '../../components/charts/ChartTooltip';
import { compactNumber, formatNumber } from '../../components/charts/format';
import { RUN_SYNC_ID, nearestTimeSync, timeTicks } from '../../components/charts/time-axis';
import type { IndicatorLine, IndicatorPoint } from './indicator-model';

/** The same margins and axis width as the price chart, so a pane's bars sit under the price's. */
const MARGIN = { top: 6, right: 16, bottom: 0, left: 8 };
const PANE_HEIGHT = 120;

const label = (line: IndicatorLine) => (line.timeframe ? `${line.name} (${line.timeframe})` : line.name);

/** Each declared indicator with its colour, where it is drawn, and a checkbox to show or hide it. */
export function IndicatorLegend({
  lines,
  hidden,
  onToggle,
}: {
  lines: readonly IndicatorLine[];
  hidden: ReadonlySet<string>;
  onToggle: (key: string) => void;
}) {
  if (lines.length === 0) return null;
  return (
    <fieldset className="indicator-legend" data-testid="indicator-legend">
      <legend>Indicators</legend>
      {lines.map((line) => (
        <label key={line.key} title={line.overlay ? 'Drawn on the price' : 'Drawn in its own pane under the price'}>
          <input type="checkbox" checked={!hidden.has(line.key)} onChange={() => onToggle(line.key)} />
          <span className="swatch" style={{ background: line.color }} />
          {label(line)}
          <span className="muted">{line.overlay ? ' · on price' : ' · pane'}</span>
        </label>
      ))}
    </fieldset>
  );
}

/** The indicators that are not on the price (oscillators such as RSI), one pane each, on the price's time axis. */
export const IndicatorPanes = memo(function IndicatorPanes({
  lines,
  points,
  from,
  to,
}: {
  lines: readonly IndicatorLine[];
  points: readonly IndicatorPoint[];
  from: number;
  to: number;
}) {
  const axis = useMemo(() => timeTicks(from, to), [from, to]);
  if (lines.length === 0) return null;
  return (
    <div className="indicator-panes">
      {lines.map((line) => (
        <div key={line.key} className="indicator-pane" data-testid="indicator-pane" data-name={line.name}>
          <h4 id={`pane-${line.key}`}>
            <span className="swatch" style={{ background: line.color }} />
            {label(line)}
          </h4>
          <div className="rc-box" role="img" aria-labelledby={`pane-${line.key}`}>
            <ResponsiveContainer width="100%" height={PANE_HEIGHT}>
              <ComposedChart data={points as IndicatorPoint[]} syncId={RUN_SYNC_ID} syncMethod={nearestTimeSync} margin={MARGIN}>
                <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
                <XAxis dataKey="time" type="number" domain={[from, to]} allowDataOverflow ticks={axis.ticks} tickFormatter={axis.format} hide />
                <YAxis width={64} domain={['auto', 'auto']} tickFormatter={compactNumber} stroke="var(--chart-axis)" />
                <Tooltip content={<PaneTooltip line={line} />} isAnimationActive={false} />
                <Line
                  dataKey={line.key}
                  name={line.name}
                  stroke={line.color}
                  strokeWidth={1.4}
                  dot={false}
                  isAnimationActive={false}
                  className={`indicator-line indicator-${line.key}`}
                />
              </ComposedChart>
            </ResponsiveContainer>
          </div>
        </div>
      ))}
    </div>
  );
});

function PaneTooltip({ active, payload, line }: { active?: boolean; payload?: ReadonlyArray<{ payload?: IndicatorPoint }>; line: IndicatorLine }) {
  const point = payload?.[0]?.payload;
  if (!active || !point) return null;
  const value = point[line.key];
  return <ChartTooltipBox time={point.time} rows={[{ label: line.name, value: value === null || value === undefined ? '—' : formatNumber(value) }]} />;
}
