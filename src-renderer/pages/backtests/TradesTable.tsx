import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { ExitReason, Trade } from '../../../src-shared/backtest';
import { formatDuration, formatNumber, formatTime } from '../../components/charts/format';

interface Row {
  readonly n: number;
  readonly trade: Trade;
}

type Column = {
  readonly key: string;
  readonly label: string;
  readonly num?: boolean;
  readonly value: (r: Row) => number | string;
  readonly show: (r: Row) => string;
};

const COLUMNS: readonly Column[] = [
  { key: 'n', label: '#', num: true, value: (r) => r.n, show: (r) => String(r.n) },
  { key: 'side', label: 'Side', value: (r) => r.trade.side, show: (r) => r.trade.side },
  { key: 'entryTime', label: 'Entry time', value: (r) => r.trade.entryTime, show: (r) => formatTime(r.trade.entryTime) },
  { key: 'entryPrice', label: 'Entry', num: true, value: (r) => r.trade.entryPrice, show: (r) => formatNumber(r.trade.entryPrice) },
  { key: 'exitTime', label: 'Exit time', value: (r) => r.trade.exitTime, show: (r) => formatTime(r.trade.exitTime) },
  { key: 'exitPrice', label: 'Exit', num: true, value: (r) => r.trade.exitPrice, show: (r) => formatNumber(r.trade.exitPrice) },
  { key: 'size', label: 'Size', num: true, value: (r) => r.trade.size, show: (r) => formatNumber(r.trade.size, r.trade.size % 1 === 0 ? 0 : 4) },
  { key: 'pnl', label: 'P&L', num: true, value: (r) => r.trade.pnl, show: (r) => formatNumber(r.trade.pnl) },
  { key: 'returnPct', label: 'Return %', num: true, value: (r) => r.trade.returnPct, show: (r) => formatNumber(r.trade.returnPct) },
  { key: 'barsHeld', label: 'Bars', num: true, value: (r) => r.trade.barsHeld, show: (r) => String(r.trade.barsHeld) },
  { key: 'durationMs', label: 'Duration', num: true, value: (r) => r.trade.durationMs, show: (r) => formatDuration(r.trade.durationMs) },
  { key: 'commission', label: 'Commission', num: true, value: (r) => r.trade.commission, show: (r) => formatNumber(r.trade.commission) },
  { key: 'exitReason', label: 'Exit reason', value: (r) => r.trade.exitReason, show: (r) => r.trade.exitReason },
];

const GRID = '56px 56px 136px 88px 136px 88px 80px 96px 84px 56px 84px 92px 100px';
const ROW_HEIGHT = 30;

type Side = 'all' | 'long' | 'short';
type Outcome = 'all' | 'win' | 'loss';

/**
 * Every trade in a virtualized grid (only the rows in view are in the DOM): sortable by every
 * column, filtered by side, outcome and exit reason; Enter or a click centres the price chart on it.
 */
export const TradesTable = memo(function TradesTable({
  trades,
  selected,
  onSelect,
}: {
  trades: readonly Trade[];
  selected?: Trade;
  onSelect: (trade: Trade) => void;
}) {
  const [sort, setSort] = useState<{ key: string; dir: 1 | -1 }>({ key: 'n', dir: 1 });
  const [side, setSide] = useState<Side>('all');
  const [outcome, setOutcome] = useState<Outcome>('all');
  const [reason, setReason] = useState<ExitReason | 'all'>('all');
  const reasons = useMemo(() => [...new Set(trades.map((t) => t.exitReason))].sort(), [trades]);
  const rows = useMemo(() => {
    const all: Row[] = [];
    trades.forEach((trade, i) => {
      if (side !== 'all' && trade.side !== side) return;
      if (outcome === 'win' && !(trade.pnl > 0)) return;
      if (outcome === 'loss' && trade.pnl > 0) return;
      if (reason !== 'all' && trade.exitReason !== reason) return;
      all.push({ n: i + 1, trade });
    });
    const column = COLUMNS.find((c) => c.key === sort.key) ?? COLUMNS[0];
    if (column.key !== 'n' || sort.dir !== 1) {
      all.sort((a, b) => {
        const va = column.value(a);
        const vb = column.value(b);
        const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb));
        return c === 0 ? a.n - b.n : c * sort.dir;
      });
    }
    return all;
  }, [trades, side, outcome, reason, sort]);

  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  const toggleSort = (key: string) => setSort((s) => (s.key === key ? { key, dir: s.dir === 1 ? -1 : 1 } : { key, dir: 1 }));
  const onRowKey = (event: KeyboardEvent<HTMLDivElement>, index: number) => {
    const move = (to: number) => {
      event.preventDefault();
      const next = Math.max(0, Math.min(rows.length - 1, to));
      virtualizer.scrollToIndex(next);
      requestAnimationFrame(() => scroller.current?.querySelector<HTMLElement>(`[data-index="${next}"]`)?.focus());
    };
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(rows[index].trade);
    } else if (event.key === 'ArrowDown') move(index + 1);
    else if (event.key === 'ArrowUp') move(index - 1);
    else if (event.key === 'PageDown') move(index + 10);
    else if (event.key === 'PageUp') move(index - 10);
  };

  return (
    <div className="chart-panel trades">
      <header>
        <h3 id="trades-title">Trades</h3>
        <div className="trade-filters">
          <label>
            Side{' '}
            <select value={side} onChange={(e) => setSide(e.target.value as Side)}>
              <option value="all">All</option>
              <option value="long">Long</option>
              <option value="short">Short</option>
            </select>
          </label>
          <label>
            Outcome{' '}
            <select value={outcome} onChange={(e) => setOutcome(e.target.value as Outcome)}>
              <option value="all">All</option>
              <option value="win">Winners</option>
              <option value="loss">Losers</option>
            </select>
          </label>
          <label>
            Exit reason{' '}
            <select value={reason} onChange={(e) => setReason(e.target.value as ExitReason | 'all')}>
              <option value="all">All</option>
              {reasons.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </label>
          <span className="muted" data-testid="trade-count">
            {formatNumber(rows.length, 0)} of {formatNumber(trades.length, 0)}
          </span>
        </div>
      </header>
      <div className="vtable" role="table" aria-labelledby="trades-title" aria-rowcount={rows.length + 1} data-testid="trades-table">
        <div className="vbt-scroll" ref={scroller}>
          <div role="rowgroup" className="vtable-head">
            <div role="row" className="vtable-row" style={{ gridTemplateColumns: GRID }}>
              {COLUMNS.map((c) => (
                <div
                  role="columnheader"
                  key={c.key}
                  className={c.num ? 'num' : undefined}
                  aria-sort={sort.key === c.key ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'}
                >
                  <button type="button" className="vt-sort" onClick={() => toggleSort(c.key)}>
                    {c.label}
                    <span aria-hidden="true">{sort.key === c.key ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''}</span>
                  </button>
                </div>
              ))}
            </div>
          </div>
          <div role="rowgroup" className="vtable-body" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const row = rows[item.index];
              const isSelected = row.trade === selected;
              return (
                <div
                  role="row"
                  key={item.key}
                  data-index={item.index}
                  aria-rowindex={item.index + 2}
                  aria-selected={isSelected}
                  tabIndex={0}
                  className={`vtable-row${isSelected ? ' selected' : ''}`}
                  style={{ gridTemplateColumns: GRID, transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                  onClick={() => onSelect(row.trade)}
                  onKeyDown={(e) => onRowKey(e, item.index)}
                >
                  {COLUMNS.map((c) => (
                    <div role="cell" key={c.key} className={cellClass(c, row.trade)}>
                      {c.show(row)}
                    </div>
                  ))}
                </div>
              );
            })}
          </div>
          {rows.length === 0 && <p className="muted vtable-empty">No trades match these filters.</p>}
        </div>
      </div>
    </div>
  );
});

function cellClass(c: Column, t: Trade): string | undefined {
  if (c.key === 'pnl' || c.key === 'returnPct') return `num ${t.pnl > 0 ? 'positive' : t.pnl < 0 ? 'negative' : ''}`;
  if (c.key === 'side') return t.side === 'long' ? 'side-long' : 'side-short';
  return c.num ? 'num' : undefined;
}
