import type { z } from 'zod';
import { backtestRequestSchema } from '../../src-shared/api/backtests';
import { strategyIdSchema } from '../../src-shared/api/strategies';
import type { BacktestResult } from '../../src-shared/backtest';
import { formatTimeframe, parseTimeframe } from '../../src-shared/bars/resample';
import { BarwiseError } from '../../src-shared/errors';
import type { StrategySource } from '../../src-shared/sdk/source';
import type { StrategyDescribeTask, StrategyDescription } from '../../src-workers/tasks/strategy-tasks';
import { describeZodError } from '../api/implement';
import type { DataService } from '../data/service';
import { getDataset } from '../data/repository';
import type { JobDefinition } from '../jobs/service';
import { insertRun } from '../runs/repository';
import { builtinIds, builtinTimeframes, isBuiltin, resolveBuiltinParams } from '../strategies/builtins';
import { compileOrThrow, sourceHash } from '../strategies/compile';

export type BacktestJobParams = z.output<typeof backtestRequestSchema>;

/**
 * Checks everything that can be checked before a job exists: the request's shape, the dataset,
 * the strategy and its parameters (ranges and cross-parameter rules such as fast < slow), so a
 * mistake is reported at once, naming the field, instead of as a failed job.
 *
 * A user strategy's run carries its text (`source`: the API reads the saved file into it, or it
 * is a file given to the CLI, or the source a run recorded), so the job runs exactly the text
 * it was given even if the file changes meanwhile, and a retry runs it again. The text must
 * compile here; its parameters are checked by the worker that describes it (the API does that
 * before it submits, so the refusal is as prompt as a built-in's).
 */
export function parseBacktestRequest(data: DataService, raw: unknown): BacktestJobParams {
  const parsed = backtestRequestSchema.safeParse(raw);
  if (!parsed.success) throw new BarwiseError('VALIDATION_FAILED', describeZodError(parsed.error));
  const request = parsed.data;
  const dataset = getDataset(data.db, request.datasetId);
  const { id, params } = request.config.strategy;
  if (request.source) {
    if (isBuiltin(id)) throw new BarwiseError('STRATEGY_EXISTS', `${request.source.fileName}: "${id}" is the id of a built-in strategy; give the file another name`);
    if (!strategyIdSchema.safeParse(id).success) {
      throw new BarwiseError('VALIDATION_FAILED', `config.strategy.id: "${id}" is not a strategy id (lower-case letters, digits and dashes)`);
    }
    compileOrThrow({ id, ...request.source });
  } else if (isBuiltin(id)) {
    resolveBuiltinParams(id, params);
  } else {
    throw new BarwiseError('STRATEGY_NOT_FOUND', `no built-in strategy "${id}" (known: ${builtinIds().join(', ')}); a user strategy's run carries its source`);
  }
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
 * stored in the same transaction that marks the job completed. A user strategy is compiled here
 * and sent with the task (main never evaluates it); a worker says which higher timeframes it
 * reads with these parameters, and the run keeps the text it ran.
 */
export function backtestJob(data: DataService): JobDefinition<BacktestJobParams, BacktestResult> {
  return {
    kind: 'backtest',
    parse: (raw) => parseBacktestRequest(data, raw),
    async run(ctx) {
      const { datasetId, timeframe, config } = ctx.params;
      const dataset = getDataset(data.db, datasetId);
      ctx.progress(0, 'loading bars');
      let source: StrategySource | undefined;
      let timeframes: readonly string[];
      if (ctx.params.source) {
        source = compileOrThrow({ id: config.strategy.id, ...ctx.params.source });
        const task: StrategyDescribeTask = { source, params: config.strategy.params };
        const described = await ctx.runTask<StrategyDescription>('strategy.describe', task, { priority: 'interactive', userCode: true });
        timeframes = described.higherTimeframes;
      } else {
        timeframes = builtinTimeframes(config.strategy.id, config.strategy.params);
      }
      const bars = data.cache.getSharedBars(datasetId, timeframe);
      const higher = Object.fromEntries(timeframes.map((tf) => [tf, data.cache.getSharedBars(datasetId, tf)]));
      return ctx.runTask<BacktestResult>(
        'backtest',
        { bars, higher, config, dataHash: dataset.contentHash, ...(source ? { source } : {}) },
        // A user strategy's run is stopped by the user's time limit for strategy code.
        { priority: 'interactive', userCode: source !== undefined, onProgress: (p) => ctx.progress(p.fraction, p.message) },
      );
    },
    summary: (result) => {
      const count = (n: number, what: string) => `${n.toLocaleString('en-US')} ${what}${n === 1 ? '' : 's'}`;
      return `${count(result.equity.length, 'bar')} · ${count(result.trades.length, 'trade')}`;
    },
    persist(db, result, job) {
      const { datasetId, timeframe, name, source } = job.params as BacktestJobParams;
      const dataset = getDataset(db, datasetId);
      return insertRun(db, result, {
        datasetId,
        datasetName: dataset.name,
        symbol: dataset.symbol,
        timeframe: timeframe === undefined ? dataset.timeframe : formatTimeframe(parseTimeframe(timeframe)),
        name,
        source: source && { sourceHash: sourceHash(source.text), fileName: source.fileName, text: source.text },
      });
    },
  };
}
