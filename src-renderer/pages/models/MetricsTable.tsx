import type { ModelMetrics } from '../../../src-shared/ml/results';

const fmt = (v: number | null | undefined, digits = 4) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits));

/** Validation and test metrics side by side (docs/ml.md#metrics has the formulas). */
export function MetricsTable({ validation, test }: { validation: ModelMetrics; test: ModelMetrics }) {
  const rows: [string, (m: ModelMetrics) => string][] =
    test.kind === 'classification'
      ? [
          ['Rows', (m) => String(m.rows)],
          ['Accuracy', (m) => (m.kind === 'classification' ? fmt(m.accuracy) : '—')],
          ['Precision', (m) => (m.kind === 'classification' ? fmt(m.precision) : '—')],
          ['Recall', (m) => (m.kind === 'classification' ? fmt(m.recall) : '—')],
          ['F1', (m) => (m.kind === 'classification' ? fmt(m.f1) : '—')],
          ['ROC AUC', (m) => (m.kind === 'classification' ? fmt(m.rocAuc) : '—')],
          ['Log loss', (m) => (m.kind === 'classification' ? fmt(m.logLoss) : '—')],
        ]
      : [
          ['Rows', (m) => String(m.rows)],
          ['R²', (m) => (m.kind === 'regression' ? fmt(m.r2) : '—')],
          ['MAE', (m) => (m.kind === 'regression' ? m.mae.toPrecision(4) : '—')],
          ['RMSE', (m) => (m.kind === 'regression' ? m.rmse.toPrecision(4) : '—')],
          ['Directional accuracy', (m) => (m.kind === 'regression' ? fmt(m.directionalAccuracy) : '—')],
        ];
  return (
    <table className="stats-table model-metrics" data-testid="model-metrics">
      <thead>
        <tr>
          <th scope="col">Metric</th>
          <th scope="col" className="num">
            Validation
          </th>
          <th scope="col" className="num">
            Test
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([label, value]) => (
          <tr key={label} data-testid={`metric-${label}`}>
            <th scope="row">{label}</th>
            <td className="num">{value(validation)}</td>
            <td className="num">{value(test)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** confusion[actual][predicted] as a table, each cell shaded by its share of its row. */
export function ConfusionMatrix({ classes, confusion }: { classes: readonly string[]; confusion: readonly (readonly number[])[] }) {
  return (
    <table className="confusion" data-testid="confusion-matrix" aria-label="Confusion matrix (test): rows actual, columns predicted">
      <thead>
        <tr>
          <th scope="col">actual ↓ predicted →</th>
          {classes.map((c) => (
            <th scope="col" key={c} className="num">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {confusion.map((row, i) => {
          const total = row.reduce((a, b) => a + b, 0) || 1;
          return (
            <tr key={classes[i]}>
              <th scope="row">{classes[i]}</th>
              {row.map((count, j) => (
                <td key={classes[j]} className="num" style={{ background: `color-mix(in srgb, var(--chart-up) ${Math.round((count / total) * 60)}%, transparent)` }}>
                  {count}
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
