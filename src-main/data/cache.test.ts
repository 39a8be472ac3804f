import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allocateBars } from '../../src-shared/bars/bars';
import { DatasetCache } from './cache';
import { contentHash, insertDataset } from './repository';
import { tempDb } from './test-db';
import type { ImportReport } from '../../src-shared/api/datasets';

function store(db: ReturnType<typeof tempDb>['db'], n: number, seed: number): string {
  const bars = allocateBars(n, 60_000);
  for (let i = 0; i < n; i++) {
    bars.time[i] = i * 60_000;
    bars.open[i] = bars.close[i] = seed + i;
    bars.high[i] = seed + i + 1;
    bars.low[i] = seed + i - 1;
  }
  const report = { gaps: { count: 0, missingBars: 0, largest: [], irregular: 0 } } as unknown as ImportReport;
  return insertDataset(db, { name: 'x', symbol: 'X', timeframe: '1m', sourceFile: 'x.csv', synthetic: false, report, hash: contentHash(bars) }, bars);
}

describe('DatasetCache', () => {
  let t: ReturnType<typeof tempDb>;
  beforeEach(() => {
    t = tempDb();
  });
  afterEach(() => t.dispose());

  it('evicts the least recently used entry when over its byte limit', () => {
    const a = store(t.db, 1000, 1);
    const b = store(t.db, 1000, 2);
    const c = store(t.db, 1000, 3);
    let clock = 0;
    const cache = new DatasetCache(t.db, { limitBytes: 2 * 1000 * 48, now: () => ++clock });
    cache.getSharedBars(a);
    cache.getSharedBars(b);
    cache.getSharedBars(a); // a is now the most recent
    cache.getSharedBars(c); // evicts b
    const stats = cache.stats();
    expect(stats.entries.map((e) => e.datasetId)).toEqual([c, a]);
    expect(stats).toMatchObject({ totalBytes: 96_000, limitBytes: 96_000, hits: 1, misses: 3, evictions: 1 });
  });

  it('keeps an entry larger than the limit on its own (the caller needs it)', () => {
    const a = store(t.db, 1000, 1);
    const cache = new DatasetCache(t.db, { limitBytes: 10 });
    expect(cache.getSharedBars(a).time.length).toBe(1000);
    expect(cache.stats().entries).toHaveLength(1);
  });

  it('hands workers the same memory on every call', () => {
    const a = store(t.db, 100, 1);
    const cache = new DatasetCache(t.db);
    const one = cache.getSharedBars(a, '5m');
    expect(cache.getSharedBars(a, '5m').close).toBe(one.close);
    expect(one.close.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(one.time.length).toBe(20);
  });

  it('refuses a timeframe that is not a whole multiple of the dataset\'s', () => {
    const a = store(t.db, 100, 1);
    const cache = new DatasetCache(t.db);
    expect(() => cache.getSharedBars(a, '90s')).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
    expect(() => cache.getSharedBars(a, '1 hour')).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
    expect(() => cache.getSharedBars('nope')).toThrow(expect.objectContaining({ code: 'DATASET_NOT_FOUND' }));
  });
});
