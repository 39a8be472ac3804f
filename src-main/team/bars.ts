import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { allocateBars, BAR_FIELDS, type Bars } from '../../src-shared/bars/bars';
import { BarwiseError } from '../../src-shared/errors';
import type { TeamPool } from '../sync/pool';

/** Bars are stored by content: the dataset's hash and the timeframe they were resampled to. */
export const barsKey = (contentHash: string, timeframeMs: number): string => `${contentHash}:${timeframeMs}`;

function packBars(bars: Bars): Buffer {
  const n = bars.time.length;
  const bytes = Buffer.alloc(n * 8 * BAR_FIELDS.length);
  BAR_FIELDS.forEach((field, k) => {
    const column = bars[field];
    bytes.set(new Uint8Array(column.buffer, column.byteOffset, column.byteLength), k * n * 8);
  });
  return deflateRawSync(bytes, { level: 1 });
}

function unpackBars(blob: Buffer, count: number, timeframeMs: number): Bars {
  const bytes = inflateRawSync(blob);
  if (bytes.length !== count * 8 * BAR_FIELDS.length) {
    throw new BarwiseError('TEAM_SERVER_ERROR', `Bars on the team server are damaged: ${bytes.length} bytes for ${count} bars`);
  }
  // On a SharedArrayBuffer, so the worker threads share them instead of copying.
  const bars = allocateBars(count, timeframeMs, true);
  new Uint8Array(bars.time.buffer).set(bytes);
  return bars;
}

/** Uploads the bars under `key` unless the server has them already. */
export async function uploadBars(pool: TeamPool, key: string, bars: Bars): Promise<void> {
  const s = pool.schema;
  const found = await pool.query(`SELECT 1 FROM ${s}.bars WHERE key = $1`, [key]);
  if (found.rows.length > 0) return;
  await pool.query(
    `INSERT INTO ${s}.bars (key, bar_count, timeframe_ms, columns) VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO NOTHING`,
    [key, bars.time.length, bars.timeframeMs, packBars(bars)],
  );
}

/** A worker's bars, fetched once per key and kept (a sweep reads the same bars thousands of times). */
export class BarsCache {
  private readonly entries = new Map<string, Promise<Bars>>();
  constructor(
    private readonly pool: TeamPool,
    private readonly maxEntries = 16,
  ) {}

  get(key: string): Promise<Bars> {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = this.fetch(key);
      this.entries.set(key, entry);
      entry.catch(() => this.entries.delete(key));
      if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    }
    return entry;
  }

  private async fetch(key: string): Promise<Bars> {
    const row = await this.pool.query<{ bar_count: number; timeframe_ms: string; columns: Buffer }>(
      `SELECT bar_count, timeframe_ms, columns FROM ${this.pool.schema}.bars WHERE key = $1`,
      [key],
    );
    const found = row.rows[0];
    if (!found) throw new BarwiseError('TEAM_SERVER_ERROR', `The team server has no bars ${key} (removed after the job was sent?)`);
    return unpackBars(found.columns, found.bar_count, Number(found.timeframe_ms));
  }
}
