import { defineStrategy } from 'barwise';
import { describe, expect, it } from 'vitest';
import { checkedOrigin, originOf } from './define';
import { lineHere, thisFile } from './test-run';
import { displayName } from './user-frame';

const FILE = thisFile();

/** defineStrategy on a declaration typed loosely (a user's file is not type-checked before it runs). */
const define = (definition: unknown) => defineStrategy(definition as Parameters<typeof defineStrategy>[0]);

/** The refusal of a definition (thrown when it is loaded), with the line defineStrategy was called from. */
function refusal(definition: unknown): { message: string; code: string; line: number } {
  let line = 0;
  let defined: unknown;
  line = lineHere(FILE); defined = defineStrategy(definition as Parameters<typeof defineStrategy>[0]);
  try {
    checkedOrigin(defined);
  } catch (error) {
    const { message, code } = error as { message: string; code: string };
    return { message, code, line };
  }
  throw new Error('defineStrategy accepted it');
}

const next = () => undefined;

describe('defineStrategy', () => {
  it('returns the declaration frozen, and remembers where it was made', () => {
    const params = { fast: { type: 'int' as const, default: 10, min: 2, max: 500 } };
    let line = 0;
    line = lineHere(FILE); const definition = defineStrategy({ name: 'Frozen', params, next });
    expect(Object.isFrozen(definition)).toBe(true);
    expect(Object.isFrozen(definition.params)).toBe(true);
    expect(Object.isFrozen(definition.params?.fast)).toBe(true);
    // Changing the object passed in changes nothing in the definition.
    params.fast.default = 600;
    expect(definition.params?.fast.default).toBe(10);
    expect(originOf(definition)).toEqual({ file: FILE, line });
    expect(originOf({ ...definition })).toBeUndefined();
  });

  it('refuses a wrong declaration with STRATEGY_INVALID when it is loaded, naming the file and line, the strategy and the field', () => {
    const cases: [unknown, string][] = [
      [{ name: 'Bad', params: { fast: { type: 'int', default: 600, min: 2, max: 500 } }, next }, "strategy 'Bad': params.fast.default (600) must be at most params.fast.max (500)"],
      [{ name: 'Bad', params: { fast: { type: 'int', default: 1, min: 2 } }, next }, 'params.fast.default (1) must be at least params.fast.min (2)'],
      [{ name: 'Bad', params: { fast: { type: 'int', default: 2.5 } }, next }, 'params.fast.default must be a whole number for an int, got 2.5'],
      [{ name: 'Bad', params: { fast: { type: 'integer', default: 2 } }, next }, "params.fast.type must be 'int', 'float', 'boolean' or 'enum', got 'integer'"],
      [{ name: 'Bad', params: { fast: { type: 'int', defualt: 2, default: 2 } }, next }, "params.fast: unknown field 'defualt'"],
      [{ name: 'Bad', params: { fast: { type: 'float', default: 1, min: 3, max: 2 } }, next }, 'params.fast.min (3) must not exceed params.fast.max (2)'],
      [{ name: 'Bad', params: { fast: { type: 'float', default: 1, step: 0 } }, next }, 'params.fast.step must be positive, got 0'],
      [{ name: 'Bad', params: { on: { type: 'boolean', default: 'yes' } }, next }, "params.on.default must be true or false, got 'yes'"],
      [{ name: 'Bad', params: { mode: { type: 'enum', options: ['a', 'b'], default: 'c' } }, next }, "params.mode.default must be one of 'a', 'b', got 'c'"],
      [{ name: 'Bad', params: { mode: { type: 'enum', options: ['a', 'a'], default: 'a' } }, next }, 'params.mode.options must not repeat a name'],
      [{ name: 'Bad', params: { 'fast-period': { type: 'int', default: 2 } }, next }, 'params.fast-period: a parameter name is letters, digits and _'],
      [
        { name: 'Bad', params: { fast: { type: 'int', default: 2 } }, rules: [{ kind: 'less-than', left: 'fast', right: 'slwo' }], next },
        "rules[0].right must name a declared int or float parameter, got 'slwo'",
      ],
      [
        { name: 'Bad', params: { fast: { type: 'int', default: 20 }, slow: { type: 'int', default: 10 } }, rules: [{ kind: 'less-than', left: 'fast', right: 'slow' }], next },
        'rules[0]: the defaults break it: fast (20) must be less than slow (10)',
      ],
      [{ name: 'Bad', params: {} }, 'give next (one bar at a time) or signals (every bar at once), or both'],
      [{ name: 'Bad', nxt: next, next }, "unknown field 'nxt'"],
      [{ name: 'Bad', next: 'buy' }, "next must be a function, got 'buy'"],
      [{ name: '', next }, 'name must be a non-empty string'],
      [42, 'defineStrategy takes an object'],
    ];
    for (const [definition, problem] of cases) {
      const { message, code, line } = refusal(definition);
      expect(code).toBe('STRATEGY_INVALID');
      expect(message.startsWith(`${displayName(FILE)}:${line}: `), message).toBe(true);
      expect(message).toContain(problem);
    }
  });

  it('keeps the issue example valid: params without labels, init returning indicators, next with both', () => {
    expect(() => define({ name: 'Fine', params: { fast: { type: 'int', default: 10 } }, init: () => ({}), next })).not.toThrow();
    expect(() => define({ name: 'Signals only', signals: () => ({ target: new Float64Array(0) }) })).not.toThrow();
  });
});
