import { Route, Routes, useParams } from 'react-router';
import './strategies/strategies.css';
import { StrategyList } from './strategies/StrategyList';
import { StrategyView } from './strategies/StrategyView';

/** A fresh view (and editor) per strategy, so nothing of the last one carries over. */
function OneStrategy() {
  const { id = '' } = useParams();
  return <StrategyView key={id} id={id} />;
}

/** /strategies: the list; /strategies/:id: one strategy in the editor (read-only for a built-in). */
export function StrategiesPage() {
  return (
    <div className="strategies-page">
      <Routes>
        <Route index element={<StrategyList />} />
        <Route path=":id" element={<OneStrategy />} />
        <Route path="*" element={<StrategyList />} />
      </Routes>
    </div>
  );
}
