import { defineStrategy, sma } from 'barwise';
import { describe, expect, it } from 'vitest';
import { timeframeMs } from '../../src-shared/backtest';
import type { OrderOptions } from '../../src-shared/sdk/strategy';
import { barsFrom, randomWalkBars, resample } from '../engine/test-bars';
import { lineHere, runDefinition, thisFile } from './test-run';
import { displayName } from './user-frame';

/**
 * Everything the SDK refuses is refused while the strategy runs, with a message that states the
 * rule and starts with the strategy file and the line that asked ("FILE:LINE: ").
 */
const FILE = thisFile();
const bars = randomWalkBars(300, 4, 3_600_000);
const flat = barsFrom(Array.from({ length: 10 }, () => [100, 100, 100, 100] as const));

/** Runs `definition`, expects a refusal, and returns its code, message and the line recorded as `line.at`. */
function refused(definition: object, line: { at: number }, run = () => runDefinition(definition, bars)): { code: string; message: string } {
  try {
    run();
  } catch (error) {
    const { code, message } = error as { code: string; message: string };
    expect(message.startsWith(`${displayName(FILE)}:${line.at}: `), message).toBe(true);
    return { code, message };
  }
  throw new Error('the run was not refused');
}

/** A strategy that places one order with `options` (a buy, or a sell) at bar 5, at a close of 100. */
function ordering(side: 'buy' | 'sell', options: unknown, line: { at: number }): object {
  return defineStrategy({
    name: 'Orders',
    next(ctx) {
      if (ctx.bar.index !== 5) return;
      line.at = lineHere(FILE); ctx[side](options as OrderOptions);
    },
  });
}

describe('orders the SDK refuses', () => {
  const cases: ['buy' | 'sell', unknown, string][] = [
    ['buy', { size: Number.NaN }, 'size must be a positive number (below 1 a fraction of buying power, from 1 units), got NaN'],
    ['buy', { size: -1 }, 'size must be a positive number'],
    ['buy', { size: 0 }, 'size must be a positive number'],
    ['buy', { size: Infinity }, 'size must be a positive number'],
    ['buy', { size: 2.5 }, "size 2.5 is not a whole number of units, and the run's units are whole"],
    ['buy', { size: { cash: -5 } }, 'size { cash } must be a positive amount, got -5'],
    ['buy', { size: { riskPct: 2 } }, "size { riskPct } needs a stop-loss: give sl, or set the run's stopLoss"],
    ['buy', { sl: 105 }, 'stop-loss 105 must be below the current close 100 for a buy'],
    ['sell', { sl: 95 }, 'stop-loss 95 must be above the current close 100 for a sell'],
    ['buy', { tp: 95 }, 'take-profit 95 must be above the current close 100 for a buy'],
    ['buy', { limit: 99, sl: 99.5 }, 'stop-loss 99.5 must be below the limit price 99 for a buy'],
    ['sell', { stop: 98, tp: 99 }, 'take-profit 99 must be below the stop price 98 for a sell'],
    ['buy', { sl: { distance: -1 } }, 'stop-loss { distance } must be a price difference of 0 or more, got -1'],
    ['buy', { tp: { percent: 0 } }, 'take-profit { percent } must be above 0 and at most 10000, got 0'],
    ['buy', { trailing: { pct: 2 } }, 'trailing must be a price, { distance } or { percent }'],
    ['buy', { limit: 99, stop: 101 }, 'give a limit or a stop price, not both'],
    ['buy', { limit: Number.NaN }, 'limit must be a positive price, got null'],
    ['buy', { stopp: 1 }, "unknown option 'stopp' (options: size, limit, stop, sl, tp, trailing, tag)"],
    ['buy', 0.5, 'options must be an object'],
  ];
  for (const [side, options, rule] of cases) {
    it(`${side}(${JSON.stringify(options)})`, () => {
      const line = { at: 0 };
      const { code, message } = refused(ordering(side, options, line), line, () => runDefinition(ordering(side, options, line), flat));
      expect(code).toBe('STRATEGY_ERROR');
      expect(message.startsWith(`${displayName(FILE)}:${line.at}: ${side} at bar 5: ${rule}`), message).toBe(true);
    });
  }

  it("risk sizing from the run's settings without any stop-loss: INVALID_CONFIG", () => {
    const line = { at: 0 };
    const definition = ordering('buy', {}, line);
    const { code, message } = refused(definition, line, () => runDefinition(definition, flat, { sizing: { kind: 'risk', riskPct: 1 } }));
    expect(code).toBe('INVALID_CONFIG');
    expect(message).toContain("sizing 'risk' needs a stop: set stopLoss, or give the order a stop-loss (sl)");
  });

  it('a fraction to close outside (0, 1]', () => {
    const line = { at: 0 };
    const definition = defineStrategy({
      name: 'Closing',
      next({ bar, position, buy }) {
        if (bar.index === 2) buy();
        line.at = lineHere(FILE); if (bar.index === 5) position.close(1.5);
      },
    });
    const { message } = refused(definition, line, () => runDefinition(definition, flat));
    expect(message).toContain('position.close at bar 5: the fraction to close must be above 0 and at most 1, got 1.5');
  });
});

describe('reading the future', () => {
  it('an indicator read at a later bar: LOOK_AHEAD', () => {
    const line = { at: 0 };
    const definition = defineStrategy({
      name: 'Peeking',
      init: ({ data, I }) => ({ fast: I(sma(data.close, 3)) }),
      next(_, { fast }) {
        line.at = lineHere(FILE); fast.at(fast.length);
      },
    });
    const { code, message } = refused(definition, line);
    expect(code).toBe('LOOK_AHEAD');
    expect(message).toMatch(/fast\.at\(4\) at bar 3 reads bar 4: a strategy may read only bars up to the current one/);
  });

  it('a whole series taken in next (which would reach past the current bar): LOOK_AHEAD', () => {
    const line = { at: 0 };
    const definition = defineStrategy({
      name: 'Whole series',
      init: ({ data, I }) => ({ close: I(data.close) }),
      next(_, { close }) {
        line.at = lineHere(FILE); sma(close as unknown as Float64Array, 3);
      },
    });
    const { code, message } = refused(definition, line);
    expect(code).toBe('LOOK_AHEAD');
    expect(message).toContain('sma(close) in next: a function of a whole series would read the bars after the current one');
  });

  it('an offset that is not a whole number', () => {
    const line = { at: 0 };
    const definition = defineStrategy({
      name: 'Half a bar',
      next({ data }) {
        line.at = lineHere(FILE); data.close.at(-1.5);
      },
    });
    expect(refused(definition, line).message).toContain('close.at(-1.5): an offset is a whole number');
  });

  it('crossover of something that is neither an indicator nor a number', () => {
    const line = { at: 0 };
    const definition = defineStrategy({
      name: 'Crossing a string',
      next({ crossover }) {
        line.at = lineHere(FILE); crossover('close' as never, 100);
      },
    });
    const { code, message } = refused(definition, line);
    expect(code).toBe('STRATEGY_ERROR');
    expect(message).toContain('next threw at bar 1: TypeError: crossover compares indicators (from I(...) or data) or numbers, got string and number');
  });

  it('a bar before the first is NaN, not a refusal', () => {
    const seen: number[] = [];
    runDefinition(defineStrategy({ name: 'Early', next: ({ data }) => void seen.push(data.close.at(-5)) }), flat);
    expect(seen.slice(0, 3).every((x) => Number.isNaN(x))).toBe(true);
    expect(seen.at(-1)).toBe(100);
  });
});

describe('parameters, indicators, timeframes', () => {
  it('reading a parameter that is not declared', () => {
    const line = { at: 0 };
    const definition = defineStrategy({
      name: 'Typo',
      params: { fast: { type: 'int', default: 10 } },
      init: ({ params }) => {
        line.at = lineHere(FILE); return { period: (params as Record<string, unknown>).fats };
      },
      next: () => undefined,
    });
    const { code, message } = refused(definition, line);
    expect(code).toBe('STRATEGY_ERROR');
    expect(message).toContain('params.fats is not a declared parameter (declared: fast)');
  });

  it('a series of the wrong length, or of a timeframe not declared', () => {
    const line = { at: 0 };
    const short = defineStrategy({
      name: 'Short',
      init: ({ I }) => {
        line.at = lineHere(FILE); return { x: I(new Float64Array(3)) };
      },
      next: () => undefined,
    });
    expect(refused(short, line).message).toContain('I: a series has one value per bar (300), got 3');
    const undeclared = defineStrategy({
      name: 'Undeclared',
      init: ({ data, I }) => {
        line.at = lineHere(FILE); return { x: I(data.close, { timeframe: '4h' }) };
      },
      next: () => undefined,
    });
    expect(refused(undeclared, line).message).toContain('I: "4h" is not a timeframe the strategy declares for these parameters (timeframes gives: none)');
    const wrongTimeframe = defineStrategy({
      name: 'Higher',
      timeframes: () => ['4h'],
      init: ({ higher }) => {
        line.at = lineHere(FILE); return { x: higher('1d') };
      },
      next: () => undefined,
    });
    const run = () => runDefinition(wrongTimeframe, bars, {}, { '4h': resample(bars, timeframeMs('4h')) });
    expect(refused(wrongTimeframe, line, run).message).toContain('higher("1d"): "1d" is not a timeframe the strategy declares for these parameters (timeframes gives: 4h)');
  });
});

describe("exceptions in the strategy's own code", () => {
  it('in next: STRATEGY_ERROR with the bar, the error and the line that threw', () => {
    const line = { at: 0 };
    const definition = defineStrategy({
      name: 'Throws',
      next({ bar }) {
        line.at = lineHere(FILE); if (bar.index === 7) throw new RangeError('boom');
      },
    });
    const { code, message } = refused(definition, line);
    expect(code).toBe('STRATEGY_ERROR');
    expect(message).toBe(`${displayName(FILE)}:${line.at}: next threw at bar 7: RangeError: boom`);
  });

  it('in init, from inside an SDK indicator: the line of the call in the strategy', () => {
    const line = { at: 0 };
    const definition = defineStrategy({
      name: 'Bad period',
      init: ({ data, I }) => {
        line.at = lineHere(FILE); return { x: I(sma(data.close, 0)) };
      },
      next: () => undefined,
    });
    expect(refused(definition, line).message).toBe(`${displayName(FILE)}:${line.at}: init threw: RangeError: period must be an integer ≥ 1, got 0`);
  });

  it('in signals, and signals that give targets the engine cannot take', () => {
    const line = { at: 0 };
    const throwing = defineStrategy({
      name: 'Throws in signals',
      signals: () => {
        line.at = lineHere(FILE); throw new Error('no targets today');
      },
    });
    expect(refused(throwing, line).message).toContain('signals threw: Error: no targets today');
    const wrong = (target: Float64Array) => runDefinition(defineStrategy({ name: 'Wrong targets', signals: () => ({ target }) }), bars);
    expect(() => wrong(new Float64Array(10))).toThrow('signals must return { target: Float64Array } with one value per bar (300), got 10 values');
    expect(() => wrong(new Float64Array(300).fill(0.5))).toThrow('signals: target[1] is 0.5: a target is 1 (long), -1 (short), 0 (flat) or NaN (keep what is held)');
  });
});
