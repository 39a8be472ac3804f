import type { ParamSpec, ParamValue, ParamValues } from '../../src-shared/backtest';
import { BarwiseError } from '../../src-shared/errors';
import { brokenRules, type ParamRule } from '../../src-shared/param-rules';
import type { ParamDeclaration, StrategyDefinition } from '../../src-shared/sdk/strategy';

/** A strategy's parameters as the form, the CLI and sweeps read them. */
export function paramSpecs(definition: StrategyDefinition): ParamSpec[] {
  return Object.entries(definition.params ?? {}).map(([name, declaration]) => specOf(name, declaration));
}

function specOf(name: string, declaration: ParamDeclaration): ParamSpec {
  const base = { name, label: declaration.label ?? name, description: declaration.description ?? '' };
  switch (declaration.type) {
    case 'int':
      return { ...base, type: 'int', default: declaration.default, min: declaration.min, max: declaration.max, step: declaration.step ?? 1 };
    case 'float':
      return { ...base, type: 'float', default: declaration.default, min: declaration.min, max: declaration.max, step: declaration.step };
    case 'boolean':
      return { ...base, type: 'boolean', default: declaration.default };
    case 'enum':
      return { ...base, type: 'enum', default: declaration.default, options: declaration.options };
  }
}

export function paramRules(definition: StrategyDefinition): ParamRule[] {
  return (definition.rules ?? []).map((rule) => ({ kind: rule.kind, left: rule.left, right: rule.right }));
}

/** Every parameter at its default. */
export function defaultParams(definition: StrategyDefinition): ParamValues {
  return Object.fromEntries(Object.entries(definition.params ?? {}).map(([name, declaration]) => [name, declaration.default]));
}

function problemOf(where: string, declaration: ParamDeclaration, value: ParamValue): string | undefined {
  if (declaration.type === 'boolean') return typeof value === 'boolean' ? undefined : `${where} must be true or false, got ${JSON.stringify(value)}`;
  if (declaration.type === 'enum') {
    return typeof value === 'string' && declaration.options.includes(value)
      ? undefined
      : `${where} must be one of ${declaration.options.join(', ')}, got ${JSON.stringify(value)}`;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return `${where} must be a finite number, got ${JSON.stringify(value)}`;
  if (declaration.type === 'int' && !Number.isInteger(value)) return `${where} must be an integer, got ${value}`;
  if (declaration.min !== undefined && value < declaration.min) return `${where} must be ≥ ${declaration.min}, got ${value}`;
  if (declaration.max !== undefined && value > declaration.max) return `${where} must be ≤ ${declaration.max}, got ${value}`;
  return undefined;
}

/**
 * The values a run of strategy `id` uses: defaults filled in, each value checked against its
 * declaration, unknown names refused, then the rules between parameters. Throws INVALID_CONFIG
 * naming the parameter. The result is frozen (init, next and signals receive it).
 */
export function resolveParams(id: string, definition: StrategyDefinition, given: Readonly<ParamValues>): Readonly<ParamValues> {
  const declarations = definition.params ?? {};
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(declarations, name)) {
      const known = Object.keys(declarations).join(', ') || 'none';
      throw new BarwiseError('INVALID_CONFIG', `${id} has no parameter '${name}' (it has: ${known})`);
    }
  }
  const resolved: ParamValues = {};
  for (const [name, declaration] of Object.entries(declarations)) {
    const value = Object.hasOwn(given, name) ? given[name] : declaration.default;
    const problem = problemOf(`${id}.${name}`, declaration, value);
    if (problem) throw new BarwiseError('INVALID_CONFIG', problem);
    resolved[name] = value;
  }
  const [broken] = brokenRules(paramRules(definition), resolved);
  if (broken) throw new BarwiseError('INVALID_CONFIG', `${id}: ${broken.message}`);
  return Object.freeze(resolved);
}
