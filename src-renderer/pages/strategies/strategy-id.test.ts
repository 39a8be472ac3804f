import { describe, expect, it } from 'vitest';
import { freeId, idError, slugify } from './strategy-id';

describe('a strategy file name', () => {
  const taken = new Set(['sma-cross', 'my-strategy', 'my-strategy-2']);

  it('accepts what main accepts, and names the rule otherwise', () => {
    expect(idError('my-sma-cross', taken)).toBeUndefined();
    expect(idError('  ', taken)).toBe('Give the strategy a file name');
    expect(idError('My Strategy', taken)).toMatch(/lower-case letters, digits and dashes/);
    expect(idError('-x', taken)).toMatch(/starting with a letter or digit/);
    expect(idError('a'.repeat(65), taken)).toBe('The name must be at most 64 characters');
  });

  it('refuses one that another strategy has, built-in or not', () => {
    expect(idError('sma-cross', taken)).toBe('There is already a strategy named sma-cross');
  });

  it('is made from a name, and made free when taken', () => {
    expect(slugify('My SMA cross')).toBe('my-sma-cross');
    expect(slugify('Élan — RSI (14)')).toBe('elan-rsi-14');
    expect(slugify('***')).toBe('my-strategy');
    expect(freeId('My strategy', taken)).toBe('my-strategy-3');
    expect(freeId('rsi', taken)).toBe('rsi');
    expect(idError(freeId('x'.repeat(100), taken), taken)).toBeUndefined();
  });
});
