import { Route, Routes } from 'react-router';
import { PageHeader } from '../components/PageHeader';
import '../components/charts/charts.css';
import './backtests/backtests.css';
import './history/history.css';
import { ComparePage } from './history/ComparePage';
import { RunList } from './history/RunList';

function History() {
  return (
    <>
      <PageHeader title="History" subtitle="Every backtest you have run, with its statistics." />
      <RunList />
    </>
  );
}

/** /history: every run; /history/compare?ids=a,b: 2–4 runs side by side. */
export function HistoryPage() {
  return (
    <Routes>
      <Route index element={<History />} />
      <Route path="compare" element={<ComparePage />} />
      <Route path="*" element={<History />} />
    </Routes>
  );
}
