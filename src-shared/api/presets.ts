import { z } from 'zod';
import { backtestConfigSchema, type BacktestConfig } from '../backtest';
import { method, returns } from './define';

/**
 * Backtest presets: the form's settings saved under a name, per strategy (parameters, costs,
 * sizing, exits, execution). A preset holds a whole backtest config less its window (from/to
 * belong to a dataset, not to a way of trading), validated by the same schema as a run's.
 */
export interface Preset {
  readonly id: string;
  readonly strategyId: string;
  readonly name: string;
  /** Without from/to; `strategy.id` is the preset's strategy. */
  readonly config: BacktestConfig;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export const PRESETS_FORMAT = 'barwise-presets';
export const PRESETS_VERSION = 1;
/** The most presets one file may hold. */
export const MAX_PRESETS_IMPORTED = 1000;
/** The longest presets file accepted (a preset is about 1 KB). */
export const MAX_PRESETS_TEXT_CHARS = 5_000_000;

export const presetNameSchema = z.string().trim().min(1).max(100);
const strategyId = z.string().min(1).max(100);

/** One preset as a file carries it: its strategy's id is the config's. */
export const presetEntrySchema = z
  .object({
    name: presetNameSchema,
    config: backtestConfigSchema,
  })
  .strict();

/** An exported presets file (export/import). */
export const presetsFileSchema = z
  .object({
    format: z.literal(PRESETS_FORMAT),
    version: z.literal(PRESETS_VERSION),
    presets: z.array(presetEntrySchema).max(MAX_PRESETS_IMPORTED),
  })
  .strict();

export type PresetsFile = z.input<typeof presetsFileSchema>;

const id = z.uuid();

export const presetsSpec = {
  /** The presets of a strategy (or all), by name. */
  list: method(z.object({ strategyId: strategyId.optional() }).strict(), returns<readonly Preset[]>()),
  /** Saves the config under a name for its strategy; a preset of that name is replaced (same id). */
  save: method(z.object({ name: presetNameSchema, config: backtestConfigSchema }).strict(), returns<Preset>()),
  rename: method(z.object({ id, name: presetNameSchema }).strict(), returns<Preset>()),
  remove: method(z.object({ id }).strict(), returns<{ readonly removed: true }>()),
  /** The presets of a strategy (or all) as a JSON file (PresetsFile). */
  export: method(z.object({ strategyId: strategyId.optional() }).strict(), returns<{ readonly fileName: string; readonly text: string }>()),
  /**
   * Reads a presets file: all of it or nothing (one bad preset refuses the file, naming it). A
   * preset whose name its strategy has already replaces it.
   */
  import: method(z.object({ text: z.string().max(MAX_PRESETS_TEXT_CHARS) }).strict(), returns<{ readonly imported: number; readonly replaced: number }>()),
};
