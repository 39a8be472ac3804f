import type { optimizationsSpec } from '../../src-shared/api/optimizations';
import type { JobService } from '../jobs/service';
import type { OptimizationService } from '../optimizations/service';
import type { FeatureImpl } from './implement';

export function optimizationsImpl(optimizations: OptimizationService, jobs: JobService): FeatureImpl<typeof optimizationsSpec> {
  return {
    create: (request) => optimizations.create(request),
    list: (filter) => optimizations.list(filter),
    get: ({ id }) => optimizations.get(id),
    update: ({ id, ...patch }) => optimizations.update(id, patch),
    delete: ({ id }) => optimizations.delete(id),
    results: (query) => optimizations.results(query),
    bestParams: ({ id }) => optimizations.bestParams(id),
    heatmap: ({ id, x, y }) => optimizations.heatmap(id, x, y),
    cancel: ({ id }) => optimizations.cancel(id),
    resume: ({ id }) => optimizations.resume(id),
    exportCsv: ({ id }) => optimizations.exportCsv(id),
    openAsBacktest: ({ id, index, window }) => jobs.submit('backtest', optimizations.backtestRequest(id, index, window)),
  };
}
