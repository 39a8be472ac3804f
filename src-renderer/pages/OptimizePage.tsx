import { NotYetAvailable } from '../components/NotYetAvailable';

export const OptimizePage = () => (
  <NotYetAvailable title="Optimize" subtitle="Sweep parameter grids, walk-forward and Monte Carlo." />
);
