import { backtestRequestSchema } from '../../../src-shared/api/backtests';
import { STAT_DEFINITIONS, type BacktestConfigInput } from '../../../src-shared/backtest';
import { BarwiseError } from '../../../src-shared/errors';
import { statText } from '../../../src-shared/format';
import { checkInput, namingOptions } from '../check-input';
import { twoColumns, type Command } from '../command';
import { resolveDatasetId } from '../ids';
import { parseInstant, parseNumber, parseParams } from '../parse-values';
import { strategyArg } from '../strategy-arg';

const DIRECTIONS = { long: 'long-only', short: 'short-only', both: 'both' } as const;

/** Each option as `--help` explains it; the defaults are the engine's (backtesting.py's). */
const OPTION_HELP: Readonly<Record<string, readonly [string, string]>> = {
  dataset: ['--dataset ID', 'the dataset: its id, or the prefix `barwise datasets` shows'],
  strategy: ['--strategy S', 'a strategy id (`barwise strategies` lists them with their parameters), or a .ts or .js strategy file to run without saving it'],
  param: ['--param k=v', "a strategy parameter, once per parameter; the strategy's defaults for the rest"],
  timeframe: ['--timeframe TF', "resample the bars first (1h, 4h, 1d, …); default: the dataset's own"],
  direction: ['--direction D', 'long, short or both (default: both, a crossover stops and reverses)'],
  cash: ['--cash N', 'initial cash (default 10000)'],
  commission: ['--commission F', 'a fraction of traded value, charged on entry and on exit (0.001 = 0.1%; default 0)'],
  slippage: ['--slippage F', 'a fraction of price, always against you (0.0005 = 0.05%; default 0)'],
  size: ['--size F', 'below 1, the fraction of available cash each entry uses (default 0.9999); from 1 up, a number of units'],
  units: ['--units U', 'whole (default) or fractional (crypto)'],
  from: ['--from T, --to T', 'first and last bar by open time, both included: epoch ms or an ISO date or date-time, UTC unless it has an offset; a date alone as --to takes in that whole day'],
  name: ['--name NAME', 'the run name `barwise runs` shows (default: strategy, parameters and dataset)'],
};

/** Request fields set by an option, by their schema path: a refusal names the option as typed. */
const OPTION_OF_PATH: Readonly<Record<string, string>> = {
  timeframe: 'timeframe',
  name: 'name',
  'config.strategy.id': 'strategy',
  'config.strategy.params': 'param',
  'config.from': 'from',
  'config.to': 'to',
  'config.cash': 'cash',
  'config.commission.fraction': 'commission',
  'config.slippage.fraction': 'slippage',
  'config.sizing.fraction': 'size',
  'config.sizing.quantity': 'size',
};

/** The request as the API will check it, less the dataset (resolved from the database after). */
const requestWithoutDataset = backtestRequestSchema.omit({ datasetId: true });

export const backtestCommand: Command = {
  name: 'backtest',
  summary: 'Run one backtest and print its statistics',
  usage:
    'barwise backtest --dataset ID --strategy ID_OR_FILE [--param k=v …] [--timeframe TF] [--direction long|short|both] ' +
    '[--cash N] [--commission F] [--slippage F] [--size F] [--units whole|fractional] [--from T --to T] [--name NAME] [--json]',
  optionHelp: Object.values(OPTION_HELP),
  options: {
    dataset: { type: 'string' },
    strategy: { type: 'string' },
    param: { type: 'string', multiple: true },
    timeframe: { type: 'string' },
    direction: { type: 'string' },
    cash: { type: 'string' },
    commission: { type: 'string' },
    slippage: { type: 'string' },
    size: { type: 'string' },
    units: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    name: { type: 'string' },
  },
  async run(ctx) {
    const v = ctx.values as Record<string, string | string[] | undefined>;
    if (!v.dataset || v.strategy === undefined) throw new BarwiseError('VALIDATION_FAILED', '--dataset ID and --strategy ID_OR_FILE are required');
    const direction = v.direction as string | undefined;
    if (direction !== undefined && !(direction in DIRECTIONS)) {
      throw new BarwiseError('VALIDATION_FAILED', `--direction must be long, short or both, got "${direction}"`);
    }
    const units = v.units as string | undefined;
    if (units !== undefined && units !== 'whole' && units !== 'fractional') {
      throw new BarwiseError('VALIDATION_FAILED', `--units must be whole or fractional, got "${units}"`);
    }
    const size = parseNumber('size', v.size as string | undefined);
    const slippage = parseNumber('slippage', v.slippage as string | undefined);
    const params = parseParams((v.param as string[] | undefined) ?? []);
    // The data dir is opened here only for a path, to see whether it is in the strategies folder.
    const strategy = strategyArg('--strategy', v.strategy as string, () => ctx.barwise().strategies.folder.dir);
    const config: BacktestConfigInput = {
      strategy: { id: strategy.id, params },
      cash: parseNumber('cash', v.cash as string | undefined),
      commission: { fraction: parseNumber('commission', v.commission as string | undefined) ?? 0 },
      slippage: slippage === undefined ? undefined : { kind: 'fraction', fraction: slippage },
      // As backtesting.py's `size`: below 1 a fraction of equity, from 1 up a number of units.
      sizing: size === undefined ? undefined : size < 1 ? { kind: 'equity-fraction', fraction: size } : { kind: 'fixed-quantity', quantity: size },
      fractionalUnits: units === undefined ? undefined : units === 'fractional',
      direction: direction === undefined ? undefined : DIRECTIONS[direction as keyof typeof DIRECTIONS],
      from: parseInstant('from', v.from as string | undefined),
      to: parseInstant('to', v.to as string | undefined, 'end'),
    };
    const source = strategy.kind === 'file' ? { fileName: strategy.fileName, text: strategy.text } : undefined;
    const request = { timeframe: v.timeframe as string | undefined, config, name: v.name as string | undefined, ...(source ? { source } : {}) };
    // Checked against the schema the API checks it with, before any data is opened, so that a
    // refusal names the option (`--commission 2: must be below 1`) rather than the config field
    // behind it (`config.commission.fraction: Too big`).
    checkInput(
      requestWithoutDataset,
      request,
      Object.fromEntries(
        Object.entries(OPTION_OF_PATH).map(([path, option]) => [path, { option: `--${option}`, value: v[option], meaning: OPTION_HELP[option === 'to' ? 'from' : option][1] }]),
      ),
    );
    const barwise = ctx.barwise();
    const datasetId = await resolveDatasetId(ctx, v.dataset as string);
    // A timeframe that does not divide into the dataset's bars is known only once the dataset is.
    const job = await barwise.client.backtests.run({ datasetId, ...request }).catch((error: unknown) => {
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
