import { Link } from 'react-router';
import { EmptyState } from './EmptyState';
import { PageHeader } from './PageHeader';

/** A page whose feature is still to come: what it will do, and where to start meanwhile. */
export function NotYetAvailable({ title, subtitle }: { title: string; subtitle: string }) {
  return (
    <>
      <PageHeader title={title} subtitle={subtitle} />
      <EmptyState title="Not available in this version yet">
        <p>
          {title} builds on backtests. Start on the <Link to="/data">Data</Link> page: import a CSV or load the sample
          data, then run a backtest.
        </p>
      </EmptyState>
    </>
  );
}
