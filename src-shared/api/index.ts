import type { ApiClient, ExposedApi } from './define';
import { systemSpec } from './system';

/** The whole application API: one handler map per feature. */
export const apiSpec = {
  system: systemSpec,
};

export type ApiSpec = typeof apiSpec;
export type BarwiseApi = ExposedApi<ApiSpec>;
export type BarwiseClient = ApiClient<ApiSpec>;
export type { SystemInfo, WorkerPingResult } from './system';
