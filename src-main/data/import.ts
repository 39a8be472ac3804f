import { basename } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  AUTO_BAD_ROW_LIMIT,
  type DetectedFormat,
  type ImportOptions,
  type ImportOutcome,
  type ImportReport,
} from '../../src-shared/api/datasets';
import type { Bars } from '../../src-shared/bars/bars';
import { parseTimeframe } from '../../src-shared/bars/resample';
import { BarwiseError } from '../../src-shared/errors';
import type { Db } from '../store/db';
import type { Detection, Dialect } from './dialect';
import { describeFirstBad, normalize } from './normalize';
import { ByteBlocks, fastPathApplies } from './fastpath';
import { LineBlocks, RowParser } from './parse';
import { contentHash, findByHash, getDataset, insertDataset } from './repository';
import { detect } from './sniff';
import { readBytes, readSample, readText, type Encoding } from './source';
import { zoneConverter } from './zone';

export interface ImportProgress {
  readonly fraction: number;
  readonly bytesRead: number;
  readonly totalBytes: number;
  readonly rows: number;
  readonly etaMs: number | null;
  readonly message: string;
}

export interface ImportRequest {
  readonly path: string;
  readonly options: ImportOptions;
  readonly importId: string;
  /** The name shown for the source (an upload's original file name); defaults to the path's basename. */
  readonly sourceName?: string;
  readonly synthetic?: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ImportProgress) => void;
  /** Minimum ms between progress reports. */
  readonly progressEveryMs?: number;
  /** Bytes per read (default 1 MB); tests use tiny reads to cross every boundary. */
  readonly chunkBytes?: number;
  /** 'papaparse' turns the byte-level fast path off (differential tests, benchmarks). Default 'auto'. */
  readonly parser?: ParserChoice;
}

export type ParserChoice = 'auto' | 'papaparse';

export interface ParseFileOptions {
  readonly parser?: ParserChoice;
  readonly chunkBytes?: number;
  /** Bytes read, per chunk (progress). */
  readonly onBytes?: (bytes: number) => void;
  /** Before each chunk is parsed (cancellation). */
  readonly beforeChunk?: () => void;
  /** After each chunk is parsed (progress). */
  readonly afterChunk?: () => void;
}

/**
 * Streams the file through `parser`: the byte-level fast path (fastpath.ts) for UTF-8 files
 * without quotes, else papaparse on decoded text. Both give the same rows, report and errors.
 * Returns whether the fast path was used.
 */
export async function parseFile(path: string, parser: RowParser, dialect: Dialect, encoding: Encoding, options: ParseFileOptions = {}): Promise<boolean> {
  const onBytes = options.onBytes ?? (() => {});
  const before = options.beforeChunk ?? (() => {});
  const after = options.afterChunk ?? (() => {});
  const fast = (options.parser ?? 'auto') === 'auto' && fastPathApplies(dialect, encoding);
  if (fast) {
    const blocks = new ByteBlocks(parser, dialect.newline);
    for await (const chunk of readBytes(path, onBytes, options.chunkBytes)) {
      before();
      blocks.push(chunk);
      after();
    }
    blocks.end();
  } else {
    const blocks = new LineBlocks(dialect.newline, dialect.quoted);
    for await (const text of readText(path, encoding, onBytes, options.chunkBytes)) {
      before();
      const block = blocks.push(text);
      if (block !== undefined) parser.pushBlock(block);
      after();
    }
    const rest = blocks.end();
    if (rest !== undefined) parser.pushBlock(rest);
  }
  return fast;
}

export function describeDetection(detection: Detection, encoding: Encoding): DetectedFormat {
  const d = detection.dialect;
  const f = d.timeFormat;
  return {
    delimiter: d.delimiter,
    hasHeader: d.headerLine !== null,
    headerNames: d.headerNames,
    columns: { ...d.columns },
    timeFormat: f.kind === 'epoch' ? `epoch-${f.unit}` : `text-${f.order}`,
    decimalComma: d.decimalComma,
    quoted: d.quoted,
    dataStartLine: d.dataStartLine,
    encoding,
  };
}

/** Reads the sample and detects the dialect; ambiguous day/month order without an answer is an error. */
export async function detectFile(
  path: string,
  options: ImportOptions,
): Promise<{ detection: Detection; encoding: Encoding; size: number; avgLineBytes: number }> {
  const sample = await readSample(path).catch((error: NodeJS.ErrnoException) => {
    throw new BarwiseError('CSV_UNREADABLE', `cannot read ${path}: ${error.code ?? error.message}`);
  });
  const detection = detect(sample.text, sample.complete, { delimiter: options.delimiter, dateOrder: options.dateOrder });
  const lines = sample.text.split('\n').length;
  const avgLineBytes = Math.max(8, sample.text.length / lines) * (sample.encoding === 'utf-16le' ? 2 : 1);
  return { detection, encoding: sample.encoding, size: sample.size, avgLineBytes };
}

/** 'BTCUSDT-1m-2024-01.csv' → 'BTCUSDT'; undefined when the name does not start like a ticker. */
export function symbolFromFileName(fileName: string): string | undefined {
  const m = /^([A-Za-z][A-Za-z0-9.]{1,14}?)(?=[-_ .]|$)/.exec(basename(fileName).replace(/\.[^.]+$/, ''));
  return m && /[A-Za-z]{2}/.test(m[1]) ? m[1].toUpperCase() : undefined;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/**
 * Streams a CSV file into a new dataset: detect → parse (streamed, bounded memory besides the
 * bars) → sort / de-duplicate / check → one transaction. Any failure, abort or cancel leaves the
 * database as it was. Content already stored answers 'already-imported' and writes nothing.
 */
export async function importFile(db: Db, request: ImportRequest): Promise<ImportOutcome> {
  const read = await readFile(request);
  read.checkCancel();
  const outcome = commitDeferringCheckpoint(db, () => db.transaction(() => storeImport(db, read, request)).immediate());
  read.finalProgress();
  return outcome;
}

/**
 * Stores what readFile produced, or answers 'already-imported' for content already stored.
 * Call inside a transaction (the import job's: the dataset and the job's `completed` commit
 * together, so a cancelled or failed import leaves the database as it was).
 */
export function storeImport(db: Db, read: ReadResult, request: Pick<ImportRequest, 'importId' | 'synthetic'>): ImportOutcome {
  const hash = contentHash(read.bars);
  const report = { ...read.report, durationMs: Math.round(performance.now() - read.startedAt) };
  const existing = findByHash(db, hash);
  if (existing) {
    return { status: 'already-imported', importId: request.importId, dataset: getDataset(db, existing.id), report };
  }
  const id = insertDataset(
    db,
    {
      name: read.name,
      symbol: read.symbol,
      timeframe: read.report.timeframe.label,
      sourceFile: read.sourceFile,
      synthetic: request.synthetic ?? false,
      report,
      hash,
    },
    read.bars,
  );
  const dataset = getDataset(db, id);
  return { status: 'imported', importId: request.importId, dataset, report: dataset.report };
}

export interface ReadResult {
  /** performance.now() when the import started (the report's duration counts from it). */
  readonly startedAt: number;
  readonly bars: Bars;
  readonly report: ImportReport;
  readonly symbol: string;
  readonly name: string;
  readonly sourceFile: string;
  readonly checkCancel: () => void;
  readonly finalProgress: () => void;
}

/**
 * Everything an import does short of storing: detect, stream-parse, check, normalize, and apply the
 * bad-row policy. Throws CSV_UNREADABLE / CSV_AMBIGUOUS / CSV_BAD_ROW / CANCELLED.
 */
export async function readFile(request: ImportRequest): Promise<ReadResult> {
  const started = performance.now();
  const { options, signal } = request;
  const sourceFile = request.sourceName ?? basename(request.path);
  const checkCancel = () => {
    if (signal?.aborted) throw new BarwiseError('CANCELLED', `import of ${sourceFile} cancelled; nothing was stored`);
  };
  checkCancel();
  const zone = zoneConverter(options.tz);
  const timeframeMs = options.timeframe ? parseTimeframe(options.timeframe) : undefined;
  const { detection, encoding, size, avgLineBytes } = await detectFile(request.path, options);
  const blocking = detection.unsure.find((u) => u.blocking);
  if (blocking) throw new BarwiseError('CSV_AMBIGUOUS', `${blocking.message} (pass dateOrder 'DMY' or 'MDY'; CLI: --date-order)`);

  const dialect = detection.dialect;
  // Preallocate for the whole file with a margin (the sample's line length is an estimate; pages
  // never written are never touched), so columns rarely grow: a late doubling copies them all.
  const parser = new RowParser(dialect, zone, Math.min((size / avgLineBytes) * 1.25 + 1024, 1 << 27));
  let bytesRead = 0;
  let lastReport = 0;
  const every = request.progressEveryMs ?? 100;
  const report = (force: boolean) => {
    if (!request.onProgress) return;
    const now = performance.now();
    if (!force && now - lastReport < every) return;
    lastReport = now;
    const fraction = size > 0 ? Math.min(1, bytesRead / size) : 1;
    const elapsed = now - started;
    const etaMs = fraction > 0.01 && fraction < 1 ? Math.round((elapsed / fraction) * (1 - fraction)) : null;
    const rows = parser.rows;
    request.onProgress({
      fraction,
      bytesRead,
      totalBytes: size,
      rows,
      etaMs,
      message: `${sourceFile}: ${mb(bytesRead)} of ${mb(size)} · ${rows.toLocaleString('en-US')} rows${etaMs !== null ? ` · ETA ${Math.ceil(etaMs / 1000)} s` : ''}`,
    });
  };
  report(true);
  try {
    await parseFile(request.path, parser, dialect, encoding, {
      parser: request.parser,
      chunkBytes: request.chunkBytes,
      onBytes: (n) => (bytesRead += n),
      beforeChunk: checkCancel,
      afterChunk: () => report(false),
    });
  } catch (error) {
    if (error instanceof BarwiseError) throw error;
    throw new BarwiseError('CSV_UNREADABLE', `reading ${sourceFile} failed: ${(error as Error).message}`);
  }
  checkCancel();

  const rows = parser.finish();
  const bad = rows.bad;
  const normalized = normalize(rows, bad, timeframeMs);
  bad.listed.sort((a, b) => a.line - b.line);
  const badShare = rows.rowsRead > 0 ? bad.count / rows.rowsRead : 1;
  const policy = options.onBadRows;
  if (bad.count > 0 && (policy === 'abort' || (policy === 'auto' && badShare > AUTO_BAD_ROW_LIMIT))) {
    const why = policy === 'abort' ? 'onBadRows is abort' : `more than ${AUTO_BAD_ROW_LIMIT * 100}% allowed by auto`;
    throw new BarwiseError(
      'CSV_BAD_ROW',
      `${bad.count} of ${rows.rowsRead} rows are bad (${(badShare * 100).toFixed(2)}%, ${why}); nothing was imported: ${describeFirstBad(bad)}`,
    );
  }
  const warnings: string[] = [];
  if (normalized.reordered === 'reversed') warnings.push('the file was newest-first: bars are stored oldest-first');
  if (normalized.reordered === 'sorted') warnings.push('rows were out of order: bars are sorted by time');
  if (normalized.identicalDuplicatesDropped) warnings.push(`${normalized.identicalDuplicatesDropped} identical duplicate row(s) dropped`);
  if (bad.count) warnings.push(`${bad.count} bad row(s) skipped`);
  if (normalized.gaps.irregular) warnings.push(`${normalized.gaps.irregular} step(s) are not a whole multiple of ${normalized.timeframe.label}`);
  if (options.tz !== 'UTC' && dialect.timeFormat.kind === 'epoch') warnings.push(`epoch timestamps are UTC: tz ${options.tz} was not applied`);

  const bars = normalized.bars;
  const importReport: ImportReport = {
    sourceFile,
    sourceBytes: size,
    format: describeDetection(detection, encoding),
    tz: options.tz,
    unsure: detection.unsure.map((u) => ({ ...u })),
    rowsRead: rows.rowsRead,
    blankLines: rows.blankLines,
    barsImported: bars.time.length,
    badRows: { count: bad.count, listed: bad.listed, byReason: bad.byReason },
    identicalDuplicatesDropped: normalized.identicalDuplicatesDropped,
    conflictingDuplicates: normalized.conflicting,
    reordered: normalized.reordered,
    timeframe: normalized.timeframe,
    gaps: normalized.gaps,
    badRowPolicy: policy,
    warnings,
    durationMs: Math.round(performance.now() - started),
  };
  const symbol = options.symbol ?? detection.symbol ?? symbolFromFileName(sourceFile) ?? 'UNKNOWN';
  const name = options.name ?? `${symbol} ${normalized.timeframe.label}`;
  const finalProgress = () => {
    bytesRead = size;
    report(true);
  };
  return { startedAt: started, bars, report: importReport, symbol, name, sourceFile, checkCancel, finalProgress };
}

/**
 * Runs a large write with WAL auto-checkpointing paused, then checkpoints shortly after in the
 * background. The commit is as durable either way (the WAL is synced on commit); this only keeps
 * the copy of ~50 MB of pages from the WAL into the database file out of the import's latency
 * (measured: about half of the commit time for 1 M bars).
 */
function commitDeferringCheckpoint<T>(db: Db, write: () => T): T {
  const previous = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  if (previous <= 0) return write();
  db.pragma('wal_autocheckpoint = 0');
  try {
    return write();
  } finally {
    db.pragma(`wal_autocheckpoint = ${previous}`);
    setTimeout(() => {
      try {
        if (db.open) db.pragma('wal_checkpoint(PASSIVE)');
      } catch {
        // a checkpoint is housekeeping: a busy or closed database just checkpoints later
      }
    }, 50).unref();
  }
}
