import { Link } from 'react-router';
import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';

export function BacktestsPage() {
  return (
    <>
      <PageHeader title="Backtests" subtitle="Pick data and a strategy, run, and read the results." />
      <EmptyState title="You need data first">
        <p>
          A backtest runs a strategy over a dataset. <Link to="/data">Import a CSV or load the sample data</Link> to start.
        </p>
      </EmptyState>
    </>
  );
}
