import { z } from 'zod';
import { method, returns } from './define';

export interface AppSettings {
  /** Worker threads; null = one per core. Takes effect when Barwise next starts. */
  readonly threads: number | null;
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

export const settingsSpec = {
  get: method(z.object({}).strict(), returns<SettingsView>()),
  update: method(
    z
      .object({
        threads: z.number().int().min(1).max(MAX_THREADS).nullable().optional(),
      })
      .strict(),
    returns<SettingsView>(),
  ),
};
