import { backtestConfigSchema, type BacktestResult, type ParamValues } from '../../src-shared/backtest';
import { sliceBars, type Bars } from '../../src-shared/bars/bars';
import { resample } from '../../src-shared/bars/resample';
import { timeframeMs } from '../../src-shared/bars/timeframe';
import { BarwiseError } from '../../src-shared/errors';
import { runStrategy } from '../engine/backtest';
import type { Level, Order, Trail } from '../engine/orders';
import { randomWalkBars } from '../engine/random-walk';
import type { StrategyCheckFinding, StrategyCheckReport } from '../tasks/strategy-tasks';
import { timeframesOf, type LoadedStrategy } from './loaded';
import { defaultParams, resolveParams } from './params';
import { displayName, lineIn } from './user-frame';

/**
 * The look-ahead check: a strategy may decide at bar t from bars 0..t only. It is run on a seeded
 * random walk; then, for a few bars t, every bar after t is rewritten (a different walk going on
 * from the close at t, the higher timeframes resampled from the rewritten bars, as a run's caller
 * resamples them) and the strategy is run again, and again on the bars up to t alone. Every
 * decision up to t (each order, with its size, prices and exits; each `signals` target) and every
 * declared indicator up to t must be the same in all three runs. A strategy that reads a later
 * bar through an indicator is refused by the SDK at that read; this check catches the rest (an
 * array kept from `init` and indexed past the current bar, a series computed from later values).
 */

const BARS = 3000;
const BASE_TIMEFRAME_MS = 15 * 60_000;
const START = Date.UTC(2024, 0, 1);
const SEED = 2024;
const REWRITE_SEEDS = [1, 2];

export interface LookAheadOptions {
  /** Bars of the random walk (3,000). */
  readonly bars?: number;
  readonly seed?: number;
  /** Parameter values (the defaults where not given). */
  readonly params?: Readonly<ParamValues>;
  /** Polled during the runs; true stops the check with CANCELLED. */
  readonly shouldStop?: () => boolean;
}

/** One decision as the check compares it: the bar, what was ordered, and where it was ordered (read only for a finding). */
interface Decision {
  readonly bar: number;
  readonly text: string;
  readonly placed: Error;
}

interface Observed {
  readonly decisions: readonly Decision[];
  readonly targets: Float64Array | null;
  readonly indicators: BacktestResult['indicators'];
}

const levelText = (level: Level, bar: number): string => {
  switch (level.kind) {
    case 'price':
      return `at ${level.price}`;
    case 'distance':
      return `${level.distance} away`;
    case 'percent':
      return `${level.percent}% away`;
    case 'atr':
      return `${level.multiple} ATR (${level.atr[bar]}) away`;
  }
};
const trailText = (trail: Trail, bar: number): string => levelText(trail, bar);

function orderText(order: Order): string {
  if (order.kind === 'close') return order.fraction === 1 ? 'close the position' : `close ${order.fraction} of the position`;
  const parts = [order.side > 0 ? 'buy' : 'sell', JSON.stringify(order.sizing)];
  if (order.limit === order.limit) parts.push(`limit ${order.limit}`);
  if (order.stop === order.stop) parts.push(`stop ${order.stop}`);
  if (order.stopLosses.length > 0) parts.push(`stop-loss ${order.stopLosses.map((l) => levelText(l, order.bar)).join(' or ')}`);
  if (order.takeProfit) parts.push(`take-profit ${levelText(order.takeProfit, order.bar)}`);
  if (order.trailing) parts.push(`trailing ${trailText(order.trailing, order.bar)}`);
  if (order.tag !== undefined) parts.push(`tag ${JSON.stringify(order.tag)}`);
  return parts.join(', ');
}

/** Bars equal to `base` up to t, then a different random walk that goes on from the close at t. */
function rewrittenAfter(base: Bars, t: number, seed: number): Bars {
  const n = base.time.length;
  const other = randomWalkBars(n, seed, base.timeframeMs, base.time[0], 0.01);
  const bars = randomWalkBars(n, 0, base.timeframeMs, base.time[0]);
  for (const field of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) bars[field].set(base[field]);
  const scale = base.close[t] / other.open[t + 1];
  for (let i = t + 1; i < n; i++) {
    bars.open[i] = other.open[i] * scale;
    bars.high[i] = other.high[i] * scale;
    bars.low[i] = other.low[i] * scale;
    bars.close[i] = other.close[i] * scale;
    bars.volume[i] = other.volume[i] * 3;
  }
  return bars;
}

/** Runs the strategy with its defaults on `bars` and records what it decided. Throws what the run throws. */
function observe(strategy: LoadedStrategy, params: Readonly<ParamValues>, bars: Bars, timeframes: readonly string[], shouldStop?: () => boolean): Observed {
  const higher = Object.fromEntries(timeframes.map((label) => [label, resample(bars, timeframeMs(label))]));
  const config = backtestConfigSchema.parse({ strategy: { id: strategy.id, params } });
  const decisions: Decision[] = [];
  let targets: Float64Array | null = null;
  if (shouldStop?.()) throw new BarwiseError('CANCELLED', 'check cancelled');
  const result = runStrategy(strategy, { bars, higher, config, dataHash: 'look-ahead check' }, {
    shouldStop,
    onOrder: (order) => decisions.push({ bar: order.bar, text: orderText(order), placed: new Error('order placed') }),
    onPrepared: (prepared) => (targets = prepared.targets),
  });
  return { decisions, targets, indicators: result.indicators };
}

/** The line a strategy error names ("FILE:LINE: …"), if any. */
function lineOf(message: string, file: string): number | undefined {
  const match = new RegExp(`^${displayName(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+): `).exec(message);
  return match ? Number(match[1]) : undefined;
}

const sameNumber = (a: number, b: number): boolean => Object.is(a, b);

/** The first way `other` differs from `reference` up to bar t, as a finding; undefined when they agree. */
function difference(reference: Observed, other: Observed, t: number, how: string, file: string): StrategyCheckFinding | undefined {
  const upTo = (d: readonly Decision[]) => d.filter((x) => x.bar <= t);
  const a = upTo(reference.decisions);
  const b = upTo(other.decisions);
  for (let k = 0; k < Math.max(a.length, b.length); k++) {
    const x = a[k];
    const y = b[k];
    if (x && y && x.bar === y.bar && x.text === y.text) continue;
    const first = x && (!y || x.bar <= y.bar) ? x : y;
    const was = x && x.bar === first.bar ? `"${x.text}"` : 'nothing';
    const became = y && y.bar === first.bar ? `"${y.text}"` : 'nothing';
    return {
      message: `the decision at bar ${first.bar} depends on later bars: with ${how}, the strategy ordered ${became} instead of ${was}`,
      line: lineIn(first.placed.stack, file),
    };
  }
  if (reference.targets && other.targets) {
    for (let i = 0; i <= t; i++) {
      if (!sameNumber(reference.targets[i], other.targets[i])) {
        return { message: `signals' target at bar ${i} depends on later bars: with ${how}, it is ${other.targets[i]} instead of ${reference.targets[i]}` };
      }
    }
  }
  const indicators = reference.indicators ?? [];
  for (let k = 0; k < indicators.length; k++) {
    const x = indicators[k].values;
    const y = other.indicators?.[k]?.values;
    if (!y) continue;
    for (let i = 0; i <= t; i++) {
      if (!sameNumber(x[i], y[i])) {
        return { message: `indicator '${indicators[k].name}' at bar ${i} depends on later bars: with ${how}, it is ${y[i]} instead of ${x[i]}` };
      }
    }
  }
  return undefined;
}

/**
 * The check (with the default parameters unless given). A strategy whose run fails (an
 * exception, a refused read of a later bar) fails the check with that error as its finding.
 */
export function checkLookAhead(strategy: LoadedStrategy, options: LookAheadOptions = {}): StrategyCheckReport {
  const n = options.bars ?? BARS;
  const base = randomWalkBars(n, options.seed ?? SEED, BASE_TIMEFRAME_MS, START, 0.004);
  const findings: StrategyCheckFinding[] = [];
  let decisions = 0;
  try {
    const params = resolveParams(strategy.id, strategy.definition, options.params ?? defaultParams(strategy.definition));
    const timeframes = timeframesOf(strategy, params);
    const reference = observe(strategy, params, base, timeframes, options.shouldStop);
    decisions = reference.decisions.length;
    for (const t of [Math.floor(0.3 * n), Math.floor(0.5 * n) + 1, Math.floor(0.74 * n), n - 2]) {
      const variants: [string, Bars][] = [
        ...REWRITE_SEEDS.map((seed): [string, Bars] => [`every bar after bar ${t} rewritten (seed ${seed})`, rewrittenAfter(base, t, seed)]),
        [`only the bars up to bar ${t}`, sliceBars(base, 0, t + 1)],
      ];
      for (const [how, bars] of variants) {
        const found = difference(reference, observe(strategy, params, bars, timeframes, options.shouldStop), t, how, strategy.file);
        if (found) {
          findings.push(found);
          return { passed: false, findings, decisions };
        }
      }
    }
  } catch (error) {
    if (!(error instanceof BarwiseError) || error.code === 'CANCELLED') throw error;
    findings.push({ message: error.message, line: lineOf(error.message, strategy.file) });
  }
  return { passed: findings.length === 0, findings, decisions };
}
