import { backtestConfigSchema } from '../../src-shared/backtest';
import { randomWalkBars } from '../engine/random-walk';
import { getStrategy } from '../strategies/registry';
import { runChunk } from './chunk';
import { monteCarloTrades } from './montecarlo-trades';

/**
 * Runs the optimizer's own code (the chunk loop, the indicator cache, the period returns, the
 * Monte Carlo replay) once on small data before the worker's realm is frozen, for the reason
 * backtest-warm-up.ts gives: an element store first run after the freeze stays on V8's slow path.
 */
export function warmUpOptimize(): void {
  const bars = randomWalkBars(2_048, 2, 60_000, Date.UTC(2024, 0, 1), 0.002);
  const config = backtestConfigSchema.parse({ strategy: { id: 'sma-cross' } });
  const variants = [5, 10].flatMap((fast, k) => [20, 40].map((slow, j) => ({ index: 2 * k + j, params: { fast, slow } })));
  for (const untrusted of [false, true]) {
    runChunk({ ...getStrategy('sma-cross'), untrusted }, { bars, higher: {}, config, dataHash: 'warm-up', variants, objective: { statistic: 'sharpe', direction: 'maximize' }, constraints: [] });
  }
  const trades = Array.from({ length: 64 }, (_, i) => ({ returnPct: ((i * 37) % 11) - 5 }));
  for (const method of ['reshuffle', 'bootstrap'] as const) {
    monteCarloTrades({ trades, initialEquity: 10_000, durationMs: 86_400_000 * 365, spec: { method, runs: 64, seed: 1, drawdownThresholdPct: 20, fanPoints: 20 } });
  }
}
