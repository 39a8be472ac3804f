import type { ReactNode } from 'react';
import { formatTime } from './format';

export interface TooltipRow {
  readonly label: string;
  readonly value: string;
  readonly color?: string;
}

/** The tooltip box every chart uses, so light and dark look the same everywhere. */
export function ChartTooltipBox({ time, rows, children }: { time?: number; rows: readonly TooltipRow[]; children?: ReactNode }) {
  return (
    <div className="rc-tooltip">
      {time !== undefined && <div className="muted">{formatTime(time)}</div>}
      {rows.map((row) => (
        <div className="row" key={row.label}>
          <span style={row.color ? { color: row.color } : undefined}>{row.label}</span>
          <span>{row.value}</span>
        </div>
      ))}
      {children}
    </div>
  );
}
