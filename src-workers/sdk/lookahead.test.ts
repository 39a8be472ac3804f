import { cross, defineStrategy, sma } from 'barwise';
import { describe, expect, it } from 'vitest';
import type { ParamValues } from '../../src-shared/backtest';
import { STRATEGIES } from '../strategies/registry';
import { trustedStrategy, type LoadedStrategy } from './loaded';
import { checkLookAhead } from './lookahead';

/**
 * The look-ahead check over every built-in strategy (both Bollinger modes), and strategies that
 * read the future in each way the SDK cannot refuse at the read, to show that it catches them.
 */
const cases: [LoadedStrategy, ParamValues][] = STRATEGIES.flatMap((s): [LoadedStrategy, ParamValues][] =>
  s.id === 'bollinger' ? [[s, { mode: 'breakout' }], [s, { mode: 'reversion' }]] : [[s, {}]],
);

describe('no built-in strategy decides from a bar after the current one', () => {
  for (const [strategy, params] of cases) {
    it(`${strategy.id} ${JSON.stringify(params)}`, () => {
      const report = checkLookAhead(strategy, { params });
      expect(report.findings).toEqual([]);
      expect(report.passed).toBe(true);
      // The strategy must actually decide something, or the check shows nothing.
      expect(report.decisions).toBeGreaterThan(0);
    });
  }
});

const loaded = (definition: object): LoadedStrategy => trustedStrategy('peeking', '1', definition);

describe('the look-ahead check has teeth', () => {
  it('fails a strategy that reads the next close from an array kept from init, naming the line', () => {
    const peeking = defineStrategy({
      name: 'Peeking',
      init: ({ data }) => ({ close: data.close }),
      next({ bar, buy, sell }, { close }) {
        if (close[bar.index + 1] > bar.close) buy(); else sell(); // line 36
      },
    });
    const report = checkLookAhead(loaded(peeking));
    expect(report.passed).toBe(false);
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0].message).toMatch(/^the decision at bar \d+ depends on later bars: with (every bar after bar \d+ rewritten|only the bars up to bar \d+)/);
    expect(report.findings[0].line).toBe(36);
  });

  it('fails a strategy that reads a later bar through an indicator: the SDK refuses the read', () => {
    const peeking = defineStrategy({
      name: 'Peeking by offset',
      init: ({ data, I }) => ({ close: I(data.close) }),
      next({ buy }, { close }) {
        if (close.at(close.length) > 0) buy(); // line 51
      },
    });
    const report = checkLookAhead(loaded(peeking));
    expect(report.passed).toBe(false);
    expect(report.findings[0].message).toMatch(/close\.at\(\d+\) at bar \d+ reads bar \d+: a strategy may read only bars up to the current one/);
    expect(report.findings[0].line).toBe(51);
  });

  it('fails an indicator computed from later values, even one no decision reads', () => {
    const shifted = defineStrategy({
      name: 'Shifted average',
      init: ({ data, I }) => {
        const average = sma(data.close, 5);
        return { ahead: I(Float64Array.from(average, (_, i) => average[i + 2] ?? NaN)) };
      },
      next({ position, buy }) {
        if (!position.isLong) buy();
      },
    });
    const report = checkLookAhead(loaded(shifted));
    expect(report.passed).toBe(false);
    expect(report.findings[0].message).toMatch(/^indicator 'ahead' at bar \d+ depends on later bars/);
  });

  it('fails signals computed from later values', () => {
    const future = defineStrategy({
      name: 'Future cross',
      signals: ({ data }) => {
        const ahead = Float64Array.from(data.close, (_, i) => data.close[Math.min(i + 3, data.close.length - 1)]);
        return cross(ahead, sma(data.close, 20));
      },
    });
    const report = checkLookAhead(loaded(future));
    expect(report.passed).toBe(false);
    expect(report.findings[0].message).toMatch(/depends on later bars/);
  });
});
