import { BarwiseError } from '../../src-shared/errors';
import { MAX_VARIANTS, type Variant } from '../../src-shared/optimize/search';
import type { OptimizePlan, OptimizePlanTask } from '../../src-shared/optimize/tasks';
import type { TaskContext } from '../tasks/context';
import { seededRandom } from './random';
import { buildSpace, type Space } from './space';

/**
 * The `optimize.plan` task kind: the variants of a grid (every allowed combination, the first
 * varied parameter slowest) or of a random search (`samples` distinct allowed combinations in the
 * order drawn, seeded).
 */
export function planSearch(task: OptimizePlanTask, ctx?: TaskContext): OptimizePlan {
  const space = buildSpace(task);
  const method = task.method;
  if (method.method === 'grid') {
    if (space.size > MAX_VARIANTS) {
      throw new BarwiseError('SEARCH_SPACE_TOO_LARGE', `the grid holds ${space.size.toLocaleString('en-US')} combinations, more than a search may run (${MAX_VARIANTS.toLocaleString('en-US')}): narrow a range or use a random or Bayesian search`);
    }
    const variants: Variant[] = [];
    for (let code = 0; code < space.size; code++) {
      if ((code & 4095) === 0) ctx?.checkpoint(code / space.size, 'expanding the grid');
      const params = space.paramsAt(code);
      if (space.allowed(params)) variants.push({ index: variants.length, params });
    }
    return done(variants, space);
  }
  return done(sampleCodes(space, method.samples, method.seed).map((code, index) => ({ index, params: space.paramsAt(code) })), space);
}

function done(variants: Variant[], space: Space): OptimizePlan {
  if (variants.length === 0) throw new BarwiseError('INVALID_CONFIG', "no combination of the search space meets the strategy's rules and the constraints");
  return { variants, skipped: Math.max(0, space.size - variants.length), gridSize: space.size };
}

/** Draws before a random search decides the space has no more allowed combinations to give. */
const MAX_MISSES = 100_000;

/**
 * `count` distinct allowed combination numbers, uniformly without replacement: a partial
 * Fisher–Yates over every number when the grid is small enough to list, else rejection sampling.
 */
export function sampleCodes(space: Space, count: number, seed: number, exclude: ReadonlySet<number> = new Set()): number[] {
  const random = seededRandom(seed);
  const picked: number[] = [];
  if (space.size <= Math.max(4 * count, 65_536) && space.size <= MAX_VARIANTS) {
    const codes: number[] = [];
    for (let code = 0; code < space.size; code++) if (!exclude.has(code) && space.allowed(space.paramsAt(code))) codes.push(code);
    for (let k = 0; k < Math.min(count, codes.length); k++) {
      const j = k + random.below(codes.length - k);
      [codes[k], codes[j]] = [codes[j], codes[k]];
      picked.push(codes[k]);
    }
    return picked;
  }
  const seen = new Set<number>(exclude);
  let misses = 0;
  while (picked.length < count && misses < MAX_MISSES) {
    const code = Math.floor(random.float() * space.size);
    if (seen.has(code)) {
      misses++;
      continue;
    }
    seen.add(code);
    if (space.allowed(space.paramsAt(code))) {
      picked.push(code);
      misses = 0;
    } else misses++;
  }
  return picked;
}
