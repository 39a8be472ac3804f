import { Link } from 'react-router';
import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';

export function ModelsPage() {
  return (
    <>
      <PageHeader title="Models" subtitle="Train models on features and use them as signals." />
      <EmptyState title="Not available in this version yet">
        <p>
          Models builds on backtests. Start on the <Link to="/data">Data</Link> page: import a CSV or load the sample
          data, then run a backtest.
        </p>
      </EmptyState>
    </>
  );
}
