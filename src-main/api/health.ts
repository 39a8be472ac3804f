import type { healthSpec } from '../../src-shared/api/health';
import type { HealthEndpoints } from '../health/http';
import type { FeatureImpl } from './implement';

/** The Health page's figures: the same report `/health` serves. */
export function healthImpl(health: HealthEndpoints): FeatureImpl<typeof healthSpec> {
  return { report: () => health.report() };
}
