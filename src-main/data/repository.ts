import { createHash } from 'node:crypto';
import type { DatasetDetail, DatasetSummary, ImportReport } from '../../src-shared/api/datasets';
import { allocateBars, BAR_FIELDS, type Bars } from '../../src-shared/bars/bars';
import { BarwiseError } from '../../src-shared/errors';
import type { Db } from '../store/db';
import { newId } from '../store/ids';

/** Bars per chunk: 512 KB per column blob (chunk sizes compared in bench/README.md, import section). */
export const CHUNK_BARS = 65_536;

interface DatasetRow {
  id: string;
  name: string;
  symbol: string;
  timeframe: string;
  timeframe_ms: number;
  first_time: number;
  last_time: number;
  bar_count: number;
  gap_count: number;
  missing_bars: number;
  source_file: string;
  content_hash: string;
  synthetic: number;
  report: string;
  created_at: number;
  updated_at: number;
}

const SUMMARY_COLUMNS =
  'id, name, symbol, timeframe, timeframe_ms, first_time, last_time, bar_count, gap_count, missing_bars, source_file, content_hash, synthetic, created_at, updated_at';

function toSummary(row: DatasetRow): DatasetSummary {
  return {
    id: row.id,
    name: row.name,
    symbol: row.symbol,
    timeframe: row.timeframe,
    timeframeMs: row.timeframe_ms,
    firstTime: row.first_time,
    lastTime: row.last_time,
    barCount: row.bar_count,
    gapCount: row.gap_count,
    missingBars: row.missing_bars,
    sourceFile: row.source_file,
    contentHash: row.content_hash,
    synthetic: row.synthetic === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const bytesOf = (a: Float64Array, from = 0, to = a.length) => Buffer.from(a.buffer, a.byteOffset + from * 8, (to - from) * 8);

/** sha256 (hex) of the column bytes in BAR_FIELDS order: the identity of a dataset's content. */
export function contentHash(bars: Bars): string {
  const hash = createHash('sha256');
  for (const field of BAR_FIELDS) hash.update(bytesOf(bars[field]));
  return hash.digest('hex');
}

export function findByHash(db: Db, hash: string): DatasetSummary | undefined {
  const row = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM datasets WHERE content_hash = ?`).get(hash) as DatasetRow | undefined;
  return row && toSummary(row);
}

export interface NewDataset {
  readonly name: string;
  readonly symbol: string;
  readonly timeframe: string;
  readonly sourceFile: string;
  readonly synthetic: boolean;
  readonly report: ImportReport;
  readonly hash: string;
}

/** Writes the dataset row and its chunks. Call inside a transaction (importers do). */
export function insertDataset(db: Db, meta: NewDataset, bars: Bars, now = Date.now(), chunkBars = CHUNK_BARS): string {
  const id = newId();
  const n = bars.time.length;
  db.prepare(
    `INSERT INTO datasets (id, name, symbol, timeframe, timeframe_ms, first_time, last_time, bar_count, gap_count,
       missing_bars, source_file, content_hash, synthetic, report, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id, meta.name, meta.symbol, meta.timeframe, bars.timeframeMs, bars.time[0], bars.time[n - 1], n,
    meta.report.gaps.count, meta.report.gaps.missingBars, meta.sourceFile, meta.hash, meta.synthetic ? 1 : 0,
    JSON.stringify(meta.report), now, now,
  );
  const insertChunk = db.prepare(
    `INSERT INTO dataset_chunks (id, dataset_id, seq, bar_count, first_time, last_time, time, open, high, low, close, volume, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (let from = 0, seq = 0; from < n; from += chunkBars, seq++) {
    const to = Math.min(n, from + chunkBars);
    insertChunk.run(
      newId(), id, seq, to - from, bars.time[from], bars.time[to - 1],
      bytesOf(bars.time, from, to), bytesOf(bars.open, from, to), bytesOf(bars.high, from, to),
      bytesOf(bars.low, from, to), bytesOf(bars.close, from, to), bytesOf(bars.volume, from, to), now, now,
    );
  }
  return id;
}

function requireRow(db: Db, id: string): DatasetRow {
  const row = db.prepare(`SELECT ${SUMMARY_COLUMNS}, report FROM datasets WHERE id = ?`).get(id) as DatasetRow | undefined;
  if (!row) throw new BarwiseError('DATASET_NOT_FOUND', `no dataset with id ${id}`);
  return row;
}

export function listDatasets(db: Db): DatasetSummary[] {
  const rows = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM datasets ORDER BY created_at DESC, id DESC`).all() as DatasetRow[];
  return rows.map(toSummary);
}

export function getDataset(db: Db, id: string): DatasetDetail {
  const row = requireRow(db, id);
  const storage = db
    .prepare('SELECT count(*) AS chunks, coalesce(sum(length(time) * 6), 0) AS bytes FROM dataset_chunks WHERE dataset_id = ?')
    .get(id) as { chunks: number; bytes: number };
  return { ...toSummary(row), report: JSON.parse(row.report) as ImportReport, storedBytes: storage.bytes, chunkCount: storage.chunks };
}

export function renameDataset(db: Db, id: string, name: string, now = Date.now()): DatasetSummary {
  const changed = db.prepare('UPDATE datasets SET name = ?, updated_at = ? WHERE id = ?').run(name, now, id);
  if (changed.changes === 0) throw new BarwiseError('DATASET_NOT_FOUND', `no dataset with id ${id}`);
  return toSummary(requireRow(db, id));
}

/** Deletes the dataset; its chunks go with it (ON DELETE CASCADE). */
export function removeDataset(db: Db, id: string): void {
  const changed = db.prepare('DELETE FROM datasets WHERE id = ?').run(id);
  if (changed.changes === 0) throw new BarwiseError('DATASET_NOT_FOUND', `no dataset with id ${id}`);
}

/**
 * A stored dataset as columnar Bars: one allocation, then each chunk's blobs are copied in
 * (a memcpy per blob; no per-bar work). `shared` allocates on a SharedArrayBuffer.
 */
export function loadBars(db: Db, datasetId: string, shared = false): Bars {
  const meta = db.prepare('SELECT bar_count, timeframe_ms FROM datasets WHERE id = ?').get(datasetId) as
    | { bar_count: number; timeframe_ms: number }
    | undefined;
  if (!meta) throw new BarwiseError('DATASET_NOT_FOUND', `no dataset with id ${datasetId}`);
  const bars = allocateBars(meta.bar_count, meta.timeframe_ms, shared);
  const rows = db
    .prepare('SELECT bar_count, time, open, high, low, close, volume FROM dataset_chunks WHERE dataset_id = ? ORDER BY seq')
    .raw()
    .iterate(datasetId) as IterableIterator<[number, ...Buffer[]]>;
  let at = 0;
  for (const row of rows) {
    const count = row[0];
    if (at + count > meta.bar_count) throw new BarwiseError('INTERNAL', `dataset ${datasetId}: chunks hold more bars than its ${meta.bar_count}`);
    for (let k = 0; k < 6; k++) {
      const column = bars[BAR_FIELDS[k]];
      const blob = row[k + 1] as Buffer;
      if (blob.length !== count * 8) throw new BarwiseError('INTERNAL', `dataset ${datasetId}: a ${BAR_FIELDS[k]} blob holds ${blob.length} bytes, expected ${count * 8}`);
      new Uint8Array(column.buffer, column.byteOffset + at * 8, count * 8).set(blob);
    }
    at += count;
  }
  if (at !== meta.bar_count) throw new BarwiseError('INTERNAL', `dataset ${datasetId}: chunks hold ${at} bars, expected ${meta.bar_count}`);
  return bars;
}
