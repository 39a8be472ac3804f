import { Link } from 'react-router';
import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';

export function OptimizePage() {
  return (
    <>
      <PageHeader title="Optimize" subtitle="Sweep parameter grids, walk-forward and Monte Carlo." />
      <EmptyState title="Not available in this version yet">
        <p>
          Optimize builds on backtests. Start on the <Link to="/data">Data</Link> page: import a CSV or load the sample
          data, then run a backtest.
        </p>
      </EmptyState>
    </>
  );
}
