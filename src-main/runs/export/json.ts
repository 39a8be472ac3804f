import { z } from 'zod';
import type { RunDetail } from '../../../src-shared/api/runs';
import {
  INDICATOR_COLOR,
  STAT_DEFINITIONS,
  backtestConfigSchema,
  type IndicatorSeries,
  DERIVED_STAT_KEYS,
  engineStats,
  paramValueSchema,
  type BacktestResult,
  type BacktestStats,
  type Provenance,
  type Trade,
} from '../../../src-shared/backtest';
import { MAX_STRATEGY_TEXT_CHARS } from '../../../src-shared/api/strategies';
import { BarwiseError } from '../../../src-shared/errors';
import type { Db } from '../../store/db';
import { createHash } from 'node:crypto';
import { insertRun, updateRun, type RunData, type RunOrigin } from '../repository';
import type { RecordedSource } from '../sources';

/**
 * A run as one self-contained JSON document, to archive or to move to another machine.
 *
 * Series are plain number arrays. JSON has no NaN or Infinity: equity, drawdown and time are always
 * finite (the engine guarantees it; import rejects anything else), and a non-finite buy-and-hold
 * value is written as `null` and read back as NaN. Every finite double survives the round trip
 * exactly (JSON.stringify writes the shortest text that parses back to the same bits), so an
 * imported run has the same result hash as the exported one — except a negative zero, which JSON
 * writes as 0; the engine never produces one. A run of a user strategy carries the source it ran
 * (`source`), so it can be shown and reproduced where the file does not exist. The indicators its
 * strategy declared (`indicators`, absent in files from before they were kept) are number arrays
 * too, one value per bar, with `null` where a value is NaN (the warm-up).
 */

export const RUN_JSON_FORMAT = 'barwise-run';
export const RUN_JSON_VERSION = 1;

export function runToJson(
  detail: RunDetail,
  data: RunData,
  trades: readonly Trade[],
  source: RecordedSource | null = null,
  indicators: readonly IndicatorSeries[] = [],
): string {
  return JSON.stringify({
    format: RUN_JSON_FORMAT,
    version: RUN_JSON_VERSION,
    source: source && { fileName: source.fileName, text: source.text },
    run: {
      name: detail.name,
      notes: detail.notes,
      tags: detail.tags,
      datasetName: detail.datasetName,
      symbol: detail.symbol,
      timeframe: detail.timeframe,
      config: detail.config,
      provenance: detail.provenance,
      // The engine's figures only: the result hash covers exactly these (derived ones are recomputed on read).
      stats: engineStats(detail.stats),
      resultHash: detail.resultHash,
      createdAt: detail.createdAt,
    },
    trades,
    series: {
      time: Array.from(data.time),
      equity: Array.from(data.equity),
      drawdownPct: Array.from(data.drawdownPct),
      buyHoldEquity: data.buyHoldEquity ? Array.from(data.buyHoldEquity, (v) => (Number.isFinite(v) ? v : null)) : null,
    },
    indicators: indicators.map((i) => ({
      name: i.name,
      overlay: i.overlay,
      ...(i.color === undefined ? {} : { color: i.color }),
      ...(i.timeframe === undefined ? {} : { timeframe: i.timeframe }),
      values: Array.from(i.values, (v) => (Number.isFinite(v) ? v : null)),
    })),
  });
}

const finite = z.number().finite();

const tradeSchema = z
  .object({
    side: z.enum(['long', 'short']),
    size: finite.positive(),
    entryBar: z.number().int().min(0),
    entryTime: finite,
    entryPrice: finite,
    exitBar: z.number().int().min(0),
    exitTime: finite,
    exitPrice: finite,
    pnl: finite,
    returnPct: finite,
    commission: finite.min(0),
    barsHeld: z.number().int().min(0),
    durationMs: finite.min(0),
    exitReason: z.enum(['signal', 'stop-loss', 'take-profit', 'trailing-stop', 'end']),
    tag: z.string().max(200).optional(),
  })
  .strict();

const statsSchema = z
  .object(
    Object.fromEntries(
      STAT_DEFINITIONS.filter((d) => !(DERIVED_STAT_KEYS as readonly string[]).includes(d.key)).map((d) => [d.key, finite.nullable()]),
    ) as Record<keyof BacktestStats, z.ZodNullable<z.ZodNumber>>,
  )
  .strict();

const provenanceSchema = z
  .object({
    dataHash: z.string().min(1),
    strategyId: z.string().min(1),
    strategyVersion: z.string().min(1),
    params: z.record(z.string(), paramValueSchema),
    engineVersion: z.string().min(1),
    seed: z.null(),
    sourceHash: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  })
  .strict();

const indicatorSchema = z
  .object({
    name: z.string().min(1).max(100),
    overlay: z.boolean(),
    color: z.string().regex(INDICATOR_COLOR, "must be '#rrggbb', '#rgb' or a CSS colour name").optional(),
    timeframe: z.string().min(1).max(20).optional(),
    values: z.array(finite.nullable()),
  })
  .strict();

const runJsonSchema = z.object({
  format: z.literal(RUN_JSON_FORMAT),
  version: z.literal(RUN_JSON_VERSION),
  source: z.object({ fileName: z.string().min(1).max(500), text: z.string().max(MAX_STRATEGY_TEXT_CHARS) }).strict().nullish(),
  run: z.object({
    name: z.string().trim().min(1).max(200),
    notes: z.string().max(20_000),
    tags: z.array(z.string().trim().min(1).max(40)).max(50),
    datasetName: z.string(),
    symbol: z.string(),
    timeframe: z.string(),
    config: backtestConfigSchema,
    provenance: provenanceSchema,
    stats: statsSchema,
    resultHash: z.string(),
    createdAt: finite,
  }),
  trades: z.array(tradeSchema),
  indicators: z.array(indicatorSchema).max(1000).optional(),
  series: z
    .object({
      time: z.array(finite),
      equity: z.array(finite),
      drawdownPct: z.array(finite),
      buyHoldEquity: z.array(finite.nullable()).nullable(),
    })
    .superRefine((s, ctx) => {
      for (const key of ['equity', 'drawdownPct', 'buyHoldEquity'] as const) {
        const length = s[key]?.length ?? s.time.length;
        if (length !== s.time.length) {
          ctx.addIssue({ code: 'custom', path: [key], message: `has ${length} values but time has ${s.time.length}` });
        }
      }
    }),
});

export interface ImportedRun {
  readonly result: BacktestResult;
  readonly origin: RunOrigin & { readonly notes: string; readonly tags: readonly string[] };
  /** The hash written in the file, to compare with the one recomputed on insert. */
  readonly exportedResultHash: string;
}

/** Reads an exported run; throws VALIDATION_FAILED naming the first bad field. */
export function parseRunJson(text: string): ImportedRun {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new BarwiseError('VALIDATION_FAILED', `Run JSON is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = runJsonSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.length ? issue.path.join('.') : '(document)';
    throw new BarwiseError('VALIDATION_FAILED', `Run JSON field ${field}: ${issue.message}`);
  }
  const { run, series, source, indicators = [] } = parsed.data;
  const badIndicator = indicators.findIndex((i) => i.values.length !== series.time.length);
  if (badIndicator >= 0) {
    const { length } = indicators[badIndicator].values;
    throw new BarwiseError('VALIDATION_FAILED', `Run JSON field indicators.${badIndicator}.values: has ${length} values but time has ${series.time.length}`);
  }
  // A run of a user strategy is kept with its source, which must be the text the run names.
  const recordedHash = run.provenance.sourceHash;
  const hash = source ? createHash('sha256').update(source.text, 'utf8').digest('hex') : undefined;
  if (recordedHash !== hash) {
    const why = recordedHash === undefined ? 'a source but the run names none' : hash === undefined ? 'no source for the run\'s strategy' : 'a source whose hash is not the one the run names';
    throw new BarwiseError('VALIDATION_FAILED', `Run JSON field source: the file has ${why}`);
  }
  // The result hash covers JSON.stringify(stats) and of the trades, so their key order matters. The
  // strict schemas admit no extra keys, so the raw objects hold exactly the validated values, in
  // the order the exporter wrote them (zod's output would reorder keys to the schema's order).
  const rawDoc = raw as { run: { stats: BacktestStats }; trades: Trade[] };
  const result: BacktestResult = {
    config: run.config,
    provenance: run.provenance as Provenance,
    stats: rawDoc.run.stats,
    trades: rawDoc.trades,
    time: Float64Array.from(series.time),
    equity: Float64Array.from(series.equity),
    drawdownPct: Float64Array.from(series.drawdownPct),
    buyHoldEquity: series.buyHoldEquity ? Float64Array.from(series.buyHoldEquity, (v) => v ?? NaN) : undefined,
    indicators: indicators.map((i) => ({ ...i, values: Float64Array.from(i.values, (v) => v ?? NaN) })),
  };
  return {
    result,
    origin: {
      // The dataset is referenced by name and content hash only: it need not exist on this machine.
      datasetId: null,
      datasetName: run.datasetName,
      symbol: run.symbol,
      timeframe: run.timeframe,
      name: run.name,
      notes: run.notes,
      tags: run.tags,
      ...(source && hash ? { source: { sourceHash: hash, fileName: source.fileName, text: source.text } } : {}),
    },
    exportedResultHash: run.resultHash,
  };
}

/** Stores an exported run as a new run (new id, created now); returns its id. */
export function importRunJson(db: Db, text: string, now = Date.now()): string {
  const { result, origin } = parseRunJson(text);
  return db.transaction(() => {
    const id = insertRun(db, result, origin, now);
    updateRun(db, id, { notes: origin.notes, tags: origin.tags }, now);
    return id;
  })();
}
