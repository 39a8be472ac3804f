import type { ApiClient } from '../../../src-shared/api/define';
import type { strategiesSpec } from '../../../src-shared/api/strategies';
import { useApi } from '../../app/store';

export type StrategiesClient = ApiClient<{ strategies: typeof strategiesSpec }>['strategies'];

/** The `strategies` feature of the typed client. */
export function useStrategiesApi(): StrategiesClient {
  // Until main's API lists the feature (src-shared/api/index.ts), its type is added here.
  return (useApi() as unknown as { readonly strategies: StrategiesClient }).strategies;
}
