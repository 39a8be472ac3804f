import { z } from 'zod';
import { STAT_DEFINITIONS, type RunStats, type StatKey } from '../backtest';

/**
 * What a search ranks variants by: one statistic of a run, maximized or minimized. The presets are
 * the objectives traders ask for by name; any other statistic of a run (docs/statistics.md) can be
 * named by its key. `returnOverMaxDrawdown` is the one derived statistic: returnPct ÷
 * maxDrawdownPct (null when the run never drew down).
 */

export const OBJECTIVE_DIRECTIONS = ['maximize', 'minimize'] as const;
export type ObjectiveDirection = (typeof OBJECTIVE_DIRECTIONS)[number];

/** Statistics of a run that are numbers (or null): every key of RunStats but the times. */
export const RANKABLE_STATS: readonly StatKey[] = STAT_DEFINITIONS.map((d) => d.key).filter((key) => key !== 'startTime' && key !== 'endTime');

/** The one statistic an objective may name that a run does not report itself. */
export const DERIVED_STATS = ['returnOverMaxDrawdown'] as const;
export type DerivedStat = (typeof DERIVED_STATS)[number];
export type ObjectiveStatistic = StatKey | DerivedStat;

const OBJECTIVE_STATISTICS: readonly ObjectiveStatistic[] = [...RANKABLE_STATS, ...DERIVED_STATS];
export const objectiveStatisticSchema = z.enum(OBJECTIVE_STATISTICS as [ObjectiveStatistic, ...ObjectiveStatistic[]]);

export const objectiveSchema = z.object({
  statistic: objectiveStatisticSchema,
  direction: z.enum(OBJECTIVE_DIRECTIONS).default('maximize'),
});
export type ObjectiveInput = z.input<typeof objectiveSchema>;
export type Objective = z.output<typeof objectiveSchema>;

/** The objectives offered by name (the CLI's `--objective sharpe`, the form's first choices), all maximized. */
export const OBJECTIVE_PRESETS = {
  sharpe: 'sharpe',
  sortino: 'sortino',
  sqn: 'sqn',
  return: 'returnPct',
  cagr: 'cagrPct',
  calmar: 'calmar',
  profitFactor: 'profitFactor',
  returnOverMaxDrawdown: 'returnOverMaxDrawdown',
} as const satisfies Record<string, ObjectiveStatistic>;
export type ObjectivePreset = keyof typeof OBJECTIVE_PRESETS;
export const OBJECTIVE_PRESET_NAMES = Object.keys(OBJECTIVE_PRESETS) as ObjectivePreset[];

export const DEFAULT_OBJECTIVE: Objective = { statistic: 'sharpe', direction: 'maximize' };

/**
 * An objective as a person types it: a preset (`sharpe`, `return`), a statistic's key
 * (`maxDrawdownPct`), either optionally followed by `:max` or `:min` (`maxDrawdownPct:min`).
 * Presets and statistics are maximized unless `:min` says otherwise.
 */
export function parseObjective(text: string): Objective {
  const match = /^\s*([A-Za-z]+)\s*(?::\s*(max|min|maximize|minimize)\s*)?$/.exec(text);
  if (!match) throw new RangeError(`objective '${text}' must be a name, optionally followed by :max or :min (e.g. sharpe, maxDrawdownPct:min)`);
  const [, name, way] = match;
  const statistic = (OBJECTIVE_PRESETS as Record<string, ObjectiveStatistic>)[name] ?? name;
  const parsed = objectiveStatisticSchema.safeParse(statistic);
  if (!parsed.success) {
    throw new RangeError(`objective '${name}' is neither a preset (${OBJECTIVE_PRESET_NAMES.join(', ')}) nor a statistic of a run (${RANKABLE_STATS.join(', ')})`);
  }
  return { statistic: parsed.data, direction: way === 'min' || way === 'minimize' ? 'minimize' : 'maximize' };
}

/** The statistic's value for one run; null where it is undefined (no trades, no drawdown, …). */
export function statisticValue(stats: Readonly<Partial<Record<ObjectiveStatistic, number | null>>>, statistic: ObjectiveStatistic): number | null {
  if (statistic === 'returnOverMaxDrawdown') {
    const ret = stats.returnPct;
    const dd = stats.maxDrawdownPct;
    return typeof ret === 'number' && typeof dd === 'number' && dd > 0 ? ret / dd : null;
  }
  const value = stats[statistic];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The objective's value of a run's statistics (see statisticValue). */
export const objectiveValue = (stats: Readonly<Partial<RunStats>>, objective: Objective): number | null =>
  statisticValue(stats as Partial<Record<ObjectiveStatistic, number | null>>, objective.statistic);

/**
 * A value to sort by, larger is better whatever the direction: the value when maximizing, its
 * negative when minimizing; −Infinity for a variant without a value (it ranks last).
 */
export function objectiveScore(value: number | null, direction: ObjectiveDirection): number {
  if (value === null || !Number.isFinite(value)) return -Infinity;
  return direction === 'maximize' ? value : -value;
}
