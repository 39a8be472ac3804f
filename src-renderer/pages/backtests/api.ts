import type { BarwiseClient } from '../../../src-shared/api';
import { useApi } from '../../app/store';

export type RunsClient = BarwiseClient;

/** The typed client (backtests, runs, datasets, jobs are all features of it). */
export function useRunsApi(): RunsClient {
  return useApi();
}

/** The message of an API failure (BarwiseError carries code and message across the hop). */
export function errorMessage(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error) return String((error as { message: unknown }).message);
  return String(error);
}
