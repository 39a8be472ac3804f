import { BarwiseError } from '../../src-shared/errors';
import { strategySourceSchema, type StrategySource } from '../../src-shared/sdk/source';
import { userStrategy, type LoadedStrategy } from '../sdk/loaded';
import { barwiseModule } from '../sdk/module';

/**
 * sdk/sandbox.ts's `evaluateStrategyModule`: evaluates a compiled strategy module in a fresh SES
 * Compartment whose only import is the SDK, and returns its default export. Task handlers take it
 * as an argument, so tests can hand them built-in definitions without evaluating any code.
 */
export type EvaluateModule = (source: StrategySource, sdk: object) => unknown;

/** A user strategy from its source: checked, evaluated in the sandbox, its default export checked to be a strategy. */
export function loadSource(source: unknown, evaluate: EvaluateModule): LoadedStrategy {
  const parsed = strategySourceSchema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BarwiseError('VALIDATION_FAILED', `source.${issue.path.join('.')}: ${issue.message}`);
  }
  return userStrategy(parsed.data, evaluate(parsed.data, barwiseModule));
}
