import { Route, Routes } from 'react-router';
import { PageHeader } from '../components/PageHeader';
import '../components/charts/charts.css';
import './backtests/backtests.css';
import './optimize/optimize.css';
import { OptimizationList } from './optimize/OptimizationList';
import { OptimizationView } from './optimize/OptimizationView';
import { SetupForm } from './optimize/SetupForm';

function OptimizeHome() {
  return (
    <>
      <PageHeader title="Optimize" subtitle="Search parameters on the pool, walk forward, stress-test a run with Monte Carlo, and see how likely the best is luck." />
      <SetupForm />
      <OptimizationList />
    </>
  );
}

/** /optimize: set up a new optimization and list the past ones; /optimize/:id: one optimization. */
export function OptimizePage() {
  return (
    <Routes>
      <Route index element={<OptimizeHome />} />
      <Route path=":id" element={<OptimizationView />} />
      <Route path="*" element={<OptimizeHome />} />
    </Routes>
  );
}
