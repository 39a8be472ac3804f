import { z } from 'zod';
import { method, returns } from './define';

export interface AppSettings {
  /** Worker threads; null = one per core. Takes effect when Barwise next starts. */
  readonly threads: number | null;
  /**
   * How long a task that runs a user's strategy code (a backtest of it, its check) may run before
   * it is stopped with TASK_TIMEOUT: a strategy that loops forever fails alone. Applies at once.
   */
  readonly strategyTimeLimitSeconds: number;
}

export interface SettingsView {
  readonly settings: AppSettings;
  /** Cores on this machine (the most threads that help). */
  readonly cores: number;
  /** Threads the running pool has. */
  readonly activeThreads: number;
}

/** The most worker threads one may ask for (the pool caps them at the core count anyway). */
export const MAX_THREADS = 256;

export const DEFAULT_STRATEGY_TIME_LIMIT_SECONDS = 60;
/** A day: a limit, not a way to turn the limit off. */
export const MAX_STRATEGY_TIME_LIMIT_SECONDS = 86_400;

export const settingsSpec = {
  get: method(z.object({}).strict(), returns<SettingsView>()),
  update: method(
    z
      .object({
        threads: z.number().int().min(1).max(MAX_THREADS).nullable().optional(),
        strategyTimeLimitSeconds: z.number().int().min(1).max(MAX_STRATEGY_TIME_LIMIT_SECONDS).optional(),
      })
      .strict(),
    returns<SettingsView>(),
  ),
};
