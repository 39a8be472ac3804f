import { describe, expect, it } from 'vitest';
import { strategyLink, strategyLocation } from './locate';

describe('the strategy file and line an error names', () => {
  it('is read from the SDK’s "strategies/NAME.ts:LINE:" prefix', () => {
    expect(strategyLocation('strategies/my-sma-cross.ts:14: next() threw: x is not defined')).toEqual({ id: 'my-sma-cross', line: 14, column: undefined });
    expect(strategyLocation('Failed: strategies/rsi-2.ts:3:17: reading bar 11 at bar 10')).toEqual({ id: 'rsi-2', line: 3, column: 17 });
  });

  it('is not made up when the message names none', () => {
    expect(strategyLocation('The dataset has no bars in this window')).toBeUndefined();
    expect(strategyLocation('see mystrategies/x.ts:3')).toBeUndefined();
    expect(strategyLocation('strategies/x.ts:0: bad')).toBeUndefined();
    expect(strategyLocation('strategies/X.ts:3: upper case is not an id')).toBeUndefined();
  });

  it('opens the editor there', () => {
    expect(strategyLink({ id: 'my-sma-cross', line: 14 })).toBe('/strategies/my-sma-cross?line=14');
    expect(strategyLink({ id: 'a', line: 3, column: 17 })).toBe('/strategies/a?line=3&column=17');
  });
});
