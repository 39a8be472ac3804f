import type { CreateOptimizationInput } from '../../../src-shared/api/optimizations';
import type { ParamSpec, ParamValue, StrategyInfo } from '../../../src-shared/backtest';
import { OBJECTIVE_PRESETS, type ObjectiveStatistic } from '../../../src-shared/optimize/objective';
import { defaultRange, parseConstraint, type ParamRange } from '../../../src-shared/optimize/search';
import { parseDuration } from '../../../src-shared/optimize/walk-forward';

/** The set-up form as the user edits it: text as typed, checked by buildOptimization. */
export interface ParamRow {
  readonly vary: boolean;
  readonly min: string;
  readonly max: string;
  readonly step: string;
  /** Comma-separated values (enum and boolean parameters, or a list instead of a range). */
  readonly values: string;
  /** The value held when the parameter does not vary. */
  readonly fixed: string;
}

export type SetupMode = 'search' | 'walk-forward' | 'monte-carlo';
export type SearchMethodName = 'grid' | 'random' | 'bayesian';

export interface SetupState {
  readonly mode: SetupMode;
  readonly datasetId: string;
  readonly strategyId: string;
  readonly params: Readonly<Record<string, ParamRow>>;
  readonly method: SearchMethodName;
  readonly samples: string;
  readonly seed: string;
  readonly objective: ObjectiveStatistic;
  readonly direction: 'maximize' | 'minimize';
  /** One constraint per line: `fast<slow`, `trades>=10`. */
  readonly constraints: string;
  readonly inSample: string;
  readonly outOfSample: string;
  readonly anchored: boolean;
  readonly runId: string;
  readonly mcMethod: 'reshuffle' | 'bootstrap' | 'blocks';
  readonly mcRuns: string;
  readonly threshold: string;
}

export const OBJECTIVE_CHOICES: readonly { readonly label: string; readonly statistic: ObjectiveStatistic }[] = [
  { label: 'Sharpe ratio', statistic: OBJECTIVE_PRESETS.sharpe },
  { label: 'Sortino ratio', statistic: OBJECTIVE_PRESETS.sortino },
  { label: 'SQN', statistic: OBJECTIVE_PRESETS.sqn },
  { label: 'Return', statistic: OBJECTIVE_PRESETS.return },
  { label: 'CAGR', statistic: OBJECTIVE_PRESETS.cagr },
  { label: 'Calmar ratio', statistic: OBJECTIVE_PRESETS.calmar },
  { label: 'Profit factor', statistic: OBJECTIVE_PRESETS.profitFactor },
  { label: 'Return ÷ max drawdown', statistic: OBJECTIVE_PRESETS.returnOverMaxDrawdown },
  { label: 'Max drawdown', statistic: 'maxDrawdownPct' },
  { label: 'Win rate', statistic: 'winRatePct' },
];

const text = (v: ParamValue | undefined) => (v === undefined ? '' : String(v));

/** A parameter's row from its declaration: its declared range, held at its default. */
export function defaultRow(spec: ParamSpec): ParamRow {
  const range = defaultRange(spec);
  return {
    vary: false,
    min: range?.kind === 'range' ? String(range.min) : '',
    max: range?.kind === 'range' ? String(range.max) : '',
    step: range?.kind === 'range' ? String(range.step) : '',
    values: range?.kind === 'values' ? range.values.map(String).join(', ') : '',
    fixed: text(spec.default),
  };
}

export function defaultSetup(datasetId: string, strategy: StrategyInfo | undefined): SetupState {
  const params = Object.fromEntries((strategy?.params ?? []).map((p) => [p.name, defaultRow(p)]));
  // The first two numeric parameters vary by default: a heatmap at once.
  let varied = 0;
  for (const p of strategy?.params ?? []) {
    if ((p.type === 'int' || p.type === 'float') && varied < 2 && params[p.name].min !== '') {
      params[p.name] = { ...params[p.name], vary: true };
      varied++;
    }
  }
  return {
    mode: 'search',
    datasetId,
    strategyId: strategy?.id ?? '',
    params,
    method: 'grid',
    samples: '100',
    seed: '1',
    objective: 'sharpe',
    direction: 'maximize',
    constraints: '',
    inSample: '6M',
    outOfSample: '1M',
    anchored: false,
    runId: '',
    mcMethod: 'reshuffle',
    mcRuns: '1000',
    threshold: '20',
  };
}

function parseValue(raw: string, spec: ParamSpec): ParamValue {
  const t = raw.trim();
  if (spec.type === 'boolean') return t === 'true';
  if (spec.type === 'enum') return t;
  return t === '' ? NaN : Number(t);
}

/** Values the range holds (as the worker counts them: min, min + step, … up to max). */
function rangeCount(range: ParamRange): number {
  if (range.kind === 'values') return new Set(range.values).size;
  if (!(range.step > 0) || range.max < range.min) return 0;
  return Math.floor((range.max - range.min) / range.step + 1e-9) + 1;
}

export type SetupErrors = Readonly<Record<string, string>>;

export interface BuiltSetup {
  readonly request?: CreateOptimizationInput;
  readonly errors: SetupErrors;
  /** Combinations in the grid (before the strategy's rules and constraints). */
  readonly gridSize: number;
}

/** The request the form describes, or the errors to show beside its fields (keyed by field id). */
export function buildOptimization(state: SetupState, strategy: StrategyInfo | undefined): BuiltSetup {
  const errors: Record<string, string> = {};
  if (state.mode === 'monte-carlo') {
    if (!state.runId) errors['opt-run'] = 'Choose a run';
    const runs = Number(state.mcRuns);
    if (!Number.isInteger(runs) || runs < 1 || runs > 100_000) errors['opt-mc-runs'] = 'Simulations: a whole number from 1 to 100,000';
    const seed = Number(state.seed);
    if (!Number.isInteger(seed) || seed < 0) errors['opt-seed'] = 'Seed: a whole number ≥ 0';
    const threshold = Number(state.threshold);
    if (!(threshold > 0 && threshold <= 100)) errors['opt-threshold'] = 'Drawdown threshold: a percent above 0, at most 100';
    if (Object.keys(errors).length > 0) return { errors, gridSize: 0 };
    return {
      errors,
      gridSize: 0,
      request: { kind: 'monte-carlo', runId: state.runId, monteCarlo: { method: state.mcMethod, runs, seed, drawdownThresholdPct: threshold } },
    };
  }
  if (!state.datasetId) errors['opt-dataset'] = 'Choose a dataset';
  if (!strategy) {
    errors['opt-strategy'] = 'Choose a strategy';
    return { errors, gridSize: 0 };
  }
  const space: Record<string, ParamRange> = {};
  const fixed: Record<string, ParamValue> = {};
  let gridSize = 1;
  for (const spec of strategy.params) {
    const row = state.params[spec.name] ?? defaultRow(spec);
    const id = `opt-param-${spec.name}`;
    if (!row.vary) {
      const value = parseValue(row.fixed, spec);
      if (typeof value === 'number' && !Number.isFinite(value)) errors[id] = `${spec.label}: a number`;
      else fixed[spec.name] = value;
      continue;
    }
    let range: ParamRange;
    if (spec.type === 'int' || spec.type === 'float') {
      const [min, max, step] = [row.min, row.max, row.step].map((v) => (v.trim() === '' ? NaN : Number(v)));
      if (![min, max, step].every(Number.isFinite)) {
        errors[id] = `${spec.label}: give from, to and step`;
        continue;
      }
      if (!(step > 0)) errors[id] = `${spec.label}: the step must be above 0`;
      else if (max < min) errors[id] = `${spec.label}: "to" (${max}) must not be below "from" (${min})`;
      range = { kind: 'range', min, max, step };
    } else {
      const values = row.values
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)
        .map((v) => parseValue(v, spec));
      if (values.length === 0) errors[id] = `${spec.label}: list at least one value`;
      range = { kind: 'values', values };
    }
    space[spec.name] = range;
    gridSize *= rangeCount(range);
  }
  if (Object.keys(space).length === 0) errors['opt-params'] = 'Vary at least one parameter';
  const constraints = [];
  for (const line of state.constraints.split('\n').map((l) => l.trim()).filter(Boolean)) {
    try {
      constraints.push(parseConstraint(line));
    } catch (error) {
      errors['opt-constraints'] = (error as Error).message;
    }
  }
  const samples = Number(state.samples);
  const seed = Number(state.seed);
  if (state.method !== 'grid') {
    if (!Number.isInteger(samples) || samples < 1) errors['opt-samples'] = 'Variants: a whole number ≥ 1';
    if (!Number.isInteger(seed) || seed < 0) errors['opt-seed'] = 'Seed: a whole number ≥ 0';
  }
  let walkForward;
  if (state.mode === 'walk-forward') {
    try {
      walkForward = { mode: state.anchored ? ('anchored' as const) : ('rolling' as const), inSample: parseDuration(state.inSample), outOfSample: parseDuration(state.outOfSample) };
    } catch (error) {
      errors['opt-windows'] = (error as Error).message;
    }
  }
  if (Object.keys(errors).length > 0) return { errors, gridSize };
  const method =
    state.method === 'grid' ? { method: 'grid' as const } : state.method === 'random' ? { method: 'random' as const, samples, seed } : { method: 'bayesian' as const, samples, seed };
  const search = { space, fixed, method, constraints, objective: { statistic: state.objective, direction: state.direction } };
  const common = { datasetId: state.datasetId, config: { strategy: { id: strategy.id, params: {} } }, search };
  const request: CreateOptimizationInput = state.mode === 'walk-forward' && walkForward ? { kind: 'walk-forward', ...common, walkForward } : { kind: 'search', ...common };
  return { errors, gridSize, request };
}
