import { Route, Routes } from 'react-router';
import { PageHeader } from '../components/PageHeader';
import '../components/charts/charts.css';
import './backtests/backtests.css';
import './history/history.css';
import './models/models.css';
import { ModelList } from './models/ModelList';
import { ModelView } from './models/ModelView';
import { TrainForm } from './models/TrainForm';

function List() {
  return (
    <>
      <PageHeader title="Models" subtitle="Classifiers trained on features of the bars: their metrics, what they rely on, and where they came from." />
      <ModelList />
    </>
  );
}

/** /models: the list; /models/new: the train form; /models/:modelId: one model. */
export function ModelsPage() {
  return (
    <Routes>
      <Route index element={<List />} />
      <Route path="new" element={<TrainForm />} />
      <Route path=":modelId" element={<ModelView />} />
    </Routes>
  );
}
