import { defineStrategy } from 'barwise';

/** The baseline: long from the first bar, held to the end. */
export default defineStrategy({
  name: 'Buy and hold',
  description: 'Buys on the first bar and holds to the end: the baseline every strategy should beat.',
  next({ position, buy }) {
    if (!position.isLong) buy();
  },
});
