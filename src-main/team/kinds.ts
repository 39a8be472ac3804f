import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { BacktestConfig, BacktestResult } from '../../src-shared/backtest';
import type { Bars } from '../../src-shared/bars/bars';
import type { WorkerPool } from '../pool/pool';

/** What a worker gives a team job besides its data: its thread pool and the bars it needs. */
export interface TeamJobContext {
  readonly workerPool: WorkerPool;
  bars(key: string): Promise<Bars>;
}

/** Every team job carries its batch and its place in it: the result is keyed by the two. */
export interface TeamJobData {
  readonly batchId: string;
  readonly seq: number;
}

/**
 * A kind of work team workers claim (docs/team.md, "Adding a job kind"): backtests now; sweep
 * chunks join as another kind (their data a chunk of variants, their output the chunk's
 * statistics) without changing the queue, the leases or the results.
 */
export interface TeamJobKind<Data extends TeamJobData = TeamJobData, Output = unknown> {
  readonly kind: string;
  run(data: Data, ctx: TeamJobContext): Promise<Output>;
  /** The output as bytes for the results table, and back. */
  encode(output: Output): Buffer;
  decode(bytes: Buffer): Output;
}

export interface TeamBacktestData extends TeamJobData {
  /** Bars by content key (src-main/team/bars.ts), and the higher timeframes a strategy reads. */
  readonly bars: string;
  readonly higher: Readonly<Record<string, string>>;
  readonly config: BacktestConfig;
  readonly dataHash: string;
}

const SERIES = ['time', 'equity', 'drawdownPct', 'buyHoldEquity'] as const;

function encodeResult(result: BacktestResult): Buffer {
  const arrays: Record<string, string | null> = {};
  for (const key of SERIES) {
    const values = result[key];
    arrays[key] = values ? Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64') : null;
  }
  const { config, provenance, stats, trades } = result;
  return deflateRawSync(Buffer.from(JSON.stringify({ config, provenance, stats, trades, arrays })), { level: 1 });
}

function decodeResult(bytes: Buffer): BacktestResult {
  const parsed = JSON.parse(inflateRawSync(bytes).toString('utf8')) as Omit<BacktestResult, (typeof SERIES)[number]> & {
    arrays: Record<string, string | null>;
  };
  const array = (key: string) => {
    const text = parsed.arrays[key];
    if (text === null || text === undefined) return undefined;
    const raw = Buffer.from(text, 'base64');
    const out = new Float64Array(raw.length / 8);
    new Uint8Array(out.buffer).set(raw);
    return out;
  };
  return {
    config: parsed.config,
    provenance: parsed.provenance,
    stats: parsed.stats,
    trades: parsed.trades,
    time: array('time') as Float64Array,
    equity: array('equity') as Float64Array,
    drawdownPct: array('drawdownPct') as Float64Array,
    buyHoldEquity: array('buyHoldEquity'),
  };
}

/** One backtest on the worker's pool, at batch priority, with the bars shared across its threads. */
export const backtestTeamKind: TeamJobKind<TeamBacktestData, BacktestResult> = {
  kind: 'backtest',
  async run(data, ctx) {
    const bars = await ctx.bars(data.bars);
    const higher: Record<string, Bars> = {};
    for (const [timeframe, key] of Object.entries(data.higher)) higher[timeframe] = await ctx.bars(key);
    return ctx.workerPool.run<BacktestResult>('backtest', { bars, higher, config: data.config, dataHash: data.dataHash }, { priority: 'batch' });
  },
  encode: encodeResult,
  decode: decodeResult,
};

/** Every kind team workers run. */
export const TEAM_JOB_KINDS: readonly TeamJobKind[] = [backtestTeamKind as unknown as TeamJobKind];
