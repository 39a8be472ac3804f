import { LONG, type Strategy } from '../engine/strategy';

/** The baseline: long from the first bar, held to the end. */
export const buyAndHold: Strategy = {
  id: 'buy-and-hold',
  name: 'Buy and hold',
  description: 'Buys on the first bar and holds to the end: the baseline every strategy should beat.',
  version: '1',
  params: [],
  requiredTimeframes: () => [],
  prepare: () => ({ warmup: 0, decide: () => LONG }),
};
