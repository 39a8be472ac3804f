import { freemem, totalmem } from 'node:os';
import type { CacheStats } from '../../src-shared/api/datasets';
import { BAR_FIELDS, type Bars } from '../../src-shared/bars/bars';
import { formatTimeframe, parseTimeframe, resample } from '../../src-shared/bars/resample';
import { BarwiseError } from '../../src-shared/errors';
import type { Db } from '../store/db';
import { loadBars } from './repository';

interface Entry {
  readonly datasetId: string;
  readonly timeframe: string;
  readonly bars: Bars;
  readonly bytes: number;
  lastUsedAt: number;
}

export interface DatasetCacheOptions {
  /** Upper bound on the bytes held; defaults to a quarter of RAM, at most 4 GiB. */
  readonly limitBytes?: number;
  readonly now?: () => number;
}

export const defaultCacheLimit = (): number => Math.min(4 * 1024 ** 3, Math.floor(totalmem() / 4), Math.max(256 * 1024 ** 2, freemem()));

/** The target in ms, or INVALID_CONFIG when it is not a whole multiple of the dataset's timeframe. */
function targetTimeframe(label: string, baseMs: number, datasetId: string): number {
  let targetMs: number;
  try {
    targetMs = parseTimeframe(label);
  } catch (error) {
    throw new BarwiseError('INVALID_CONFIG', (error as Error).message);
  }
  if (targetMs < baseMs || targetMs % baseMs !== 0) {
    throw new BarwiseError(
      'INVALID_CONFIG',
      `dataset ${datasetId} has ${formatTimeframe(baseMs)} bars: ${label} is not a whole multiple of ${formatTimeframe(baseMs)}`,
    );
  }
  return targetMs;
}

const bytesOf = (bars: Bars) => BAR_FIELDS.reduce((n, f) => n + bars[f].byteLength, 0);

/**
 * Datasets (and their resamplings) held in SharedArrayBuffers, so every worker reads the same
 * memory with no copy per task. Bounded by bytes, least recently used first out. An evicted
 * entry's memory lives on while a worker still holds it; the cache just stops counting it.
 */
export class DatasetCache {
  private readonly entries = new Map<string, Entry>();
  private total = 0;
  private hits = 0;
  private misses = 0;
  private evictions = 0;
  readonly limitBytes: number;
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    options: DatasetCacheOptions = {},
  ) {
    this.limitBytes = options.limitBytes ?? defaultCacheLimit();
    this.now = options.now ?? Date.now;
  }

  /**
   * The dataset's bars on a SharedArrayBuffer, resampled to `timeframe` when given (computed on
   * demand from the cached base bars, then cached itself).
   */
  getSharedBars(datasetId: string, timeframe?: string): Bars {
    const base = this.lookup(datasetId, 'base') ?? this.insert(datasetId, 'base', loadBars(this.db, datasetId, true));
    if (timeframe === undefined) return base;
    const targetMs = targetTimeframe(timeframe, base.timeframeMs, datasetId);
    if (targetMs === base.timeframeMs) return base;
    const label = formatTimeframe(targetMs);
    return this.lookup(datasetId, label) ?? this.insert(datasetId, label, resample(base, targetMs, true));
  }

  /** Drops every entry of a dataset (on delete). */
  evict(datasetId: string): void {
    for (const [key, entry] of this.entries) {
      if (entry.datasetId === datasetId) this.drop(key, entry);
    }
  }

  stats(): CacheStats {
    return {
      entries: [...this.entries.values()].reverse().map((e) => ({
        datasetId: e.datasetId,
        timeframe: e.timeframe === 'base' ? formatTimeframe(e.bars.timeframeMs) : e.timeframe,
        bars: e.bars.time.length,
        bytes: e.bytes,
        lastUsedAt: e.lastUsedAt,
      })),
      totalBytes: this.total,
      limitBytes: this.limitBytes,
      hits: this.hits,
      misses: this.misses,
      evictions: this.evictions,
    };
  }

  private lookup(datasetId: string, timeframe: string): Bars | undefined {
    const key = `${datasetId}/${timeframe}`;
    const entry = this.entries.get(key);
    if (!entry) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    entry.lastUsedAt = this.now();
    this.entries.delete(key); // re-insert: Map order is recency order
    this.entries.set(key, entry);
    return entry.bars;
  }

  private insert(datasetId: string, timeframe: string, bars: Bars): Bars {
    const key = `${datasetId}/${timeframe}`;
    const entry: Entry = { datasetId, timeframe, bars, bytes: bytesOf(bars), lastUsedAt: this.now() };
    this.entries.set(key, entry);
    this.total += entry.bytes;
    // Oldest first; the entry just added stays even when it alone exceeds the limit.
    for (const [k, e] of this.entries) {
      if (this.total <= this.limitBytes || k === key) break;
      this.drop(k, e);
      this.evictions++;
    }
    return bars;
  }

  private drop(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.total -= entry.bytes;
  }
}
