import { memo, useState } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { FeatureImportance } from '../../../src-shared/ml/results';
import { ChartTooltipBox } from '../../components/charts/ChartTooltip';

type By = 'gain' | 'permutation';

const EXPLAIN: Readonly<Record<By, string>> = {
  gain: 'Share of the split gain (|coefficients| for logistic regression), summing to 1.',
  permutation: 'Rise in test loss when the feature’s test values are shuffled; at or below 0, the model does not rely on it.',
};

/** Feature importance as horizontal bars, most important on top, by gain or by permutation. */
export const ImportanceChart = memo(function ImportanceChart({ importance }: { importance: { gain: readonly FeatureImportance[]; permutation: readonly FeatureImportance[] } }) {
  const [by, setBy] = useState<By>('gain');
  const rows = importance[by].map((f) => ({ feature: f.feature, value: f[by] }));
  return (
    <div className="chart-panel" data-testid="importance-chart">
      <header>
        <h3 id="importance-title">Feature importance</h3>
        <div className="segmented" role="group" aria-label="Importance kind">
          {(['gain', 'permutation'] as const).map((kind) => (
            <button key={kind} type="button" aria-pressed={by === kind} onClick={() => setBy(kind)}>
              {kind === 'gain' ? 'Gain' : 'Permutation'}
            </button>
          ))}
        </div>
      </header>
      <p className="muted small">{EXPLAIN[by]}</p>
      <div className="rc-box" role="img" aria-labelledby="importance-title">
        <ResponsiveContainer width="100%" height={Math.max(120, rows.length * 26 + 40)}>
          <BarChart data={rows} layout="vertical" margin={{ top: 8, right: 24, bottom: 8, left: 8 }}>
            <CartesianGrid stroke="var(--chart-grid)" horizontal={false} />
            <XAxis type="number" stroke="var(--chart-axis)" tickFormatter={(v: number) => Number(v.toPrecision(3)).toString()} />
            <YAxis type="category" dataKey="feature" width={150} stroke="var(--chart-axis)" interval={0} tick={{ fontSize: 12 }} />
            <Tooltip content={<ImportanceTooltip by={by} />} cursor={{ fill: 'var(--chart-grid)' }} isAnimationActive={false} />
            <Bar dataKey="value" fill="var(--chart-up)" isAnimationActive={false} name={by} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <ol className="visually-hidden" aria-label="Features by importance">
        {rows.map((r) => (
          <li key={r.feature} data-testid="importance-feature">
            {r.feature}
          </li>
        ))}
      </ol>
    </div>
  );
});

function ImportanceTooltip({ active, payload, by }: { active?: boolean; payload?: ReadonlyArray<{ payload?: { feature: string; value: number } }>; by: By }) {
  const row = payload?.[0]?.payload;
  if (!active || !row) return null;
  return <ChartTooltipBox rows={[{ label: row.feature, value: `${by} ${row.value.toPrecision(4)}` }]} />;
}
