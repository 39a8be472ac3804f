import { Link } from 'react-router';
import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';

export function HistoryPage() {
  return (
    <>
      <PageHeader title="History" subtitle="Every backtest you have run, with its statistics." />
      <EmptyState title="No runs yet">
        <p>
          Runs appear here once you run a backtest. <Link to="/backtests">Run your first backtest</Link>.
        </p>
      </EmptyState>
    </>
  );
}
