import type { backtestsSpec } from '../../src-shared/api/backtests';
import { BarwiseError } from '../../src-shared/errors';
import { listStrategies } from '../../src-workers/strategies/registry';
import type { DataService } from '../data/service';
import type { JobService } from '../jobs/service';
import { getRun } from '../runs/repository';
import type { FeatureImpl } from './implement';

interface BacktestsDeps {
  readonly jobs: JobService;
  readonly data: DataService;
}

/** Waits for a backtest job and returns its run id, or throws the job's own error. */
async function finishedRunId(jobs: JobService, jobId: string): Promise<string> {
  const job = await jobs.wait(jobId);
  if (job.status === 'completed' && job.resultRef) return job.resultRef;
  const error = job.error ?? { code: 'CANCELLED' as const, message: `Backtest job ended ${job.status}` };
  throw new BarwiseError(error.code, error.message);
}

export function backtestsImpl({ jobs, data }: BacktestsDeps): FeatureImpl<typeof backtestsSpec> {
  return {
    strategies: () => listStrategies(),
    run: (request) => jobs.submit('backtest', request),
    runAndWait: async (request) => {
      const job = jobs.submit('backtest', request);
      return { jobId: job.id, runId: await finishedRunId(jobs, job.id) };
    },
    reproduce: async ({ runId }) => {
      const original = getRun(data.db, runId);
      if (!original.datasetId) {
        throw new BarwiseError(
          'DATASET_NOT_FOUND',
          `The dataset of run "${original.name}" (${original.datasetName}, content ${original.provenance.dataHash.slice(0, 12)}…) was deleted; re-import it to reproduce the run`,
        );
      }
      const job = jobs.submit('backtest', {
        datasetId: original.datasetId,
        timeframe: original.timeframe,
        config: original.config,
        name: `${original.name} (reproduced)`,
      });
      const newRunId = await finishedRunId(jobs, job.id);
      const reproduced = getRun(data.db, newRunId);
      return {
        originalId: runId,
        newRunId,
        originalHash: original.resultHash,
        newHash: reproduced.resultHash,
        bitIdentical: original.resultHash === reproduced.resultHash,
      };
    },
  };
}
