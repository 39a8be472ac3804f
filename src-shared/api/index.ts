import type { ApiClient, ExposedApi } from './define';
import { backtestsSpec } from './backtests';
import { datasetsSpec } from './datasets';
import { jobsSpec } from './jobs';
import { modelsSpec } from './models';
import { presetsSpec } from './presets';
import { optimizationsSpec } from './optimizations';
import { runsSpec } from './runs';
import { settingsSpec } from './settings';
import { strategiesSpec } from './strategies';
import { systemSpec } from './system';
import { healthSpec } from './health';
import { teamSpec } from './team';

/** The whole application API: one handler map per feature. */
export const apiSpec = {
  system: systemSpec,
  datasets: datasetsSpec,
  jobs: jobsSpec,
  backtests: backtestsSpec,
  strategies: strategiesSpec,
  models: modelsSpec,
  runs: runsSpec,
  presets: presetsSpec,
  optimizations: optimizationsSpec,
  settings: settingsSpec,
  team: teamSpec,
  health: healthSpec,
};

export type ApiSpec = typeof apiSpec;
export type BarwiseApi = ExposedApi<ApiSpec>;
export type BarwiseClient = ApiClient<ApiSpec>;
export type { SystemInfo, WorkerPingResult } from './system';
export type { Job, JobStatus, PoolMetrics } from './jobs';
export type { RunDetail, RunSummary, RunSeries, ReproduceOutcome, MonthlyReturn, ExportedFile } from './runs';
export type { AppSettings, SettingsView } from './settings';
export type { ModelDetail, ModelSummary, ModelStatus, TrainOutcome } from './models';
export type { Preset } from './presets';
export type { LookAheadResult, StrategyEntry, StrategyFile, StrategyProblem, StrategyTemplate } from './strategies';
