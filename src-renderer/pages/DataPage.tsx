import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';

export function DataPage() {
  return (
    <>
      <PageHeader title="Data" subtitle="Your market data: CSV exports from exchanges, brokers and charting tools." />
      <EmptyState title="Welcome to Barwise">
        <p>Start by bringing in price data: drop a CSV export here, or try the synthetic sample dataset.</p>
        <ol>
          <li>Import data (CSV with time, open, high, low, close, volume).</li>
          <li>Pick a strategy and run a backtest.</li>
          <li>Read equity, drawdown, trades and statistics; sweep parameters.</li>
        </ol>
      </EmptyState>
    </>
  );
}
