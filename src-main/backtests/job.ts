import type { z } from 'zod';
import { backtestRequestSchema } from '../../src-shared/api/backtests';
import type { BacktestResult } from '../../src-shared/backtest';
import { formatTimeframe, parseTimeframe } from '../../src-shared/bars/resample';
import { BarwiseError } from '../../src-shared/errors';
import { getStrategy, requiredTimeframes, resolveParams } from '../../src-workers/strategies/registry';
import { describeZodError } from '../api/implement';
import type { DataService } from '../data/service';
import { getDataset } from '../data/repository';
import type { JobDefinition } from '../jobs/service';
import { insertRun } from '../runs/repository';

export type BacktestJobParams = z.output<typeof backtestRequestSchema>;

/**
 * Checks everything that can be checked before a job exists: the request's shape, the dataset,
 * the strategy and its parameters (ranges and cross-parameter rules such as fast < slow), so a
 * mistake is reported at once, naming the field, instead of as a failed job.
 */
export function parseBacktestRequest(data: DataService, raw: unknown): BacktestJobParams {
  const parsed = backtestRequestSchema.safeParse(raw);
  if (!parsed.success) throw new BarwiseError('VALIDATION_FAILED', describeZodError(parsed.error));
  const request = parsed.data;
  const dataset = getDataset(data.db, request.datasetId);
  const strategy = getStrategy(request.config.strategy.id);
  resolveParams(strategy, request.config.strategy.params);
  if (request.timeframe !== undefined) {
    const target = parseTimeframe(request.timeframe);
    const base = parseTimeframe(dataset.timeframe);
    if (target < base || target % base !== 0) {
      throw new BarwiseError(
        'VALIDATION_FAILED',
        `timeframe: ${request.timeframe} is not a whole multiple of the dataset's ${dataset.timeframe} bars`,
      );
    }
  }
  return request;
}

/**
 * The `backtest` job: bars from the shared cache (resampled on demand, higher timeframes for
 * multi-timeframe strategies), one engine run on the pool at interactive priority, and the run
 * stored in the same transaction that marks the job completed.
 */
export function backtestJob(data: DataService): JobDefinition<BacktestJobParams, BacktestResult> {
  return {
    kind: 'backtest',
    parse: (raw) => parseBacktestRequest(data, raw),
    async run(ctx) {
      const { datasetId, timeframe, config } = ctx.params;
      const dataset = getDataset(data.db, datasetId);
      ctx.progress(0, 'loading bars');
      const bars = data.cache.getSharedBars(datasetId, timeframe);
      const higher = Object.fromEntries(
        requiredTimeframes(config.strategy.id, config.strategy.params).map((tf) => [tf, data.cache.getSharedBars(datasetId, tf)]),
      );
      return ctx.runTask<BacktestResult>(
        'backtest',
        { bars, higher, config, dataHash: dataset.contentHash },
        { priority: 'interactive', onProgress: (p) => ctx.progress(p.fraction, p.message) },
      );
    },
    persist(db, result, job) {
      const { datasetId, timeframe, name } = job.params as BacktestJobParams;
      const dataset = getDataset(db, datasetId);
      return insertRun(db, result, {
        datasetId,
        datasetName: dataset.name,
        symbol: dataset.symbol,
        timeframe: timeframe === undefined ? dataset.timeframe : formatTimeframe(parseTimeframe(timeframe)),
        name,
      });
    },
  };
}
