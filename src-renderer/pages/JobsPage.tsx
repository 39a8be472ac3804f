import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';

export function JobsPage() {
  return (
    <>
      <PageHeader title="Jobs" subtitle="Imports, backtests and sweeps running on this machine." />
      <EmptyState title="No jobs yet">
        <p>Long work — imports, backtests, sweeps — shows up here with its progress, and can be cancelled.</p>
      </EmptyState>
    </>
  );
}
