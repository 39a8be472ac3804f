import type { BarwiseClient } from '../../../src-shared/api';
import { useApi } from '../../app/store';

export type StrategiesClient = BarwiseClient['strategies'];

/** The `strategies` feature of the typed client. */
export function useStrategiesApi(): StrategiesClient {
  return useApi().strategies;
}
