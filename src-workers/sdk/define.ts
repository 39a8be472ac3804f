import { BarwiseError } from '../../src-shared/errors';
import type { BarwiseModule } from '../../src-shared/sdk/module';
import type { ParamDeclaration, ParamDeclarations, ParamRuleDeclaration, StrategyDefinition } from '../../src-shared/sdk/strategy';
import { framesOf, where, type Frame } from './user-frame';

/** Where a strategy was defined: the file its errors name (and its frames carry), and the line of `defineStrategy`. */
export interface Origin {
  readonly file: string;
  readonly line: number | undefined;
  /** What is wrong with the declaration, if anything: a run refuses it (STRATEGY_INVALID). */
  readonly refusal?: BarwiseError;
}

/** Every definition `defineStrategy` returned, with its origin: what a module must default-export to be a strategy. */
const defined = new WeakMap<object, Origin>();

/** This module's own file, as stacks name it: the frame that called defineStrategy is the first one elsewhere. */
const SDK_FILE: string | undefined = framesOf(new Error().stack)[0]?.file;

function callerOf(stack: string | undefined): Origin {
  const frame: Frame | undefined = framesOf(stack).find((f) => f.file !== SDK_FILE);
  return { file: frame?.file ?? 'strategy', line: frame?.line };
}

const TOP_LEVEL = ['name', 'description', 'params', 'rules', 'timeframes', 'init', 'next', 'signals'];
const PARAM_FIELDS: Record<ParamDeclaration['type'], readonly string[]> = {
  int: ['type', 'default', 'min', 'max', 'step', 'label', 'description'],
  float: ['type', 'default', 'min', 'max', 'step', 'label', 'description'],
  boolean: ['type', 'default', 'label', 'description'],
  enum: ['type', 'options', 'default', 'label', 'description'],
};
const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const show = (value: unknown): string => (typeof value === 'string' ? `'${value}'` : typeof value === 'function' ? 'a function' : String(JSON.stringify(value) ?? value));

/** The problems of one parameter declaration, each naming its field. */
function paramProblems(name: string, declaration: unknown): string[] {
  const at = `params.${name}`;
  if (!PARAM_NAME.test(name)) return [`${at}: a parameter name is letters, digits and _ (not first), at most 64 characters`];
  if (!isRecord(declaration)) return [`${at} must be an object such as { type: 'int', default: 10 }`];
  const type = declaration.type;
  if (type !== 'int' && type !== 'float' && type !== 'boolean' && type !== 'enum') {
    return [`${at}.type must be 'int', 'float', 'boolean' or 'enum', got ${show(type)}`];
  }
  const problems: string[] = [];
  for (const key of Object.keys(declaration)) {
    if (!PARAM_FIELDS[type].includes(key)) problems.push(`${at}: unknown field '${key}' (a ${type} parameter has ${PARAM_FIELDS[type].join(', ')})`);
  }
  for (const key of ['label', 'description']) {
    if (declaration[key] !== undefined && typeof declaration[key] !== 'string') problems.push(`${at}.${key} must be a string`);
  }
  const value = declaration.default;
  if (type === 'boolean') {
    if (typeof value !== 'boolean') problems.push(`${at}.default must be true or false, got ${show(value)}`);
    return problems;
  }
  if (type === 'enum') {
    const options = declaration.options;
    if (!Array.isArray(options) || options.length === 0 || !options.every((o) => typeof o === 'string' && o.length > 0)) {
      problems.push(`${at}.options must be a non-empty list of names`);
    } else if (new Set(options).size !== options.length) problems.push(`${at}.options must not repeat a name`);
    else if (!options.includes(value)) problems.push(`${at}.default must be one of ${options.map(show).join(', ')}, got ${show(value)}`);
    return problems;
  }
  for (const key of ['min', 'max', 'step']) {
    const bound = declaration[key];
    if (bound !== undefined && (typeof bound !== 'number' || !Number.isFinite(bound))) problems.push(`${at}.${key} must be a finite number, got ${show(bound)}`);
  }
  const { min, max, step } = declaration as { min?: number; max?: number; step?: number };
  if (typeof step === 'number' && !(step > 0)) problems.push(`${at}.step must be positive, got ${step}`);
  if (typeof min === 'number' && typeof max === 'number' && min > max) problems.push(`${at}.min (${min}) must not exceed ${at}.max (${max})`);
  if (typeof value !== 'number' || !Number.isFinite(value)) problems.push(`${at}.default must be a finite number, got ${show(value)}`);
  else {
    if (type === 'int' && !Number.isInteger(value)) problems.push(`${at}.default must be a whole number for an int, got ${value}`);
    if (typeof min === 'number' && value < min) problems.push(`${at}.default (${value}) must be at least ${at}.min (${min})`);
    if (typeof max === 'number' && value > max) problems.push(`${at}.default (${value}) must be at most ${at}.max (${max})`);
  }
  return problems;
}

function ruleProblems(rules: unknown, params: Record<string, unknown>): string[] {
  if (rules === undefined) return [];
  if (!Array.isArray(rules)) return ['rules must be a list such as [{ kind: \'less-than\', left: \'fast\', right: \'slow\' }]'];
  const numeric = (name: unknown): boolean => {
    const declaration = typeof name === 'string' && Object.hasOwn(params, name) ? params[name] : undefined;
    return isRecord(declaration) && (declaration.type === 'int' || declaration.type === 'float');
  };
  return rules.flatMap((rule: unknown, k) => {
    const at = `rules[${k}]`;
    if (!isRecord(rule)) return [`${at} must be an object { kind, left, right }`];
    const problems: string[] = [];
    if (rule.kind !== 'less-than' && rule.kind !== 'at-most') problems.push(`${at}.kind must be 'less-than' or 'at-most', got ${show(rule.kind)}`);
    for (const side of ['left', 'right']) {
      if (!numeric(rule[side])) problems.push(`${at}.${side} must name a declared int or float parameter, got ${show(rule[side])}`);
    }
    if (problems.length > 0) return problems;
    const a = (params[rule.left as string] as { default: number }).default;
    const b = (params[rule.right as string] as { default: number }).default;
    if (rule.kind === 'less-than' ? a < b : a <= b) return [];
    const relation = rule.kind === 'less-than' ? 'less than' : 'at most';
    return [`${at}: the defaults break it: ${String(rule.left)} (${a}) must be ${relation} ${String(rule.right)} (${b})`];
  });
}

function definitionProblems(definition: unknown): string[] {
  if (!isRecord(definition)) return ['defineStrategy takes an object: defineStrategy({ name, params, init, next })'];
  const problems: string[] = [];
  for (const key of Object.keys(definition)) {
    if (!TOP_LEVEL.includes(key)) problems.push(`unknown field '${key}' (a strategy has ${TOP_LEVEL.join(', ')})`);
  }
  if (typeof definition.name !== 'string' || definition.name.trim() === '') problems.push('name must be a non-empty string');
  if (definition.description !== undefined && typeof definition.description !== 'string') problems.push('description must be a string');
  for (const key of ['timeframes', 'init', 'next', 'signals']) {
    if (definition[key] !== undefined && typeof definition[key] !== 'function') problems.push(`${key} must be a function, got ${show(definition[key])}`);
  }
  if (definition.next === undefined && definition.signals === undefined) problems.push('give next (one bar at a time) or signals (every bar at once), or both');
  const params = definition.params ?? {};
  if (!isRecord(params)) problems.push('params must be an object: { fast: { type: \'int\', default: 10 } }');
  else {
    for (const [name, declaration] of Object.entries(params)) problems.push(...paramProblems(name, declaration));
    if (problems.length === 0) problems.push(...ruleProblems(definition.rules, params));
  }
  return problems;
}

/** A frozen copy of a checked declaration: later changes to the object passed in change nothing. */
function frozenCopy<P extends ParamDeclarations, I>(definition: StrategyDefinition<P, I>): StrategyDefinition<P, I> {
  const params = Object.fromEntries(
    Object.entries(definition.params ?? {}).map(([name, declaration]) => {
      const copy = { ...declaration } as ParamDeclaration;
      if (copy.type === 'enum') Object.assign(copy, { options: Object.freeze([...copy.options]) });
      return [name, Object.freeze(copy)];
    }),
  ) as unknown as P;
  const rules = (definition.rules ?? []).map((rule: ParamRuleDeclaration<P>) => Object.freeze({ kind: rule.kind, left: rule.left, right: rule.right }));
  return Object.freeze({ ...definition, params: Object.freeze(params), rules: Object.freeze(rules) });
}

/**
 * The SDK's `defineStrategy`: checks the declaration (parameter types, defaults within their
 * bounds, rules naming declared parameters and holding for the defaults, at least one of `next`
 * and `signals`) and returns it frozen. A mistake is remembered with the definition rather than
 * thrown, and loading it refuses it (STRATEGY_INVALID, naming the strategy, the field and the
 * file and line of the call): thrown here, in a user's module, it would come out of the sandbox
 * as an exception of the module's code.
 */
export const defineStrategy: BarwiseModule['defineStrategy'] = (definition) => {
  const origin = callerOf(new Error().stack);
  const problems = definitionProblems(definition);
  if (problems.length === 0) {
    const checked = frozenCopy(definition);
    defined.set(checked, origin);
    return checked;
  }
  const name = isRecord(definition) && typeof definition.name === 'string' ? `strategy '${definition.name}'` : 'strategy';
  const refusal = new BarwiseError('STRATEGY_INVALID', `${where(origin.file, origin.line)}${name}: ${problems.join('; ')}`);
  const refused = Object.freeze({ name: isRecord(definition) && typeof definition.name === 'string' ? definition.name : '' }) as typeof definition;
  defined.set(refused, { ...origin, refusal });
  return refused;
};

/** Where `definition` was made by defineStrategy; undefined for anything defineStrategy did not return. */
export const originOf = (definition: unknown): Origin | undefined =>
  typeof definition === 'object' && definition !== null ? defined.get(definition) : undefined;

/** The definition's origin, or its refusal thrown when defineStrategy found it wrong. */
export function checkedOrigin(definition: unknown): Origin | undefined {
  const origin = originOf(definition);
  if (origin?.refusal) throw origin.refusal;
  return origin;
}
