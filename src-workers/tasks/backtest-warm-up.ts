import { backtestConfigSchema, type BacktestConfigInput } from '../../src-shared/backtest';
import { resample } from '../../src-shared/bars/resample';
import { timeframeMs } from '../../src-shared/bars/timeframe';
import { runStrategy } from '../engine/backtest';
import { randomWalkBars } from '../engine/random-walk';
import { checkLookAhead } from '../sdk/lookahead';
import { getStrategy, STRATEGIES, strategyInfo } from '../strategies/registry';

/** Settings that take the broker through its other paths: costs, exits of every kind, priced fills at the close, sizing by risk. */
const VARIED: Partial<BacktestConfigInput> = {
  commission: { fraction: 0.001, fixed: 1 },
  slippage: { kind: 'fraction', fraction: 0.0005 },
  spread: 0.0002,
  stopLoss: { kind: 'atr', multiple: 2, period: 14 },
  takeProfit: { kind: 'percent', percent: 1 },
  trailingStop: { kind: 'percent', percent: 0.5 },
  sizing: { kind: 'risk', riskPct: 1 },
  tradeOnClose: true,
  fractionalUnits: true,
};

/**
 * Runs every path of the engine, the SDK and the look-ahead check once on small data before a
 * worker's first real task, for two reasons. V8 compiles a kernel whose first calls are on
 * million-bar arrays to a slower path. And the worker freezes its intrinsics after the warm-up
 * (src-workers/lockdown.ts): an element store first run after the freeze stays on V8's slow path,
 * so each one the engine makes must have run here first. Every built-in strategy with its
 * defaults and with VARIED settings (mtf-ema-trend with its 4h bars), as a user's strategy too
 * (its bars copied), and one look-ahead check.
 */
export function warmUpEngine(): void {
  const bars = randomWalkBars(4096, 1, 60_000, Date.UTC(2024, 0, 1), 0.002);
  for (const strategy of STRATEGIES) {
    const higher = Object.fromEntries(strategyInfo(strategy).higherTimeframes.map((label) => [label, resample(bars, timeframeMs(label))]));
    for (const overrides of [{}, VARIED]) {
      const config = backtestConfigSchema.parse({ ...overrides, strategy: { id: strategy.id } });
      runStrategy(strategy, { bars, higher, config, dataHash: 'warm-up' });
    }
  }
  runStrategy({ ...getStrategy('sma-cross'), untrusted: true }, { bars, config: backtestConfigSchema.parse({ strategy: { id: 'sma-cross' } }), dataHash: 'warm-up' });
  checkLookAhead(getStrategy('mtf-ema-trend'), { bars: 600 });
}
