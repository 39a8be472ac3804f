import { readdirSync, rmSync, mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BarwiseEvent } from '../../src-shared/events';
import { createBarwise, type Barwise } from '../barwise';
import { loadBars } from './repository';
import { samplePath } from './sample';

const FIXTURES = join(import.meta.dirname, 'fixtures');

function minuteCsv(rows: number, from = Date.UTC(2024, 0, 1)): string {
  const lines = ['time,open,high,low,close,volume'];
  for (let i = 0; i < rows; i++) {
    const o = 100 + (i % 50);
    lines.push(`${new Date(from + i * 60_000).toISOString()},${o},${o + 2},${o - 1},${o + 1},${i % 7}`);
  }
  return lines.join('\n') + '\n';
}

const snapshot = (bw: Barwise) =>
  JSON.stringify([
    bw.db.prepare('SELECT * FROM datasets ORDER BY id').all(),
    bw.db.prepare('SELECT id, dataset_id, seq, hex(time) FROM dataset_chunks ORDER BY id').all(),
  ]);

describe('datasets API', () => {
  let dir: string;
  let bw: Barwise;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'barwise-api-'));
    bw = createBarwise({ dataDir: dir, threads: 1 });
  });
  afterEach(async () => {
    await bw.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports, lists, shows, renames and removes (chunks go with the dataset)', async () => {
    const path = join(dir, 'BTCUSDT-1m.csv');
    writeFileSync(path, minuteCsv(70_000)); // two chunks
    const outcome = await bw.client.datasets.importFile({ path, options: {} });
    expect(outcome.status).toBe('imported');
    expect(outcome.dataset).toMatchObject({ symbol: 'BTCUSDT', timeframe: '1m', barCount: 70_000, sourceFile: 'BTCUSDT-1m.csv', chunkCount: 2 });
    expect(outcome.dataset.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await bw.client.datasets.list({})).toHaveLength(1);
    const renamed = await bw.client.datasets.rename({ id: outcome.dataset.id, name: 'My BTC' });
    expect(renamed.name).toBe('My BTC');
    expect((await bw.client.datasets.get({ id: outcome.dataset.id })).report.barsImported).toBe(70_000);
    const bars = loadBars(bw.db, outcome.dataset.id);
    expect(bars.time[69_999]).toBe(Date.UTC(2024, 0, 1) + 69_999 * 60_000);
    expect(bars.close[123]).toBe(100 + (123 % 50) + 1);
    await bw.client.datasets.remove({ id: outcome.dataset.id });
    expect(bw.db.prepare('SELECT count(*) AS n FROM dataset_chunks').get()).toEqual({ n: 0 });
    await expect(bw.client.datasets.get({ id: outcome.dataset.id })).rejects.toMatchObject({ code: 'DATASET_NOT_FOUND' });
  });

  it('detects a re-import of the same content as already imported', async () => {
    const a = join(dir, 'a.csv');
    writeFileSync(a, minuteCsv(100));
    // same bars, another dialect: semicolons, newest first
    const b = join(dir, 'b.csv');
    const lines = readFileSync(a, 'utf8').trim().split('\n');
    writeFileSync(b, [lines[0], ...lines.slice(1).reverse()].join('\n').replaceAll(',', ';'));
    const first = await bw.client.datasets.importFile({ path: a, options: {} });
    const again = await bw.client.datasets.importFile({ path: b, options: {} });
    expect(again.status).toBe('already-imported');
    expect(again.dataset.id).toBe(first.dataset.id);
    expect(again.report.reordered).toBe('reversed');
    expect(await bw.client.datasets.list({})).toHaveLength(1);
  });

  it("imports pandas' to_csv() files through the API, the unnamed index as the time", async () => {
    for (const [file, first] of [
      ['pandas-goog-daily.csv', Date.UTC(2004, 7, 19)],
      ['pandas-eurusd-hourly.csv', Date.UTC(2017, 3, 19, 9)],
      ['pandas-btcusd-monthly.csv', Date.UTC(2012, 0, 31)],
    ] as const) {
      const outcome = await bw.client.datasets.importFile({ path: join(FIXTURES, file), options: {} });
      expect(outcome.dataset).toMatchObject({ barCount: 30, firstTime: first });
      expect(outcome.report.badRows.count).toBe(0);
    }
  });

  it('a failed import leaves the database exactly as it was', async () => {
    await bw.client.datasets.importFile({ path: join(FIXTURES, 'iso-utc.csv'), options: {} });
    const before = snapshot(bw);
    const result = await bw.api.datasets.importFile({ path: join(FIXTURES, 'bad-high.csv'), options: {} });
    expect(result).toMatchObject({ ok: false, error: { code: 'CSV_BAD_ROW' } });
    const missing = await bw.api.datasets.importFile({ path: join(dir, 'nope.csv'), options: {} });
    expect(missing).toMatchObject({ ok: false, error: { code: 'CSV_UNREADABLE' } });
    expect(snapshot(bw)).toBe(before);
  });

  it('reports progress as events and can be cancelled, storing nothing', async () => {
    const path = join(dir, 'big.csv');
    writeFileSync(path, minuteCsv(150_000));
    const events: BarwiseEvent[] = [];
    let cancelled = false;
    bw.events.subscribe((e) => {
      events.push(e);
      // Imports are jobs: job status events come too. Cancel at the import's first progress report.
      if (e.topic === 'progress' && e.id === 'imp-1' && !cancelled) {
        cancelled = true;
        void bw.client.datasets.cancelImport({ importId: 'imp-1' });
      }
    });
    const before = snapshot(bw);
    await expect(bw.client.datasets.importFile({ path, options: {}, importId: 'imp-1' })).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(events.find((e) => e.topic === 'progress' && e.id === 'imp-1')).toMatchObject({ fraction: 0 });
    expect(snapshot(bw)).toBe(before);
    // and the same import runs to the end when not cancelled, ending at fraction 1
    events.length = 0;
    bw.events.subscribe(() => undefined);
    const done = await bw.client.datasets.importFile({ path, options: {}, importId: 'imp-2' });
    expect(done.dataset.barCount).toBe(150_000);
    const last = events.filter((e) => e.topic === 'progress' && e.id === 'imp-2').at(-1);
    expect(last).toMatchObject({ fraction: 1, message: expect.stringMatching(/150,000 rows/) });
  });

  it('imports an upload sent in chunks, then deletes the temp file', async () => {
    const bytes = new TextEncoder().encode(minuteCsv(5000));
    const { uploadId } = await bw.client.datasets.uploadBegin({ fileName: 'ETHUSD_1m.csv', size: bytes.length, options: { symbol: 'ETHUSD' } });
    for (let at = 0; at < bytes.length; at += 16_384) {
      await bw.client.datasets.uploadChunk({ uploadId, bytes: bytes.subarray(at, at + 16_384) });
    }
    const preview = await bw.client.datasets.preview({ uploadId, rows: 3, options: {} });
    expect(preview.symbol).toBe('ETHUSD');
    expect(preview.rows.map((r) => r.time)).toEqual([0, 1, 2].map((i) => Date.UTC(2024, 0, 1) + i * 60_000));
    const outcome = await bw.client.datasets.uploadFinish({ uploadId });
    expect(outcome.dataset).toMatchObject({ symbol: 'ETHUSD', sourceFile: 'ETHUSD_1m.csv', barCount: 5000 });
    expect(readdirSync(join(dir, 'uploads'))).toEqual([]);
    await expect(bw.client.datasets.uploadChunk({ uploadId, bytes: new Uint8Array(1) })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses an upload that overruns its announced size, and drops an abandoned one', async () => {
    const { uploadId } = await bw.client.datasets.uploadBegin({ fileName: 'x.csv', size: 4, options: {} });
    await expect(bw.client.datasets.uploadChunk({ uploadId, bytes: new Uint8Array(5) })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const second = await bw.client.datasets.uploadBegin({ fileName: 'y.csv', size: 10, options: {} });
    expect(await bw.client.datasets.cancelImport({ importId: second.uploadId })).toEqual({ cancelled: true });
    expect(readdirSync(join(dir, 'uploads'))).toEqual([]);
  });

  it('previews a file with its format, unsure list and first rows', async () => {
    const preview = await bw.client.datasets.preview({ path: join(FIXTURES, 'ambiguous-dates.csv'), rows: 2 });
    expect(preview.unsure).toContainEqual(expect.objectContaining({ field: 'dateOrder', blocking: true, choices: ['DMY', 'MDY'] }));
    const bad = await bw.client.datasets.preview({ path: join(FIXTURES, 'bad-high.csv'), rows: 5 });
    expect(bad.rows[2]).toMatchObject({ line: 4, time: null, error: 'high 90 is below max(open 102, close 102.5)' });
    expect(bad.rows[0]).toMatchObject({ line: 2, open: 100, close: 100.5, error: null });
  });

  it('loads the synthetic sample, labeled synthetic', async () => {
    expect(samplePath()).toMatch(/synthetic-BTCUSD-1h\.csv$/);
    const outcome = await bw.client.datasets.loadSample({});
    expect(outcome.dataset).toMatchObject({ synthetic: true, timeframe: '1h', barCount: 8760 });
    expect(outcome.dataset.name).toMatch(/synthetic/i);
    expect((await bw.client.datasets.loadSample({})).status).toBe('already-imported');
  });

  it('serves shared bars, resampled on demand and cached, and a downsampled chart', async () => {
    const { dataset } = await bw.client.datasets.loadSample({});
    const base = bw.data.getSharedBars(dataset.id);
    expect(base.time.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(bw.data.getSharedBars(dataset.id)).toBe(base);
    const daily = bw.data.getSharedBars(dataset.id, '1d');
    expect(daily.timeframeMs).toBe(86_400_000);
    expect(daily.time.length).toBe(365);
    const stats = await bw.client.datasets.cacheStats({});
    expect(stats.entries.map((e) => [e.datasetId, e.timeframe])).toEqual([
      [dataset.id, '1d'],
      [dataset.id, '1h'],
    ]);
    expect(stats.totalBytes).toBe((8760 + 365) * 48);
    const chart = await bw.client.datasets.chart({ id: dataset.id, maxPoints: 1000 });
    expect(chart.time.length).toBeLessThanOrEqual(1000);
    expect(chart.barsPerPoint).toBe(9);
    expect(Math.max(...chart.high)).toBe(Math.max(...base.high));
    expect(Math.min(...chart.low)).toBe(Math.min(...base.low));
    const window = await bw.client.datasets.chart({ id: dataset.id, timeframe: '4h', from: dataset.firstTime, to: dataset.firstTime + 86_400_000 - 1, maxPoints: 100 });
    expect(window.time).toHaveLength(6);
    // `to` is inclusive and need not be a bar's time: half a millisecond before the third 4h bar
    // ends the window after the second.
    const fourHours = 4 * 3_600_000;
    const half = await bw.client.datasets.chart({ id: dataset.id, timeframe: '4h', from: dataset.firstTime, to: dataset.firstTime + 2 * fourHours - 0.5, maxPoints: 100 });
    expect(half.time).toStrictEqual([dataset.firstTime, dataset.firstTime + fourHours]);
    await bw.client.datasets.remove({ id: dataset.id });
    expect((await bw.client.datasets.cacheStats({})).entries).toEqual([]);
  });
});
