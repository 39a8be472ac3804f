import { memo, useMemo } from 'react';
import type { MonthlyReturn } from '../../../src-shared/api/runs';
import { formatNumber } from '../../components/charts/format';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Year × month table of returns, each cell tinted by its sign and size (a heatmap that is also a table). */
export const MonthlyReturns = memo(function MonthlyReturns({ months }: { months: readonly MonthlyReturn[] }) {
  const { years, scale } = useMemo(() => {
    const byYear = new Map<number, (number | undefined)[]>();
    let max = 0;
    for (const m of months) {
      const row = byYear.get(m.year) ?? new Array<number | undefined>(12).fill(undefined);
      row[m.month - 1] = m.returnPct;
      byYear.set(m.year, row);
      max = Math.max(max, Math.abs(m.returnPct));
    }
    const rows = [...byYear.entries()]
      .sort(([a], [b]) => a - b)
      .map(([year, cells]) => ({
        year,
        cells,
        total: (cells.reduce<number>((acc, r) => (r === undefined ? acc : acc * (1 + r / 100)), 1) - 1) * 100,
      }));
    return { years: rows, scale: max || 1 };
  }, [months]);
  if (years.length === 0) return <p className="muted">No monthly returns for this run.</p>;
  const tint = (value: number) => {
    const strength = Math.round(12 + 58 * Math.min(1, Math.abs(value) / scale));
    return { background: `color-mix(in srgb, ${value >= 0 ? 'var(--positive)' : 'var(--negative)'} ${strength}%, transparent)` };
  };
  return (
    <div className="chart-panel">
      <h3 id="monthly-title">Monthly returns (%)</h3>
      <div className="bt-scroll">
        <table className="monthly-table" aria-labelledby="monthly-title" data-testid="monthly-returns">
          <thead>
            <tr>
              <th scope="col">Year</th>
              {MONTHS.map((m) => (
                <th key={m} scope="col" className="num">
                  {m}
                </th>
              ))}
              <th scope="col" className="num">
                Year
              </th>
            </tr>
          </thead>
          <tbody>
            {years.map(({ year, cells, total }) => (
              <tr key={year}>
                <th scope="row">{year}</th>
                {cells.map((value, i) => (
                  <td
                    key={MONTHS[i]}
                    className="num heat"
                    style={value === undefined ? undefined : tint(value)}
                    title={value === undefined ? undefined : `${MONTHS[i]} ${year}: ${formatNumber(value)}%`}
                  >
                    {value === undefined ? '' : formatNumber(value, 1)}
                  </td>
                ))}
                <td className="num heat total" style={tint(total)}>
                  {formatNumber(total, 1)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
});
