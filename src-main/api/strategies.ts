import type { strategiesSpec } from '../../src-shared/api/strategies';
import type { StrategyService } from '../strategies/service';
import type { FeatureImpl } from './implement';

export function strategiesImpl(strategies: StrategyService): FeatureImpl<typeof strategiesSpec> {
  return {
    list: () => strategies.list(),
    get: ({ id }) => strategies.get(id),
    templates: () => strategies.templates(),
    create: ({ id, template, from }) => strategies.create(id, { template, from }),
    save: ({ id, code }) => strategies.save(id, code),
    rename: ({ id, to }) => strategies.rename(id, to),
    delete: ({ id }) => strategies.remove(id),
    check: ({ id }) => strategies.check(id),
  };
}
