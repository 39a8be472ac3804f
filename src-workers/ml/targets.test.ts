import { describe, expect, it } from 'vitest';
import { labels } from './targets';

/*
 * Closes 2, 3, 1.5, 1.5, 0.75: the one-bar forward returns are 3/2 − 1 = 0.5, 1.5/3 − 1 = −0.5,
 * 0, 0.75/1.5 − 1 = −0.5, all exact in binary, so the dead zone's edges are hit exactly. Over two
 * bars: 1.5/2 − 1 = −0.25, 1.5/3 − 1 = −0.5, 0.75/1.5 − 1 = −0.5.
 */
const close = Float64Array.of(2, 3, 1.5, 1.5, 0.75);
const list = (values: Float64Array) => Array.from(values);

describe('targets', () => {
  it('two classes: up when the forward return is above 0, an unchanged close is not up; the last h bars have no label', () => {
    expect(list(labels(close, { kind: 'direction', horizon: 1, classes: 2, deadZone: 0 }))).toEqual([1, 0, 0, 0, NaN]);
    expect(list(labels(close, { kind: 'direction', horizon: 2, classes: 2, deadZone: 0 }))).toEqual([0, 0, 0, NaN, NaN]);
  });

  it('three classes: a return within ±θ is flat, both edges included; beyond it down or up', () => {
    const three = (deadZone: number, horizon = 1) => list(labels(close, { kind: 'direction', horizon, classes: 3, deadZone }));
    expect(three(0.5)).toEqual([1, 1, 1, 1, NaN]); // ±0.5 sit on the edges: flat
    expect(three(0.25)).toEqual([2, 0, 1, 0, NaN]);
    expect(three(0.25, 2)).toEqual([1, 0, 0, NaN, NaN]); // −0.25 is on the edge, −0.5 beyond it
  });

  it('return: the forward return itself', () => {
    expect(list(labels(close, { kind: 'return', horizon: 1 }))).toEqual([0.5, -0.5, 0, -0.5, NaN]);
    expect(list(labels(close, { kind: 'return', horizon: 4 }))).toEqual([0.75 / 2 - 1, NaN, NaN, NaN, NaN]);
  });
});
