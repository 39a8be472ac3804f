import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { trainRequestSchema, type ModelDetail, type TrainOutcome, type TrainRequest } from '../../../src-shared/api/models';
import { BarwiseError, toErrorValue } from '../../../src-shared/errors';
import { ALGORITHMS, HYPERPARAMETERS, type ModelConfigInput } from '../../../src-shared/ml/config';
import { parseFeatureName } from '../../../src-shared/ml/features';
import { checkInput, namingOptions } from '../check-input';
import type { Command, CommandContext } from '../command';
import { resolveDatasetId } from '../ids';
import { parseNumber, parseParams, parseWholeNumber } from '../parse-values';
import { metricsLine, resolveModelId } from './model-ids';

const OPTION_HELP = {
  dataset: ['--dataset ID', 'the dataset: its id, or the prefix `barwise datasets` shows'],
  features: ['--features LIST', 'features by short name, comma-separated: rsi:14,atr:14,ret:5,macd:12:26:9,rsi:14@4h,hour (`barwise features` lists them)'],
  target: ['--target T', 'direction:H (up or not over H bars) or return:H (the forward return, regression); default direction:1'],
  'dead-zone': ['--dead-zone F', 'three classes (down / flat / up), a forward return within ±F being flat (0.002 = 0.2%)'],
  algo: ['--algo A', `${ALGORITHMS.join(', ')} (default gbdt)`],
  param: ['--param k=v', 'a hyperparameter, once per hyperparameter (`barwise features` lists them with their defaults)'],
  seed: ['--seed S', 'seeds sampling and permutation importance (default 1)'],
  split: ['--split T,V,E', 'train, validation and test fractions of the rows (default 0.6,0.2,0.2)'],
  embargo: ['--embargo N', 'rows dropped at the start of validation and of test (default 0)'],
  timeframe: ['--timeframe TF', "resample the bars first (4h, 1d, …); default: the dataset's own"],
  name: ['--name NAME', 'the name `barwise models` shows'],
  batch: ['--batch FILE', 'a JSON array of training requests ({ datasetId, config, name? }), trained as parallel jobs'],
  'retrain-anyway': ['--retrain-anyway', 'train even when a model with the same fingerprint exists'],
  detach: ['--detach', 'queue the training and return without waiting for it'],
} as const satisfies Record<string, readonly [string, string]>;

const refuse = (message: string) => new BarwiseError('VALIDATION_FAILED', message);

/** `direction:12` or `return:5`; the dead zone, when given, makes three classes. */
function parseTarget(raw: string | undefined, deadZone: number | undefined): ModelConfigInput['target'] {
  if (raw === undefined && deadZone === undefined) return undefined;
  const match = /^(direction|return)(?::(\d+))?$/.exec(raw ?? 'direction');
  if (!match) throw refuse(`--target must be direction:H or return:H (H bars ahead), got "${raw}"`);
  const horizon = match[2] === undefined ? undefined : Number(match[2]);
  if (match[1] === 'return') {
    if (deadZone !== undefined) throw refuse('--dead-zone is for a direction target, not return');
    return { kind: 'return', horizon };
  }
  return deadZone === undefined ? { kind: 'direction', horizon } : { kind: 'direction', horizon, classes: 3, deadZone };
}

function parseSplit(raw: string | undefined): NonNullable<ModelConfigInput['split']>['windows'] | undefined {
  if (raw === undefined) return undefined;
  const parts = raw.split(',');
  if (parts.length !== 3) throw refuse(`--split must be three fractions TRAIN,VALIDATION,TEST, got "${raw}"`);
  const [train, validation, test] = parts.map((p) => parseNumber('split', p.trim())!);
  return { kind: 'fractions', train, validation, test };
}

function parseFeatures(raw: string): ModelConfigInput['features'] {
  return raw
    .split(',')
    .filter((text) => text.trim() !== '')
    .map((text) => {
      try {
        return parseFeatureName(text) as ModelConfigInput['features'][number];
      } catch (error) {
        throw refuse(`--features ${(error as Error).message}`);
      }
    });
}

/** The request the options describe, checked as the API checks it, less the dataset (resolved after). */
function requestFromOptions(v: Record<string, string | string[] | boolean | undefined>): Omit<TrainRequest, 'datasetId'> {
  if (typeof v.features !== 'string') throw refuse('--features LIST is required (barwise features lists them)');
  const algo = (v.algo as string | undefined) ?? 'gbdt';
  if (!(ALGORITHMS as readonly string[]).includes(algo)) throw refuse(`--algo must be one of ${ALGORITHMS.join(', ')}, got "${algo}"`);
  const params = parseParams((v.param as string[] | undefined) ?? []);
  const known = Object.keys(HYPERPARAMETERS[algo as keyof typeof HYPERPARAMETERS]);
  for (const key of Object.keys(params)) {
    if (!known.includes(key)) throw refuse(`--param ${key}: ${algo} has no hyperparameter '${key}' (it has ${known.join(', ')})`);
  }
  const windows = parseSplit(v.split as string | undefined);
  const embargo = parseWholeNumber('embargo', v.embargo as string | undefined, 0, 1_000_000);
  const config: ModelConfigInput = {
    features: parseFeatures(v.features),
    target: parseTarget(v.target as string | undefined, parseNumber('dead-zone', v['dead-zone'] as string | undefined)),
    algorithm: { kind: algo as (typeof ALGORITHMS)[number], ...params },
    seed: parseWholeNumber('seed', v.seed as string | undefined, 0, 2 ** 32 - 1),
    ...(windows !== undefined || embargo !== undefined ? { split: { ...(windows ? { windows } : {}), ...(embargo !== undefined ? { embargo } : {}) } } : {}),
  };
  const request = { config, timeframe: v.timeframe as string | undefined, name: v.name as string | undefined, retrainAnyway: v['retrain-anyway'] === true };
  const typed = (option: keyof typeof OPTION_HELP, value: unknown) => ({ option: OPTION_HELP[option][0].split(' ')[0], value, meaning: OPTION_HELP[option][1] });
  checkInput(trainRequestSchema.omit({ datasetId: true }), request, {
    'config.features': typed('features', v.features),
    'config.target.horizon': typed('target', v.target),
    'config.target.deadZone': typed('dead-zone', v['dead-zone']),
    ...Object.fromEntries(((v.param as string[] | undefined) ?? []).map((pair) => [`config.algorithm.${pair.split('=')[0]}`, typed('param', pair)])),
    'config.split.windows': typed('split', v.split),
    'config.split.embargo': typed('embargo', v.embargo),
    timeframe: typed('timeframe', v.timeframe),
    name: typed('name', v.name),
  });
  return request;
}

const batchFileSchema = z.object({ items: z.array(z.record(z.string(), z.unknown())).min(1) });

/** A batch file's requests, their dataset ids resolved as the CLI takes them (a prefix will do). */
async function requestsFromFile(ctx: CommandContext, path: string): Promise<TrainRequest[]> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    if (code === 'ENOENT') throw new BarwiseError('NOT_FOUND', `--batch ${path}: no such file`);
    throw refuse(`--batch ${path}: ${code ? `cannot read it (${code})` : `not JSON: ${(error as Error).message}`}`);
  }
  // { "items": [...] } as the API takes it, or the array alone.
  const items = raw !== null && typeof raw === 'object' && !Array.isArray(raw) && 'items' in raw ? (raw as { items: unknown }).items : raw;
  const list = checkInput(batchFileSchema, { items }, { items: { option: '--batch', value: path } }).items;
  const requests: TrainRequest[] = [];
  for (const [k, item] of list.entries()) {
    const datasetId = typeof item.datasetId === 'string' ? await resolveDatasetId(ctx, item.datasetId).catch((error: unknown) => {
      const { code, message } = toErrorValue(error);
      throw new BarwiseError(code, `--batch ${path}: items.${k}.datasetId: ${message}`);
    }) : item.datasetId;
    requests.push({ ...item, datasetId } as TrainRequest);
  }
  return requests;
}

/**
 * Waits for the models' training jobs, showing their progress on a terminal; Ctrl-C cancels them
 * (nothing of what they trained is kept) instead of leaving them to be recorded as interrupted.
 */
async function waitForModels(ctx: CommandContext, outcomes: readonly TrainOutcome[]): Promise<ModelDetail[]> {
  const barwise = ctx.barwise();
  const jobs = outcomes.map((o) => (o.existing ? null : o.model.jobId)).filter((id): id is string => id !== null);
  const fractions = new Map<string, number>(jobs.map((id) => [id, 0]));
  const stop = barwise.events.subscribe((event) => {
    if (event.topic !== 'progress' || !fractions.has(event.id)) return;
    fractions.set(event.id, event.fraction);
    const total = [...fractions.values()].reduce((a, b) => a + b, 0) / fractions.size;
    const done = [...fractions.values()].filter((f) => f >= 1).length;
    ctx.progress(total, jobs.length === 1 ? event.message : `${done} of ${jobs.length} models trained · ${event.message}`);
  });
  const onSigint = () => {
    for (const id of jobs) void barwise.client.jobs.cancel({ id }).catch(() => undefined);
  };
  process.on('SIGINT', onSigint);
  try {
    for (const id of jobs) await barwise.jobs.wait(id);
  } finally {
    stop();
    process.off('SIGINT', onSigint);
  }
  return Promise.all(outcomes.map((o) => barwise.client.models.get({ id: o.model.id })));
}

function report(ctx: CommandContext, models: readonly ModelDetail[], outcomes: readonly TrainOutcome[], detached: boolean): void {
  for (const [k, m] of models.entries()) {
    const note = outcomes[k].existing ? '  (this configuration was trained already; --retrain-anyway trains it again)' : '';
    ctx.print(`model ${m.id}  ${m.status}  ${m.name}${note}`);
    if (m.status === 'completed') ctx.print(`  ${metricsLine(m)}`);
    if (m.error && !detached) ctx.print(`  ${m.error.code}: ${m.error.message}`);
  }
}

/** Throws when a model did not complete: one model's error as is, or how many of a batch failed. */
function failIfUnfinished(models: readonly ModelDetail[]): void {
  const failed = models.filter((m) => m.status === 'failed' || m.status === 'cancelled');
  if (failed.length === 0) return;
  const first = failed[0].error ?? { code: 'CANCELLED' as const, message: `training ${failed[0].status}` };
  if (models.length === 1) throw new BarwiseError(first.code, first.message);
  throw new BarwiseError(first.code, `${failed.length} of ${models.length} models did not complete; the first: ${failed[0].name}: ${first.message}`);
}

/** Queues, waits (unless detached), prints and returns the models as --json shows them. */
async function trainAndReport(ctx: CommandContext, outcomes: readonly TrainOutcome[], detached: boolean) {
  const models = detached
    ? await Promise.all(outcomes.map((o) => ctx.barwise().client.models.get({ id: o.model.id })))
    : await waitForModels(ctx, outcomes);
  report(ctx, models, outcomes, detached);
  failIfUnfinished(models);
  return models.map((m, k) => ({ existing: outcomes[k].existing, ...m }));
}

export const trainCommand: Command = {
  name: 'train',
  summary: 'Train a model (or a batch of models) on the worker pool and print its test metrics',
  usage:
    'barwise train --dataset ID --features rsi:14,atr:14,ret:5 [--target direction:12] [--dead-zone F] [--algo gbdt|forest|logit] [--param k=v …] [--seed S] ' +
    '[--split T,V,E] [--embargo N] [--timeframe TF] [--name NAME] [--retrain-anyway] [--detach] [--json]\n       barwise train --batch FILE.json [--detach] [--json]',
  optionHelp: Object.values(OPTION_HELP),
  options: {
    dataset: { type: 'string' },
    features: { type: 'string' },
    target: { type: 'string' },
    'dead-zone': { type: 'string' },
    algo: { type: 'string' },
    param: { type: 'string', multiple: true },
    seed: { type: 'string' },
    split: { type: 'string' },
    embargo: { type: 'string' },
    timeframe: { type: 'string' },
    name: { type: 'string' },
    batch: { type: 'string' },
    'retrain-anyway': { type: 'boolean', default: false },
    detach: { type: 'boolean', default: false },
  },
  async run(ctx) {
    const v = ctx.values as Record<string, string | string[] | boolean | undefined>;
    const detached = v.detach === true;
    if (typeof v.batch === 'string') {
      const others = Object.keys(OPTION_HELP).filter((k) => k !== 'batch' && k !== 'detach' && v[k] !== undefined && v[k] !== false);
      if (others.length > 0) throw refuse(`--batch takes its configurations from the file; --${others[0]} cannot be given with it`);
      const items = await requestsFromFile(ctx, v.batch);
      const outcomes = await ctx.barwise().client.models.trainBatch({ items });
      return trainAndReport(ctx, outcomes, detached);
    }
    const request = requestFromOptions(v);
    if (typeof v.dataset !== 'string') throw refuse('--dataset ID is required (barwise datasets lists them)');
    const datasetId = await resolveDatasetId(ctx, v.dataset);
    const outcome = await ctx
      .barwise()
      .client.models.train({ ...request, datasetId })
      .catch((error: unknown) => {
        throw namingOptions(error, { timeframe: '--timeframe' });
      });
    return (await trainAndReport(ctx, [outcome], detached))[0];
  },
};

export const retrainCommand: Command = {
  name: 'retrain',
  summary: "Train a completed model's configuration again on a newer window (a new model, its child)",
  usage: 'barwise retrain ID [--dataset ID] [--name NAME] [--retrain-anyway] [--detach] [--json]',
  positionals: 1,
  optionHelp: [
    ['--dataset ID', "the data to retrain on (default: the model's own dataset); the windows move forward to end at its last bar"],
    OPTION_HELP.name,
    OPTION_HELP['retrain-anyway'],
    OPTION_HELP.detach,
  ],
  options: {
    dataset: { type: 'string' },
    name: { type: 'string' },
    'retrain-anyway': { type: 'boolean', default: false },
    detach: { type: 'boolean', default: false },
  },
  async run(ctx) {
    const v = ctx.values as Record<string, string | boolean | undefined>;
    const id = resolveModelId(ctx, ctx.positionals[0]);
    const datasetId = typeof v.dataset === 'string' ? await resolveDatasetId(ctx, v.dataset) : undefined;
    const outcome = await ctx.barwise().client.models.retrain({ id, datasetId, name: v.name as string | undefined, retrainAnyway: v['retrain-anyway'] === true });
    return (await trainAndReport(ctx, [outcome], v.detach === true))[0];
  },
};
