import { NotYetAvailable } from '../components/NotYetAvailable';

export const ModelsPage = () => <NotYetAvailable title="Models" subtitle="Train models on features and use them as signals." />;
