import { z } from 'zod';
import { UPLOAD_CHUNK_BYTES } from '../rpc/limits';
import { method, returns } from './define';
import { timeframeSchema } from './timeframe';

/** How an import treats bad rows: `auto` imports the valid rows when at most 1% are bad. */
export const BAD_ROW_POLICIES = ['auto', 'skip', 'abort'] as const;
export type BadRowPolicy = (typeof BAD_ROW_POLICIES)[number];
/** The share of bad rows `auto` tolerates. */
export const AUTO_BAD_ROW_LIMIT = 0.01;

export const importOptionsSchema = z
  .object({
    symbol: z.string().trim().min(1).max(64).optional(),
    name: z.string().trim().min(1).max(200).optional(),
    timeframe: timeframeSchema.optional(),
    /** IANA zone naive timestamps are read in; epoch and offset-carrying timestamps ignore it. */
    tz: z.string().min(1).default('UTC'),
    dateOrder: z.enum(['DMY', 'MDY']).optional(),
    delimiter: z.enum([',', ';', '\t', '|']).optional(),
    onBadRows: z.enum(BAD_ROW_POLICIES).default('auto'),
  })
  .strict();
export type ImportOptionsInput = z.input<typeof importOptionsSchema>;
export type ImportOptions = z.output<typeof importOptionsSchema>;

export interface BadRow {
  /** 1-based line number in the file. */
  readonly line: number;
  readonly reason: string;
  /** The row as read, truncated. */
  readonly text: string;
}

export interface GapSummary {
  /** Places where consecutive bars are more than one timeframe apart. */
  readonly count: number;
  /** Bars missing in all gaps together. */
  readonly missingBars: number;
  /** The largest gaps, largest first (at most 10): from = last bar before, to = first bar after. */
  readonly largest: readonly { readonly from: number; readonly to: number; readonly missingBars: number }[];
  /** Steps that are not a whole multiple of the timeframe (shorter, or off-grid). */
  readonly irregular: number;
}

export interface DetectedFormat {
  readonly delimiter: string;
  readonly hasHeader: boolean;
  readonly headerNames: readonly string[] | null;
  /** Field → column index (−1 when absent), e.g. { time: 0, open: 1, … }. */
  readonly columns: Readonly<Record<'time' | 'timeOfDay' | 'open' | 'high' | 'low' | 'close' | 'volume', number>>;
  /** 'epoch-ms', 'epoch-s', 'text-YMD', 'text-DMY', … */
  readonly timeFormat: string;
  readonly decimalComma: boolean;
  readonly quoted: boolean;
  readonly dataStartLine: number;
  readonly encoding: 'utf-8' | 'utf-16le';
}

export interface UnsureItem {
  readonly field: string;
  readonly message: string;
  readonly choices?: readonly string[];
  /** The import cannot proceed until the user answers (ambiguous day/month order). */
  readonly blocking?: boolean;
}

/** Everything an import did, always kept with the dataset: nothing is dropped or changed silently. */
export interface ImportReport {
  readonly sourceFile: string;
  readonly sourceBytes: number;
  readonly format: DetectedFormat;
  readonly tz: string;
  readonly unsure: readonly UnsureItem[];
  /** Data rows read (blank lines, header and preamble excluded). */
  readonly rowsRead: number;
  readonly blankLines: number;
  readonly barsImported: number;
  readonly badRows: {
    readonly count: number;
    /** The first 100, in file order. */
    readonly listed: readonly BadRow[];
    readonly byReason: Readonly<Record<string, number>>;
  };
  /** Rows with the same time and the same values as another: dropped (one is kept). */
  readonly identicalDuplicatesDropped: number;
  /** Times that appear with different values: every row at such a time is rejected (counted as bad). */
  readonly conflictingDuplicates: {
    readonly count: number;
    readonly listed: readonly { readonly time: number; readonly lines: readonly number[] }[];
  };
  /** 'reversed' (newest first in the file) or 'sorted' (out of order): bars are stored ascending. */
  readonly reordered: 'none' | 'reversed' | 'sorted';
  readonly timeframe: { readonly label: string; readonly ms: number; readonly detected: boolean };
  readonly gaps: GapSummary;
  readonly badRowPolicy: BadRowPolicy;
  readonly warnings: readonly string[];
  readonly durationMs: number;
}

export interface DatasetSummary {
  readonly id: string;
  readonly name: string;
  readonly symbol: string;
  readonly timeframe: string;
  readonly timeframeMs: number;
  readonly firstTime: number;
  readonly lastTime: number;
  readonly barCount: number;
  readonly gapCount: number;
  readonly missingBars: number;
  readonly sourceFile: string;
  /** sha256 (hex) of the normalized column bytes: time, open, high, low, close, volume. */
  readonly contentHash: string;
  readonly synthetic: boolean;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface DatasetDetail extends DatasetSummary {
  readonly report: ImportReport;
  readonly storedBytes: number;
  readonly chunkCount: number;
}

export interface ImportOutcome {
  readonly status: 'imported' | 'already-imported';
  readonly importId: string;
  readonly dataset: DatasetDetail;
  /** This import's report (for 'already-imported', the new file's report; the dataset keeps its own). */
  readonly report: ImportReport;
}

export interface PreviewResult {
  readonly format: DetectedFormat;
  readonly unsure: readonly UnsureItem[];
  readonly symbol: string | null;
  /** The first rows as they will be read (UTC epoch ms; null where a value did not parse). */
  readonly rows: readonly {
    readonly line: number;
    readonly raw: readonly string[];
    readonly time: number | null;
    readonly open: number | null;
    readonly high: number | null;
    readonly low: number | null;
    readonly close: number | null;
    readonly volume: number | null;
    readonly error: string | null;
  }[];
}

export interface ChartSeries {
  readonly datasetId: string;
  readonly timeframe: string;
  readonly time: number[];
  readonly open: number[];
  readonly high: number[];
  readonly low: number[];
  readonly close: number[];
  /** Source bars behind each point (1 = not downsampled). */
  readonly barsPerPoint: number;
  readonly totalBars: number;
}

export interface CacheEntryInfo {
  readonly datasetId: string;
  readonly timeframe: string;
  readonly bars: number;
  readonly bytes: number;
  readonly lastUsedAt: number;
}

export interface CacheStats {
  readonly entries: readonly CacheEntryInfo[];
  readonly totalBytes: number;
  readonly limitBytes: number;
  readonly hits: number;
  readonly misses: number;
  readonly evictions: number;
}

const id = z.string().min(1).max(64);
const noInput = z.object({}).strict();
const uint8 = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'bytes must be a Uint8Array');
/** One upload chunk: at most UPLOAD_CHUNK_BYTES, so its message fits the shell's WebSocket limit. */
const chunkBytes = uint8.refine((v) => v.length <= UPLOAD_CHUNK_BYTES, `a chunk holds at most ${UPLOAD_CHUNK_BYTES} bytes`);

export const datasetsSpec = {
  list: method(noInput, returns<DatasetSummary[]>()),
  get: method(z.object({ id }).strict(), returns<DatasetDetail>()),
  rename: method(z.object({ id, name: z.string().trim().min(1).max(200) }).strict(), returns<DatasetSummary>()),
  remove: method(z.object({ id }).strict(), returns<{ readonly removed: true }>()),
  chart: method(
    z
      .object({
        id,
        timeframe: timeframeSchema.optional(),
        from: z.number().finite().optional(),
        to: z.number().finite().optional(),
        maxPoints: z.number().int().min(2).max(100_000),
      })
      .strict(),
    returns<ChartSeries>(),
  ),
  importFile: method(
    z
      .object({
        path: z.string().min(1),
        options: importOptionsSchema.default({ tz: 'UTC', onBadRows: 'auto' }),
        /** Optional client-chosen id, so the caller can cancel and match progress events from the start. */
        importId: id.optional(),
      })
      .strict(),
    returns<ImportOutcome>(),
  ),
  uploadBegin: method(
    z
      .object({
        fileName: z.string().min(1).max(500),
        /** Checked against the configured limit and the free disk space when the upload begins. */
        size: z.number().int().min(0),
        options: importOptionsSchema.default({ tz: 'UTC', onBadRows: 'auto' }),
      })
      .strict(),
    returns<{ readonly uploadId: string }>(),
  ),
  uploadChunk: method(z.object({ uploadId: id, bytes: chunkBytes }).strict(), returns<{ readonly received: number }>()),
  uploadFinish: method(z.object({ uploadId: id }).strict(), returns<ImportOutcome>()),
  preview: method(
    z
      .object({
        path: z.string().min(1).optional(),
        uploadId: id.optional(),
        options: importOptionsSchema.default({ tz: 'UTC', onBadRows: 'auto' }),
        rows: z.number().int().min(1).max(500).default(20),
      })
      .strict()
      .refine((v) => (v.path === undefined) !== (v.uploadId === undefined), 'give exactly one of path and uploadId'),
    returns<PreviewResult>(),
  ),
  /** Cancels a running import (its id) or drops an unfinished upload (its uploadId). */
  cancelImport: method(z.object({ importId: id }).strict(), returns<{ readonly cancelled: boolean }>()),
  loadSample: method(noInput, returns<ImportOutcome>()),
  cacheStats: method(noInput, returns<CacheStats>()),
};
