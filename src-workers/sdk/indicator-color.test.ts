import { defineStrategy, rsi, sma } from 'barwise';
import { describe, expect, it } from 'vitest';
import { randomWalkBars } from '../engine/test-bars';
import { runDefinition } from './test-run';

const bars = randomWalkBars(200, 5, 60_000);

describe("I(series, { color }): the indicator's colour on the chart", () => {
  it('is kept with the indicator when given, and absent when not', () => {
    const r = runDefinition(
      defineStrategy({
        name: 'Coloured',
        init: ({ data, I }) => ({
          fast: I(sma(data.close, 5), { color: '#ff8800' }),
          slow: I(sma(data.close, 20), { color: 'teal' }),
          strength: I(rsi(data.close, 14)),
        }),
        next: () => undefined,
      }),
      bars,
    );
    expect(r.indicators?.map((i) => [i.name, i.color])).toEqual([
      ['fast', '#ff8800'],
      ['slow', 'teal'],
      ['strength', undefined],
    ]);
    expect(r.indicators?.[2]).not.toHaveProperty('color');
  });

  it.each([['url(#x)'], ['var(--accent)'], ['#12345'], [''], [42]])('refuses %j, naming the rule', (color) => {
    const strategy = defineStrategy({
      name: 'Bad colour',
      init: ({ data, I }) => ({ fast: I(sma(data.close, 5), { color: color as string }) }),
      next: () => undefined,
    });
    expect(() => runDefinition(strategy, bars)).toThrow(/color must be '#rrggbb', '#rgb' or a CSS colour name/);
  });
});
