import { Route, Routes } from 'react-router';
import { PageHeader } from '../components/PageHeader';
import '../components/charts/charts.css';
import './backtests/backtests.css';
import { NewBacktestForm } from './backtests/NewBacktestForm';
import { RunView } from './backtests/RunView';

function NewBacktest() {
  return (
    <>
      <PageHeader title="Backtests" subtitle="Pick data and a strategy, run, and read the results." />
      <NewBacktestForm />
    </>
  );
}

/** /backtests: the form; /backtests/run/:runId: one run's results. */
export function BacktestsPage() {
  return (
    <Routes>
      <Route index element={<NewBacktest />} />
      <Route path="run/:runId" element={<RunView />} />
      <Route path="*" element={<NewBacktest />} />
    </Routes>
  );
}
