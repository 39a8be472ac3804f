import type { jobsSpec } from '../../src-shared/api/jobs';
import type { JobService } from '../jobs/service';
import type { WorkerPool } from '../pool/pool';
import type { FeatureImpl } from './implement';

interface JobsDeps {
  readonly jobs: JobService;
  readonly pool: WorkerPool;
}

export function jobsImpl({ jobs, pool }: JobsDeps): FeatureImpl<typeof jobsSpec> {
  return {
    list: (input) => jobs.list(input),
    get: ({ id }) => jobs.get(id),
    cancel: ({ id }) => jobs.cancel(id),
    retry: ({ id }) => jobs.retry(id),
    clearFinished: () => ({ removed: jobs.clearFinished() }),
    poolMetrics: () => pool.metrics(),
  };
}
