import { z } from 'zod';
import type { BacktestConfig, IndicatorSeries, Provenance, RunStats, Trade } from '../backtest';
import { STAT_DEFINITIONS } from '../backtest';
import { method, returns } from './define';

export interface RunSummary {
  readonly id: string;
  readonly name: string;
  /** null once the dataset was deleted; the run keeps its name and content hash. */
  readonly datasetId: string | null;
  readonly datasetName: string;
  readonly symbol: string;
  readonly timeframe: string;
  readonly strategyId: string;
  readonly params: Provenance['params'];
  /** The engine's statistics and those main derives from them (RunStats). */
  readonly stats: RunStats;
  readonly barCount: number;
  readonly tradeCount: number;
  readonly notes: string;
  readonly tags: readonly string[];
  readonly createdAt: number;
  readonly updatedAt: number;
  /** A teammate's run pulled from the team server (read-only here); absent or null for this machine's own. */
  readonly origin?: RunOrigin | null;
}

export interface RunOrigin {
  /** The device (data dir) that made it. */
  readonly device: string;
  readonly user: string;
  readonly host: string;
}

export interface RunDetail extends RunSummary {
  readonly config: BacktestConfig;
  readonly provenance: Provenance;
  /** sha256 over statistics, trades and every equity/drawdown value: equal means bit-identical. */
  readonly resultHash: string;
  /**
   * Why a run has no trades, in words with the way out ("no order could be filled: one unit costs
   * at least 16,512 and 9,999 was available …"); absent when it has trades or its dataset is gone.
   */
  readonly noTradesReason?: string;
}

/** Per-bar series, downsampled for a chart of about `maxPoints` points (extremes kept). */
export interface RunSeries {
  readonly time: readonly number[];
  readonly equity: readonly number[];
  readonly drawdownPct: readonly number[];
  readonly buyHoldEquity: readonly number[] | null;
  /** Bars in the full series (before downsampling). */
  readonly totalPoints: number;
}

/**
 * The indicators a run's strategy declared with `I(...)`, over a window of the run, downsampled
 * for a chart: one time axis for all of them (each one's extremes per bucket kept).
 */
export interface RunIndicators {
  /** Bar open times (epoch ms) of the points. */
  readonly time: Float64Array;
  /** In declaration order; each one's `values` has one value per point of `time` (NaN where it has none). */
  readonly indicators: readonly IndicatorSeries[];
  /** Bars in the window before downsampling. */
  readonly totalPoints: number;
}

export interface ReproduceOutcome {
  readonly originalId: string;
  readonly newRunId: string;
  readonly bitIdentical: boolean;
  readonly originalHash: string;
  readonly newHash: string;
  /**
   * For a run of a user strategy, which is rerun from the source it recorded: that source's hash,
   * the file's now (null when the file is gone), and whether the code has changed since.
   */
  readonly source?: SourceStatus;
}

/** A recorded strategy source against the file it came from, as it is now. */
export interface SourceStatus {
  readonly recordedHash: string;
  /** sha256 of the strategy's file now; null when there is no such file any more. */
  readonly currentHash: string | null;
  readonly changed: boolean;
}

/** The user strategy source a run ran, kept with the run whatever happened to the file since. */
export interface RunSource extends SourceStatus {
  readonly strategyId: string;
  /** The file it was read from: `strategies/<id>.ts`, or the path given to the CLI. */
  readonly fileName: string;
  readonly text: string;
}

/** A file for the user to save: CSV, JSON or PDF bytes and a suggested name. */
export interface ExportedFile {
  readonly fileName: string;
  readonly mimeType: string;
  readonly bytes: Uint8Array;
}

export const EXPORT_FORMATS = ['csv', 'json', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface MonthlyReturn {
  readonly year: number;
  /** 1–12. */
  readonly month: number;
  readonly returnPct: number;
}

const STAT_KEYS = STAT_DEFINITIONS.map((d) => d.key) as [string, ...string[]];
/** The most runs one `list` call returns. */
export const MAX_RUNS_LISTED = 500;
const id = z.uuid();
const tag = z.string().trim().min(1).max(40);

export const runsSpec = {
  list: method(
    z
      .object({
        datasetId: id.optional(),
        strategyId: z.string().min(1).max(100).optional(),
        tag: tag.optional(),
        search: z.string().max(200).optional(),
        sort: z.enum(['createdAt', 'name', ...STAT_KEYS]).default('createdAt'),
        order: z.enum(['asc', 'desc']).default('desc'),
        limit: z.number().int().min(1).max(MAX_RUNS_LISTED).default(50),
        offset: z.number().int().min(0).default(0),
      })
      .strict(),
    returns<{ readonly runs: readonly RunSummary[]; readonly total: number }>(),
  ),
  get: method(z.object({ id }).strict(), returns<RunDetail>()),
  update: method(
    z
      .object({
        id,
        name: z.string().trim().min(1).max(200).optional(),
        notes: z.string().max(20_000).optional(),
        tags: z.array(tag).max(50).optional(),
      })
      .strict(),
    returns<RunDetail>(),
  ),
  remove: method(z.object({ id }).strict(), returns<{ readonly removed: boolean }>()),
  series: method(
    z
      .object({
        id,
        maxPoints: z.number().int().min(10).max(20_000).default(2000),
        from: z.number().optional(),
        to: z.number().optional(),
      })
      .strict(),
    returns<RunSeries>(),
  ),
  /** The run's declared indicators over [from, to] (the whole run without them), for the price chart and its panes. */
  indicators: method(
    z
      .object({
        id,
        maxPoints: z.number().int().min(10).max(20_000).default(2000),
        from: z.number().optional(),
        to: z.number().optional(),
      })
      .strict(),
    returns<RunIndicators>(),
  ),
  trades: method(z.object({ id }).strict(), returns<readonly Trade[]>()),
  /** The source a run of a user strategy ran (null for a built-in's run), and whether its file has changed since. */
  source: method(z.object({ id }).strict(), returns<RunSource | null>()),
  monthlyReturns: method(z.object({ id }).strict(), returns<readonly MonthlyReturn[]>()),
  /** CSV (`what`: trades, or equity and drawdown per bar), JSON (the full result) or a PDF report. */
  export: method(
    z
      .object({
        id,
        format: z.enum(EXPORT_FORMATS),
        what: z.enum(['trades', 'equity']).default('trades'),
        /** PDF: how many trades to list. */
        maxTrades: z.number().int().min(0).max(10_000).default(200),
      })
      .strict(),
    returns<ExportedFile>(),
  ),
  /** Imports a run exported as JSON (from this or another machine). */
  importJson: method(z.object({ json: z.string().min(2).max(512 * 1024 * 1024) }).strict(), returns<RunDetail>()),
};
