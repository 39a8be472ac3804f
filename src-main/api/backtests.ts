import type { BacktestRequest, backtestsSpec } from '../../src-shared/api/backtests';
import type { ReproduceOutcome } from '../../src-shared/api/runs';
import { BarwiseError } from '../../src-shared/errors';
import type { DataService } from '../data/service';
import type { JobService } from '../jobs/service';
import { getRun } from '../runs/repository';
import { findSource } from '../runs/sources';
import type { StrategyService } from '../strategies/service';
import type { FeatureImpl } from './implement';

interface BacktestsDeps {
  readonly jobs: JobService;
  readonly data: DataService;
  readonly strategies: StrategyService;
}

/** Waits for a backtest job and returns its run id, or throws the job's own error. */
async function finishedRunId(jobs: JobService, jobId: string): Promise<string> {
  const job = await jobs.wait(jobId);
  if (job.status === 'completed' && job.resultRef) return job.resultRef;
  const error = job.error ?? { code: 'CANCELLED' as const, message: `Backtest job ended ${job.status}` };
  throw new BarwiseError(error.code, error.message);
}

/**
 * The request as the job takes it: a user strategy's saved text read into `source` (so the job
 * runs what was saved when it was asked for), after the text compiled and a worker accepted it
 * with these parameters. A built-in's request is unchanged.
 */
async function withSource(strategies: StrategyService, request: BacktestRequest): Promise<BacktestRequest> {
  const { id, params = {} } = request.config.strategy;
  const strategy = await strategies.forRun(id, params, request.source);
  if (strategy.origin === 'builtin') return request;
  return { ...request, source: { fileName: strategy.text.fileName, text: strategy.text.text } };
}

export function backtestsImpl({ jobs, data, strategies }: BacktestsDeps): FeatureImpl<typeof backtestsSpec> {
  const submit = async (request: BacktestRequest) => jobs.submit('backtest', await withSource(strategies, request));
  return {
    strategies: () => strategies.runnable(),
    run: (request) => submit(request),
    runAndWait: async (request) => {
      const job = await submit(request);
      return { jobId: job.id, runId: await finishedRunId(jobs, job.id) };
    },
    reproduce: async ({ runId }): Promise<ReproduceOutcome> => {
      const original = getRun(data.db, runId);
      if (!original.datasetId) {
        throw new BarwiseError(
          'DATASET_NOT_FOUND',
          `The dataset of run "${original.name}" (${original.datasetName}, content ${original.provenance.dataHash.slice(0, 12)}…) was deleted; re-import it to reproduce the run`,
        );
      }
      // A run of a user strategy is reproduced from the source it recorded, whatever the file holds now.
      const recordedHash = original.provenance.sourceHash;
      const recorded = recordedHash === undefined ? undefined : findSource(data.db, recordedHash);
      if (recordedHash !== undefined && !recorded) {
        throw new BarwiseError('NOT_FOUND', `The strategy source of run "${original.name}" (${recordedHash.slice(0, 12)}…) was not kept, so the run cannot be reproduced`);
      }
      const job = await submit({
        datasetId: original.datasetId,
        timeframe: original.timeframe,
        config: original.config,
        name: `${original.name} (reproduced)`,
        ...(recorded ? { source: { fileName: recorded.fileName, text: recorded.text } } : {}),
      });
      const newRunId = await finishedRunId(jobs, job.id);
      const reproduced = getRun(data.db, newRunId);
      const outcome: ReproduceOutcome = {
        originalId: runId,
        newRunId,
        originalHash: original.resultHash,
        newHash: reproduced.resultHash,
        bitIdentical: original.resultHash === reproduced.resultHash,
      };
      if (recordedHash === undefined) return outcome;
      const currentHash = await strategies.currentHash(original.strategyId);
      return { ...outcome, source: { recordedHash, currentHash, changed: currentHash !== recordedHash } };
    },
  };
}
