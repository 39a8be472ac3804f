import { z } from 'zod';
import { backtestConfigSchema, type StrategyInfo } from '../backtest';
import type { Job } from './jobs';
import type { ReproduceOutcome } from './runs';
import { method, returns } from './define';
import { MAX_STRATEGY_TEXT_CHARS } from './strategies';
import { timeframeSchema } from './timeframe';

export const backtestRequestSchema = z
  .object({
    datasetId: z.uuid(),
    /** Resample the dataset to this timeframe first ('1h', '4h', …); omitted = the dataset's own. */
    timeframe: timeframeSchema.optional(),
    config: backtestConfigSchema,
    /** The run's name in History; a descriptive default otherwise. */
    name: z.string().trim().min(1).max(200).optional(),
    /**
     * Strategy text to run instead of a saved file: a file given to the CLI by its path
     * (`--strategy PATH/x.ts`), or the source a run recorded (Reproduce). `config.strategy.id`
     * names it (the file's base name). Without it, a user strategy's id runs its saved file.
     */
    source: z
      .object({
        /** How errors name the file: its path, or `strategies/<id>.ts`. */
        fileName: z.string().trim().min(1).max(500),
        text: z.string().max(MAX_STRATEGY_TEXT_CHARS),
      })
      .strict()
      .optional(),
  })
  .strict();

export type BacktestRequest = z.input<typeof backtestRequestSchema>;

export const backtestsSpec = {
  /** What the form offers: the built-ins and the user strategies that can run (StrategyEntry, which extends StrategyInfo). */
  strategies: method(z.object({}).strict(), returns<readonly StrategyInfo[]>()),
  /** Queues a backtest job (interactive priority). Progress and completion arrive as job events; the job's resultRef is the run id. */
  run: method(backtestRequestSchema, returns<Job>()),
  /** Runs a backtest and resolves with the stored run's id once it completes (the CLI uses this). */
  runAndWait: method(backtestRequestSchema, returns<{ readonly runId: string; readonly jobId: string }>()),
  /** Re-runs a stored run from its recorded config and dataset and says whether the result is bit-identical. */
  reproduce: method(z.object({ runId: z.uuid() }).strict(), returns<ReproduceOutcome>()),
};
