import { memo } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { CalibrationBin } from '../../../src-shared/ml/results';
import { ChartTooltipBox } from '../../components/charts/ChartTooltip';

/** Mean predicted P(up) against the share that was up, per bin; a calibrated model lies on the diagonal. */
export const CalibrationChart = memo(function CalibrationChart({ bins }: { bins: readonly CalibrationBin[] }) {
  const points = bins.filter((b) => b.meanPredicted !== null && b.observed !== null).map((b) => ({ predicted: b.meanPredicted!, observed: b.observed!, rows: b.rows }));
  if (points.length === 0) return <p className="muted">No test rows to show a calibration curve.</p>;
  return (
    <div className="chart-panel" data-testid="calibration-chart">
      <header>
        <h3 id="calibration-title">Calibration (test)</h3>
      </header>
      <div className="rc-box" role="img" aria-labelledby="calibration-title">
        <ResponsiveContainer width="100%" height={240}>
          <LineChart data={points} margin={{ top: 8, right: 24, bottom: 16, left: 0 }}>
            <CartesianGrid stroke="var(--chart-grid)" />
            <XAxis dataKey="predicted" type="number" domain={[0, 1]} stroke="var(--chart-axis)" label={{ value: 'predicted P(up)', position: 'insideBottom', offset: -8, fill: 'var(--chart-axis)', fontSize: 11 }} />
            <YAxis type="number" domain={[0, 1]} width={40} stroke="var(--chart-axis)" />
            <ReferenceLine segment={[{ x: 0, y: 0 }, { x: 1, y: 1 }]} stroke="var(--chart-axis)" strokeDasharray="3 3" />
            <Tooltip content={<CalibrationTooltip />} isAnimationActive={false} />
            <Line dataKey="observed" stroke="var(--chart-mean)" strokeWidth={2} dot isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
});

function CalibrationTooltip({ active, payload }: { active?: boolean; payload?: ReadonlyArray<{ payload?: { predicted: number; observed: number; rows: number } }> }) {
  const p = payload?.[0]?.payload;
  if (!active || !p) return null;
  return (
    <ChartTooltipBox
      rows={[
        { label: 'predicted', value: p.predicted.toFixed(3) },
        { label: 'observed', value: p.observed.toFixed(3) },
        { label: 'rows', value: String(p.rows) },
      ]}
    />
  );
}
