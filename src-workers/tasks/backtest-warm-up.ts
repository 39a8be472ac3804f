import { backtestConfigSchema } from '../../src-shared/backtest';
import { allocateBars } from '../../src-shared/bars/bars';
import { runBacktest } from '../engine/backtest';
import { STRATEGIES, strategyInfo } from '../strategies/registry';

/**
 * Compiles the engine's hot paths on a small slice before a worker's first real task: measured
 * here, a kernel whose first calls are on 1M-element arrays stays on a path about 2× slower.
 * Runs every built-in strategy with its defaults on 4,096 deterministic bars.
 */
export function warmUpEngine(): void {
  const n = 4096;
  const bars = allocateBars(n, 60_000);
  let price = 100;
  let seed = 1;
  for (let i = 0; i < n; i++) {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    const next = price * (1 + (seed / 2 ** 32 - 0.5) * 0.004);
    bars.time[i] = 1_700_000_000_000 + i * 60_000;
    bars.open[i] = price;
    bars.close[i] = next;
    bars.high[i] = Math.max(price, next) * 1.001;
    bars.low[i] = Math.min(price, next) * 0.999;
    bars.volume[i] = 1000;
    price = next;
  }
  for (const strategy of STRATEGIES) {
    if (strategyInfo(strategy).higherTimeframes.length > 0) continue;
    runBacktest({ bars, config: backtestConfigSchema.parse({ strategy: { id: strategy.id } }), dataHash: 'warm-up' });
  }
}
