import type { ParamSpec, ParamValue, ParamValues } from '../../src-shared/backtest';
import { BarwiseError } from '../../src-shared/errors';
import { brokenRules } from '../../src-shared/param-rules';
import type { Strategy } from '../engine/strategy';

/** Param spec builders, so a strategy file reads as a table of its knobs. */
export const intParam = (
  name: string, label: string, def: number, min: number, max: number, description: string, step = 1,
): ParamSpec => ({ name, label, type: 'int', default: def, min, max, step, description });

export const floatParam = (
  name: string, label: string, def: number, min: number, max: number, step: number, description: string,
): ParamSpec => ({ name, label, type: 'float', default: def, min, max, step, description });

export const enumParam = (
  name: string, label: string, def: string, options: readonly string[], description: string,
): ParamSpec => ({ name, label, type: 'enum', default: def, options, description });

function checkValue(strategyId: string, spec: ParamSpec, value: ParamValue): string | undefined {
  const where = `${strategyId}.${spec.name}`;
  if (spec.type === 'boolean') return typeof value === 'boolean' ? undefined : `${where} must be true or false, got ${JSON.stringify(value)}`;
  if (spec.type === 'enum') {
    return typeof value === 'string' && spec.options?.includes(value)
      ? undefined
      : `${where} must be one of ${spec.options?.join(', ')}, got ${JSON.stringify(value)}`;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return `${where} must be a finite number, got ${JSON.stringify(value)}`;
  if (spec.type === 'int' && !Number.isInteger(value)) return `${where} must be an integer, got ${value}`;
  if (spec.min !== undefined && value < spec.min) return `${where} must be ≥ ${spec.min}, got ${value}`;
  if (spec.max !== undefined && value > spec.max) return `${where} must be ≤ ${spec.max}, got ${value}`;
  return undefined;
}

/**
 * Defaults filled in, each value checked against its spec, unknown names refused, then the
 * strategy's cross-parameter rule. Throws INVALID_CONFIG with a message naming the parameter.
 */
export function resolveParams(strategy: Strategy, given: Readonly<ParamValues>): ParamValues {
  const known = new Set(strategy.params.map((p) => p.name));
  for (const name of Object.keys(given)) {
    if (!known.has(name)) {
      throw new BarwiseError('INVALID_CONFIG', `${strategy.id} has no parameter '${name}' (it has: ${[...known].join(', ') || 'none'})`);
    }
  }
  const resolved: ParamValues = {};
  for (const spec of strategy.params) {
    const value = given[spec.name] ?? spec.default;
    const problem = checkValue(strategy.id, spec, value);
    if (problem) throw new BarwiseError('INVALID_CONFIG', problem);
    resolved[spec.name] = value;
  }
  const [broken] = brokenRules(strategy.rules ?? [], resolved);
  if (broken) throw new BarwiseError('INVALID_CONFIG', `${strategy.id}: ${broken.message}`);
  return resolved;
}
