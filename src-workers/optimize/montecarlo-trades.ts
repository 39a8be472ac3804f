import { BarwiseError } from '../../src-shared/errors';
import type { MonteCarloResult } from '../../src-shared/optimize/montecarlo';
import { summarize } from '../../src-shared/optimize/montecarlo-summary';
import type { MonteCarloTradesTask } from '../../src-shared/optimize/tasks';
import type { TaskContext } from '../tasks/context';
import { streamRandom } from './random';

const YEAR_MS = 365.25 * 86_400_000;

/**
 * The `montecarlo.trades` task kind. Each simulation replays the run's trade returns r (returnPct
 * / 100) from the starting equity, compounding: E_k = E_{k−1}·(1 + r_k); `reshuffle` takes them
 * in a random order (a Fisher–Yates shuffle), `bootstrap` draws n of them with replacement.
 * Simulation s draws from streamRandom(seed, s). The final equity of a reshuffle is the run's own
 * (a product does not depend on its order); its drawdowns and its path do.
 */
export function monteCarloTrades(task: MonteCarloTradesTask, ctx?: TaskContext): MonteCarloResult {
  const { spec, initialEquity, durationMs } = task;
  const n = task.trades.length;
  if (n === 0) throw new BarwiseError('NOT_ENOUGH_DATA', 'Monte Carlo on trades needs a run with at least one closed trade');
  if (!(initialEquity > 0)) throw new BarwiseError('INVALID_CONFIG', `initial equity must be positive, got ${initialEquity}`);
  const returns = Float64Array.from(task.trades, (t) => t.returnPct / 100);
  if (returns.some((r) => !Number.isFinite(r) || r < -1)) throw new BarwiseError('INVALID_CONFIG', 'a trade return must be a finite number ≥ −100%');
  const steps = fanSteps(n, spec.fanPoints);
  const years = durationMs !== null && durationMs > 0 ? durationMs / YEAR_MS : null;
  const cagr = (final: number) => (years === null ? NaN : ((final / initialEquity) ** (1 / years) - 1) * 100);

  const finalEquity = new Float64Array(spec.runs);
  const maxDrawdownPct = new Float64Array(spec.runs);
  const cagrPct = years === null ? null : new Float64Array(spec.runs);
  const paths: Float64Array[] = [];
  const order = new Float64Array(n);
  const path = new Float64Array(steps.length);
  for (let s = 0; s < spec.runs; s++) {
    if ((s & 63) === 0) ctx?.checkpoint(s / spec.runs, `simulation ${s + 1} of ${spec.runs}`);
    const random = streamRandom(spec.seed, s);
    if (spec.method === 'reshuffle') {
      order.set(returns);
      for (let i = n - 1; i > 0; i--) {
        const j = random.below(i + 1);
        const t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    } else {
      for (let i = 0; i < n; i++) order[i] = returns[random.below(n)];
    }
    const { final, drawdown } = replay(order, initialEquity, steps, path);
    finalEquity[s] = final;
    maxDrawdownPct[s] = drawdown;
    if (cagrPct) cagrPct[s] = cagr(final);
    paths.push(path.slice());
  }
  const originalPath = new Float64Array(steps.length);
  const original = replay(returns, initialEquity, steps, originalPath);
  return summarize({
    method: spec.method,
    seed: spec.seed,
    finalEquity,
    maxDrawdownPct,
    cagrPct,
    original: { finalEquity: original.final, maxDrawdownPct: original.drawdown, cagrPct: years === null ? null : cagr(original.final), path: [...originalPath] },
    drawdownThresholdPct: spec.drawdownThresholdPct,
    steps,
    paths,
  });
}

/** Compounds the returns from `start`; writes the equity after trade k for each k in `steps` (0 = before the first) into `path`. */
export function replay(returns: Float64Array, start: number, steps: readonly number[], path: Float64Array): { final: number; drawdown: number } {
  let equity = start;
  let peak = start;
  let drawdown = 0;
  let next = 0;
  if (steps[0] === 0) path[next++] = equity;
  for (let k = 0; k < returns.length; k++) {
    equity *= 1 + returns[k];
    if (equity > peak) peak = equity;
    else {
      const dd = (1 - equity / peak) * 100;
      if (dd > drawdown) drawdown = dd;
    }
    if (next < steps.length && steps[next] === k + 1) path[next++] = equity;
  }
  return { final: equity, drawdown };
}

/** Up to `points` trade counts from 0 to n, evenly spread, always both ends. */
export function fanSteps(n: number, points: number): number[] {
  const count = Math.min(points, n + 1);
  const steps = new Set<number>();
  for (let k = 0; k < count; k++) steps.add(Math.round((k * n) / (count - 1)));
  return [...steps].sort((a, b) => a - b);
}
