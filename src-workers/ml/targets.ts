import type { TargetConfig } from '../../src-shared/ml/config';

/**
 * The label of bar t is about the forward return over h bars, r = close[t + h] / close[t] − 1,
 * known only at the close of bar t + h (docs/ml.md#targets):
 * - direction, 2 classes: 1 (up) when r > 0, else 0 (not up);
 * - direction, 3 classes: 0 (down) when r < −θ, 2 (up) when r > θ, else 1 (flat);
 * - return: r itself.
 * NaN where t + h is past the last bar. splits.ts also keeps a row's label inside its own window.
 */
export function labels(close: Float64Array, target: TargetConfig): Float64Array {
  const n = close.length;
  const h = target.horizon;
  const out = new Float64Array(n).fill(NaN);
  for (let t = 0; t + h < n; t++) {
    const r = close[t + h] / close[t] - 1;
    if (target.kind === 'return') out[t] = r;
    else if (target.classes === 2) out[t] = r > 0 ? 1 : 0;
    else out[t] = r > target.deadZone ? 2 : r < -target.deadZone ? 0 : 1;
  }
  return out;
}

/** How many classes a target has (1 for the return: one output). */
export function classCount(target: TargetConfig): number {
  return target.kind === 'return' ? 1 : target.classes;
}

export function classNames(target: TargetConfig): string[] {
  if (target.kind === 'return') return [];
  return target.classes === 2 ? ['not up', 'up'] : ['down', 'flat', 'up'];
}

/** What `ml.predict` returns per bar, one name per output. */
export function outputNames(target: TargetConfig): string[] {
  if (target.kind === 'return') return ['forward_return'];
  return target.classes === 2 ? ['p_up'] : ['p_down', 'p_flat', 'p_up'];
}
