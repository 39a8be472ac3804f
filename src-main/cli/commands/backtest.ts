import { backtestRequestSchema } from '../../../src-shared/api/backtests';
import { STAT_DEFINITIONS } from '../../../src-shared/backtest';
import { BarwiseError } from '../../../src-shared/errors';
import { statText } from '../../../src-shared/format';
import { checkInput, namingOptions } from '../check-input';
import { twoColumns, type Command } from '../command';
import { resolveDatasetId } from '../ids';
import { BACKTEST_OPTIONS, OPTION_HELP, configFromOptions, readConfigFile, typedAsOf } from './backtest-options';
import { strategyArg } from '../strategy-arg';

/** The request as the API will check it, less the dataset (resolved from the database after). */
const requestWithoutDataset = backtestRequestSchema.omit({ datasetId: true });

export const backtestCommand: Command = {
  name: 'backtest',
  summary: 'Run one backtest and print its statistics',
  usage:
    'barwise backtest --dataset ID (--strategy ID_OR_FILE | --config FILE.json) [--param k=v …] [--timeframe TF] [--from T --to T] ' +
    '[--direction long|short|both] [--cash N] [--sizing fraction|units|cash|risk] [--size V] [--units whole|fractional] [--leverage X] ' +
    '[--commission F] [--commission-fixed N] [--spread F] [--slippage F | --slippage-ticks N --tick-size N] ' +
    '[--stop-loss X] [--take-profit X] [--trailing-stop X] [--trade-on-close] [--no-close-at-end] [--risk-free-rate F] [--name NAME] [--json]',
  optionHelp: Object.values(OPTION_HELP),
  options: BACKTEST_OPTIONS,
  async run(ctx) {
    const v = ctx.values as Record<string, string | string[] | boolean | undefined>;
    const file = typeof v.config === 'string' ? readConfigFile(v.config) : undefined;
    const fileStrategy = (file?.strategy as { id?: unknown } | undefined)?.id;
    if (!v.dataset) throw new BarwiseError('VALIDATION_FAILED', '--dataset ID is required');
    if (typeof v.strategy !== 'string' && typeof fileStrategy !== 'string') {
      throw new BarwiseError('VALIDATION_FAILED', '--strategy ID_OR_FILE is required (or a --config file whose strategy.id names one)');
    }
    // The data dir is opened here only for a path, to see whether it is in the strategies folder.
    const strategy = typeof v.strategy === 'string' ? strategyArg('--strategy', v.strategy, () => ctx.barwise().strategies.folder.dir) : undefined;
    const config = configFromOptions(v, strategy?.id, file);
    const source = strategy?.kind === 'file' ? { fileName: strategy.fileName, text: strategy.text } : undefined;
    const request = { timeframe: v.timeframe as string | undefined, config, name: v.name as string | undefined, ...(source ? { source } : {}) };
    const checked = checkConfig(request, v);
    const barwise = ctx.barwise();
    const datasetId = await resolveDatasetId(ctx, v.dataset as string);
    // A timeframe that does not divide into the dataset's bars is known only once the dataset is.
    const job = await barwise.client.backtests.run({ datasetId, ...checked }).catch((error: unknown) => {
      throw namingOptions(error, { timeframe: '--timeframe' });
    });
    const stop = barwise.events.subscribe((event) => {
      if (event.topic === 'progress' && event.id === job.id) ctx.progress(event.fraction, event.message || 'backtest');
    });
    const finished = await barwise.jobs.wait(job.id).finally(stop);
    if (finished.status !== 'completed' || !finished.resultRef) {
      const error = finished.error ?? { code: 'CANCELLED' as const, message: `backtest ${finished.status}` };
      throw new BarwiseError(error.code, error.message);
    }
    const run = await barwise.client.runs.get({ id: finished.resultRef });
    ctx.print(`run ${run.id}  ${run.name}`);
    // As the app and the PDF report show them (dates, durations, rounded figures); --json has the
    // exact numbers under their camelCase keys.
    for (const line of twoColumns(STAT_DEFINITIONS.map((d) => [d.label, statText(d.unit, run.stats[d.key])]))) ctx.print(line);
    return { id: run.id, ...run.stats };
  },
};

/**
 * Checked against the schema the API checks it with, before any data is opened, so that a
 * refusal names the option (`--commission 2: must be below 1`) rather than the config field
 * behind it (`config.commission.fraction: Too big`), or the --config file and its field.
 */
function checkConfig(request: unknown, v: Record<string, string | string[] | boolean | undefined>) {
  try {
    return checkInput(requestWithoutDataset, request, typedAsOf(v));
  } catch (error) {
    const { code, message } = error as BarwiseError;
    if (typeof v.config === 'string' && message.startsWith('config.')) {
      throw new BarwiseError(code, `--config ${v.config}: ${message.slice('config.'.length)}`);
    }
    throw error;
  }
}
