import { MAX_OPTIMIZATIONS_LISTED, optimizationsSpec, type CreateOptimizationInput, type OptimizationDetail, type VariantRow } from '../../../src-shared/api/optimizations';
import type { BacktestConfigInput } from '../../../src-shared/backtest';
import { BarwiseError } from '../../../src-shared/errors';
import { parseObjective } from '../../../src-shared/optimize/objective';
import { parseConstraint, parseGridArgument, type ParamRange, type SearchMethodInput } from '../../../src-shared/optimize/search';
import { parseDuration, type Duration } from '../../../src-shared/optimize/walk-forward';
import type { Barwise } from '../../barwise';
import { checkInput } from '../check-input';
import { twoColumns, type Command, type CommandContext } from '../command';
import { resolveDatasetId } from '../ids';
import { parseInstant, parseNumber, parseParams, parseWholeNumber } from '../parse-values';
import { strategyArg } from '../strategy-arg';

/** A parse function's RangeError as the CLI's usage refusal (after `option`, when the message does not name it). */
function typed<T>(parse: () => T, option = ''): T {
  try {
    return parse();
  } catch (error) {
    throw new BarwiseError('VALIDATION_FAILED', `${option ? `${option}: ` : ''}${(error as Error).message}`);
  }
}

const SEARCH_OPTIONS = {
  dataset: { type: 'string' },
  strategy: { type: 'string' },
  grid: { type: 'string', multiple: true },
  param: { type: 'string', multiple: true },
  random: { type: 'string' },
  bayes: { type: 'string' },
  seed: { type: 'string' },
  objective: { type: 'string' },
  constraint: { type: 'string', multiple: true },
  timeframe: { type: 'string' },
  cash: { type: 'string' },
  commission: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  name: { type: 'string' },
} as const;

const SEARCH_HELP: readonly (readonly [string, string])[] = [
  ['--dataset ID', 'the dataset: its id, or the prefix `barwise datasets` shows'],
  ['--strategy S', 'a strategy id (`barwise strategies` lists them with their parameters), or a .ts or .js file'],
  ['--grid k=MIN:MAX:STEP', 'a parameter to vary and its values (or k=V1,V2,… for a list); once per parameter'],
  ['--param k=v', 'a parameter held at a value (the strategy default otherwise)'],
  ['--random N', 'N variants drawn at random from the grid instead of every one'],
  ['--bayes N', 'N variants chosen by a Bayesian search (TPE) instead of every one'],
  ['--seed S', 'the seed of --random and --bayes (default 1): the same seed gives the same variants'],
  ['--objective O', 'what ranks variants: sharpe (default), sortino, sqn, return, cagr, calmar, profitFactor, returnOverMaxDrawdown or any statistic, with :min to minimize'],
  ['--constraint C', "a rule such as 'fast<slow' (parameters, checked before a variant runs) or 'trades>=10' (statistics, checked after); repeatable"],
  ['--timeframe TF', "resample the bars first (1h, 4h, 1d, …); default: the dataset's own"],
  ['--cash N, --commission F', 'initial cash (default 10000) and commission as a fraction of traded value (default 0)'],
  ['--from T, --to T', 'first and last bar by open time (epoch ms or an ISO date), as for barwise backtest'],
  ['--name NAME', 'the name `barwise optimizations` shows'],
];

type Values = Record<string, string | string[] | boolean | undefined>;

function searchMethod(v: Values): SearchMethodInput {
  if (v.random !== undefined && v.bayes !== undefined) throw new BarwiseError('VALIDATION_FAILED', '--random and --bayes are two different searches: give one');
  const seed = parseWholeNumber('seed', v.seed as string | undefined, 0, 2 ** 32 - 1);
  if (v.random !== undefined) return { method: 'random', samples: parseWholeNumber('random', v.random as string, 1, 1_000_000)!, ...(seed === undefined ? {} : { seed }) };
  if (v.bayes !== undefined) return { method: 'bayesian', samples: parseWholeNumber('bayes', v.bayes as string, 1, 100_000)!, ...(seed === undefined ? {} : { seed }) };
  if (seed !== undefined) throw new BarwiseError('VALIDATION_FAILED', '--seed goes with --random or --bayes: a grid runs every variant');
  return { method: 'grid' };
}

/** The request of `optimize` and `walkforward` from their options (the walk-forward part added by the caller). */
async function searchRequest(ctx: CommandContext, v: Values) {
  if (!v.dataset || v.strategy === undefined) throw new BarwiseError('VALIDATION_FAILED', '--dataset ID and --strategy ID_OR_FILE are required');
  const grids = (v.grid as string[] | undefined) ?? [];
  if (grids.length === 0) throw new BarwiseError('VALIDATION_FAILED', 'name at least one parameter to vary with --grid k=MIN:MAX:STEP');
  const space: Record<string, ParamRange> = {};
  for (const text of grids) {
    const { name, range } = typed(() => parseGridArgument(text));
    if (name in space) throw new BarwiseError('VALIDATION_FAILED', `--grid ${name} is given twice`);
    space[name] = range;
  }
  const constraints = ((v.constraint as string[] | undefined) ?? []).map((c) => typed(() => parseConstraint(c), '--constraint'));
  const objective = v.objective === undefined ? undefined : typed(() => parseObjective(v.objective as string), '--objective');
  const strategy = strategyArg('--strategy', v.strategy as string, () => ctx.barwise().strategies.folder.dir);
  const config: BacktestConfigInput = {
    strategy: { id: strategy.id, params: parseParams((v.param as string[] | undefined) ?? []) },
    cash: parseNumber('cash', v.cash as string | undefined),
    commission: { fraction: parseNumber('commission', v.commission as string | undefined) ?? 0 },
    from: parseInstant('from', v.from as string | undefined),
    to: parseInstant('to', v.to as string | undefined, 'end'),
  };
  const search = { space, method: searchMethod(v), constraints, ...(objective ? { objective } : {}) };
  const datasetId = await resolveDatasetId(ctx, v.dataset as string);
  return {
    datasetId,
    ...(v.timeframe === undefined ? {} : { timeframe: v.timeframe as string }),
    config,
    ...(strategy.kind === 'file' ? { source: { fileName: strategy.fileName, text: strategy.text } } : {}),
    ...(v.name === undefined ? {} : { name: v.name as string }),
    search,
  };
}

/**
 * Creates the optimization, follows it to the end with progress on the terminal (Ctrl-C cancels
 * it: what it stored stays, and `resume` in the app carries on), and returns it as finished.
 */
export async function follow(ctx: CommandContext, request: CreateOptimizationInput): Promise<OptimizationDetail> {
  const barwise = ctx.barwise();
  const { optimization, job } = await barwise.client.optimizations.create(request);
  const id = optimization.id;
  ctx.print(`optimization ${id}  ${optimization.name}`);
  const stop = barwise.events.subscribe((event) => {
    if (event.topic === 'optimization' && event.id === id && event.variantsTotal > 0) {
      const best = event.bestObjective === null ? '' : `, best ${event.bestObjective.toPrecision(4)}`;
      ctx.progress(event.variantsDone / event.variantsTotal, `${event.variantsDone.toLocaleString('en-US')} of ${event.variantsTotal.toLocaleString('en-US')} variants${best}`);
    } else if (event.topic === 'progress' && event.id === job.id && optimization.kind === 'monte-carlo') {
      ctx.progress(event.fraction, event.message || 'simulating');
    }
  });
  // Ctrl-C cancels the optimization (its variants so far stay) instead of killing the process mid-write.
  const onSigint = () => void barwise.client.optimizations.cancel({ id }).catch(() => undefined);
  process.on('SIGINT', onSigint);
  try {
    const finished = await barwise.jobs.wait(job.id);
    if (finished.status !== 'completed') {
      const error = finished.error ?? { code: 'CANCELLED' as const, message: `optimization ${finished.status}` };
      throw new BarwiseError(error.code, error.code === 'CANCELLED' ? `cancelled: optimization ${id} keeps the variants it finished` : error.message);
    }
  } finally {
    stop();
    process.off('SIGINT', onSigint);
  }
  return barwise.client.optimizations.get({ id });
}

const paramsText = (params: Readonly<Record<string, unknown>>) =>
  Object.entries(params)
    .map(([k, value]) => `${k}=${String(value)}`)
    .join(' ');

const figure = (x: number | null | undefined, digits = 3) => (x === null || x === undefined ? '—' : Number(x.toFixed(digits)).toString());

async function topVariants(barwise: Barwise, id: string, limit: number, direction: 'maximize' | 'minimize'): Promise<readonly VariantRow[]> {
  const page = await barwise.client.optimizations.results({ id, sort: 'objective', order: direction === 'maximize' ? 'desc' : 'asc', limit });
  return page.rows;
}

export const optimizeCommand: Command = {
  name: 'optimize',
  summary: 'Search a strategy\'s parameters (grid, random or Bayesian) and print the best',
  usage:
    "barwise optimize --dataset ID --strategy NAME --grid fast=5:50:5 --grid slow=20:200:10 [--random N | --bayes N] [--seed S] [--objective sharpe] [--constraint 'fast<slow'] [--param k=v …] [--json]",
  optionHelp: SEARCH_HELP,
  options: SEARCH_OPTIONS,
  async run(ctx) {
    const request = await searchRequest(ctx, ctx.values);
    const done = await follow(ctx, { kind: 'search', ...request });
    const direction = request.search.objective?.direction ?? 'maximize';
    const top = await topVariants(ctx.barwise(), done.id, 10, direction);
    printSearch(ctx, done, top);
    return { ...done, top };
  },
};

function printSearch(ctx: CommandContext, done: OptimizationDetail, top: readonly VariantRow[]): void {
  ctx.print(`${done.variantsDone.toLocaleString('en-US')} variants`);
  if (done.best) ctx.print(`best: ${paramsText(done.best.params)}  objective ${figure(done.best.objective)}`);
  else ctx.print('no variant had an objective (no trades, or every one broke a constraint)');
  const summary = done.summary;
  if (summary?.kind === 'search') {
    if (summary.stability?.meanObjective !== null && summary.stability) {
      ctx.print(`stability: its ${summary.stability.neighbours} neighbours average ${figure(summary.stability.meanObjective)}`);
    }
    if (summary.diagnostics) ctx.print(summary.diagnostics.sentence);
  }
  if (top.length > 0) {
    ctx.print('');
    ctx.print('top variants:');
    for (const line of twoColumns(top.map((v) => [`#${v.index}`, `${figure(v.objective)}  ${paramsText(v.params)}  trades ${v.stats.numTrades ?? 0}`]))) ctx.print(line);
  }
}

const durationOption = (name: string, raw: string | undefined): Duration | undefined =>
  raw === undefined ? undefined : typed(() => parseDuration(raw), `--${name}`);

export const walkforwardCommand: Command = {
  name: 'walkforward',
  summary: 'Walk-forward analysis: optimize on each in-sample window, run the best on the next out-of-sample one',
  usage: "barwise walkforward --dataset ID --strategy NAME --grid k=MIN:MAX:STEP … --is 6M --oos 1M [--step 1M] [--anchored] [--random N | --bayes N] [--objective O] [--json]",
  optionHelp: [
    ...SEARCH_HELP,
    ['--is D', 'in-sample length: a number and a unit, b (bars), m (minutes), h, d, w, M (months), y — e.g. 6M'],
    ['--oos D', 'out-of-sample length, e.g. 1M'],
    ['--step D', 'how far each window moves on (default: the out-of-sample length, so windows tile the data)'],
    ['--anchored', 'every in-sample window starts at the first bar (default: rolling)'],
  ],
  options: { ...SEARCH_OPTIONS, is: { type: 'string' }, oos: { type: 'string' }, step: { type: 'string' }, anchored: { type: 'boolean', default: false } },
  async run(ctx) {
    const v = ctx.values;
    const inSample = durationOption('is', v.is as string | undefined);
    const outOfSample = durationOption('oos', v.oos as string | undefined);
    if (!inSample || !outOfSample) throw new BarwiseError('VALIDATION_FAILED', '--is D and --oos D are required (e.g. --is 6M --oos 1M)');
    const step = durationOption('step', v.step as string | undefined);
    const request = await searchRequest(ctx, v);
    const walkForward = { mode: v.anchored ? ('anchored' as const) : ('rolling' as const), inSample, outOfSample, ...(step ? { step } : {}) };
    const done = await follow(ctx, { kind: 'walk-forward', ...request, walkForward });
    const summary = done.summary;
    if (summary?.kind === 'walk-forward') {
      const day = (t: number) => new Date(t).toISOString().slice(0, 10);
      ctx.print(`${summary.windows.length} windows`);
      for (const line of twoColumns(
        summary.windows.map((w) => [
          `#${w.index + 1}`,
          `IS ${day(w.isFrom)}…${day(w.isTo)}  OOS ${day(w.oosFrom)}…${day(w.oosTo)}  ${w.bestParams ? paramsText(w.bestParams) : 'no best'}  IS ${figure(w.isObjective)}  OOS ${figure(w.oosObjective)}`,
        ]),
      )) {
        ctx.print(line);
      }
      const s = summary.stitched.stats;
      ctx.print(`out of sample: return ${figure(s.returnPct, 2)}%  Sharpe ${figure(s.sharpe)}  max drawdown ${figure(s.maxDrawdownPct, 2)}%  trades ${s.numTrades}`);
      ctx.print(`walk-forward efficiency: ${figure(summary.efficiency)}`);
    }
    return done;
  },
};

export const montecarloCommand: Command = {
  name: 'montecarlo',
  summary: "Monte Carlo robustness of a stored run: its trades reshuffled or bootstrapped",
  usage: 'barwise montecarlo RUN_ID [--runs 1000] [--method reshuffle|bootstrap|blocks] [--seed S] [--threshold PCT] [--json]',
  positionals: 1,
  optionHelp: [
    ['--runs N', 'simulations (default 1000)'],
    ['--method M', "reshuffle (the trades' order, default), bootstrap (trades drawn with replacement) or blocks (prices resampled)"],
    ['--seed S', 'the seed (default 1): the same seed gives the same figures'],
    ['--threshold PCT', 'report the chance of a drawdown deeper than this (default 20)'],
    ['--name NAME', 'the name `barwise optimizations` shows'],
  ],
  options: { runs: { type: 'string' }, method: { type: 'string' }, seed: { type: 'string' }, threshold: { type: 'string' }, name: { type: 'string' } },
  async run(ctx) {
    const v = ctx.values as Record<string, string | undefined>;
    const runId = ctx.positionals[0];
    if (!runId) throw new BarwiseError('VALIDATION_FAILED', 'name the RUN_ID (barwise runs lists them)');
    const method = v.method;
    if (method !== undefined && !['reshuffle', 'bootstrap', 'blocks'].includes(method)) {
      throw new BarwiseError('VALIDATION_FAILED', `--method must be reshuffle, bootstrap or blocks, got "${method}"`);
    }
    const monteCarlo = {
      ...(method === undefined ? {} : { method: method as 'reshuffle' | 'bootstrap' | 'blocks' }),
      ...(v.runs === undefined ? {} : { runs: parseWholeNumber('runs', v.runs, 1, 100_000) }),
      ...(v.seed === undefined ? {} : { seed: parseWholeNumber('seed', v.seed, 0, 2 ** 32 - 1) }),
      ...(v.threshold === undefined ? {} : { drawdownThresholdPct: parseNumber('threshold', v.threshold) }),
    };
    const done = await follow(ctx, { kind: 'monte-carlo', runId, monteCarlo, ...(v.name === undefined ? {} : { name: v.name }) });
    const summary = done.summary;
    if (summary?.kind === 'monte-carlo') {
      const r = summary.result;
      ctx.print(`${r.runs.toLocaleString('en-US')} ${r.method} simulations of ${summary.trades} trades (seed ${r.seed})`);
      const header = r.percentiles.map((p) => `${p}%`.padStart(10)).join('');
      ctx.print(`${''.padEnd(16)}${header}`);
      const row = (label: string, values: readonly number[] | undefined) => ctx.print(`${label.padEnd(16)}${(values ?? []).map((x) => figure(x, 2).padStart(10)).join('')}`);
      row('final equity', r.finalEquity.percentiles);
      row('max drawdown %', r.maxDrawdownPct.percentiles);
      row('CAGR %', r.cagrPct?.percentiles);
      ctx.print(`P(max drawdown > ${r.drawdownThresholdPct}%) = ${figure(r.probabilityDrawdownBeyondThreshold * 100, 1)}%`);
    }
    return done;
  },
};

export const optimizationsCommand: Command = {
  name: 'optimizations',
  summary: 'List optimizations (searches, walk-forward analyses, Monte Carlo studies)',
  usage: 'barwise optimizations [--status S] [--strategy ID] [--limit N] [--json]',
  optionHelp: [
    ['--status S', 'only those queued, running, completed, failed or cancelled'],
    ['--strategy ID', "only this strategy's"],
    ['--limit N', 'at most N, newest first (default 50)'],
  ],
  options: { status: { type: 'string' }, strategy: { type: 'string' }, limit: { type: 'string', default: '50' } },
  async run(ctx) {
    const v = ctx.values as Record<string, string | undefined>;
    const input = checkInput(
      optimizationsSpec.list.input,
      { status: v.status, strategyId: v.strategy, limit: parseWholeNumber('limit', v.limit, 1, MAX_OPTIMIZATIONS_LISTED) },
      { status: { option: '--status', value: v.status }, strategyId: { option: '--strategy', value: v.strategy } },
    );
    const list = await ctx.barwise().client.optimizations.list(input);
    for (const o of list) {
      const best = o.best ? `  best ${figure(o.best.objective)} (${paramsText(o.best.params)})` : '';
      ctx.print(`${o.id}  ${o.kind.padEnd(12)} ${o.status.padEnd(9)} ${o.variantsDone}/${o.variantsTotal}  ${o.name}${best}`);
    }
    if (list.length === 0) ctx.print('no optimizations');
    return list;
  },
};
