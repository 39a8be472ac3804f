import { describe, expect, it } from 'vitest';
import { indicatorIndices } from './downsample';
import { runToJson, importRunJson, parseRunJson } from './export/json';
import { exportRun } from './export';
import { INDICATOR_OVERVIEW_POINTS, loadIndicatorOverview, loadIndicators } from './indicators';
import { deleteRun, getRun, insertRun, loadRunData, loadTrades } from './repository';
import { runSource } from './sources';
import { insertTestRun, openTestDb, testResult } from './export/test-run';

const bits = (values: Float64Array) => Array.from(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));

describe("a run's indicators in SQLite", () => {
  it('are stored with the run, bit for bit and in declaration order, and deleted with it', () => {
    const db = openTestDb();
    const result = testResult(2000);
    expect(result.indicators?.map((i) => i.name)).toEqual(['fast', 'slow']);
    const id = insertTestRun(db, result);
    const stored = loadIndicators(db, id);
    expect(stored.map(({ name, overlay }) => ({ name, overlay }))).toEqual([
      { name: 'fast', overlay: true },
      { name: 'slow', overlay: true },
    ]);
    stored.forEach((s, k) => expect(bits(s.values)).toEqual(bits(result.indicators![k].values)));
    // The warm-up is NaN and stays NaN.
    expect(stored[1].values[0]).toBeNaN();

    expect(deleteRun(db, id)).toBe(true);
    expect(db.prepare('SELECT count(*) FROM run_indicators').pluck().get()).toBe(0);
    db.close();
  });

  it('keep an overview of the whole run, stored once, with every line’s highest and lowest value', () => {
    const db = openTestDb();
    const result = testResult(12_000);
    const id = insertTestRun(db, result);
    const overview = loadIndicatorOverview(db, id);
    expect(overview.totalPoints).toBe(12_000);
    expect(overview.time.length).toBeLessThanOrEqual(INDICATOR_OVERVIEW_POINTS);
    expect(overview.time[0]).toBe(result.time[0]);
    expect(overview.time.at(-1)).toBe(result.time.at(-1));
    const finite = (v: Float64Array) => Array.from(v).filter(Number.isFinite);
    overview.indicators.forEach((o, k) => {
      const full = finite(result.indicators![k].values);
      expect(Math.max(...finite(o.values))).toBe(Math.max(...full));
      expect(Math.min(...finite(o.values))).toBe(Math.min(...full));
    });
    // A run without indicators has an empty overview; no run at all is RUN_NOT_FOUND.
    const bare = insertTestRun(db, { ...result, indicators: [] });
    expect(loadIndicatorOverview(db, bare)).toEqual({ time: new Float64Array(0), indicators: [], totalPoints: 12_000 });
    expect(() => loadIndicatorOverview(db, '018f0000-0000-7000-8000-000000000000')).toThrow(expect.objectContaining({ code: 'RUN_NOT_FOUND' }));
    db.close();
  });

  it('keeps a colour and a higher timeframe when the strategy gave them', () => {
    const db = openTestDb();
    const base = testResult(500);
    const values = base.indicators![0].values;
    const id = insertTestRun(db, { ...base, indicators: [{ name: 'trend', overlay: false, color: '#ff8800', timeframe: '4h', values }] });
    expect(loadIndicators(db, id)).toEqual([{ name: 'trend', overlay: false, color: '#ff8800', timeframe: '4h', values }]);
    db.close();
  });

  it('refuses a series whose length is not the run’s, and the failed store leaves the database as it was', () => {
    const db = openTestDb();
    const base = testResult(500);
    const bad = { ...base, indicators: [{ name: 'short', overlay: true, values: new Float64Array(499) }] };
    const origin = { datasetId: null, datasetName: 'd', symbol: 'S', timeframe: '1h' };
    expect(() => db.transaction(() => insertRun(db, bad, origin))()).toThrow(/indicator 'short' has 499 values for a run of 500 bars/);
    for (const table of ['runs', 'run_data', 'run_indicators']) expect(db.prepare(`SELECT count(*) FROM ${table}`).pluck().get()).toBe(0);
    db.close();
  });
});

describe("a run's indicators in its JSON export", () => {
  it('travel with the run: NaN written as null, read back bit for bit into the imported run', async () => {
    const db = openTestDb();
    const id = insertTestRun(db, testResult(1500));
    const file = await exportRun(db, id, 'json', 'trades', 200);
    const text = new TextDecoder().decode(file.bytes);
    const doc = JSON.parse(text) as { indicators: Array<{ name: string; overlay: boolean; values: Array<number | null> }> };
    expect(doc.indicators.map((i) => [i.name, i.overlay, i.values.length])).toEqual([
      ['fast', true, 1500],
      ['slow', true, 1500],
    ]);
    expect(doc.indicators[1].values.slice(0, 29)).toEqual(Array(29).fill(null));

    const copyId = importRunJson(db, text);
    const original = loadIndicators(db, id);
    const copy = loadIndicators(db, copyId);
    expect(copy.map((c) => c.name)).toEqual(original.map((o) => o.name));
    copy.forEach((c, k) => expect(bits(c.values)).toEqual(bits(original[k].values)));
    expect(getRun(db, copyId).resultHash).toBe(getRun(db, id).resultHash);
    db.close();
  });

  it('imports a file from before indicators were kept (no indicators field) as a run without indicators', () => {
    const db = openTestDb();
    const id = insertTestRun(db, testResult(300));
    const doc = JSON.parse(runToJson(getRun(db, id), loadRunData(db, id), loadTrades(db, id), runSource(db, id)));
    delete doc.indicators;
    const copyId = importRunJson(db, JSON.stringify(doc));
    expect(loadIndicators(db, copyId)).toEqual([]);
    db.close();
  });

  it('rejects an indicator of the wrong length or a colour that is not one, naming the field', () => {
    const db = openTestDb();
    const id = insertTestRun(db, testResult(300));
    const doc = JSON.parse(runToJson(getRun(db, id), loadRunData(db, id), loadTrades(db, id), null, loadIndicators(db, id)));
    db.close();
    const short = structuredClone(doc);
    short.indicators[1].values.pop();
    expect(() => parseRunJson(JSON.stringify(short))).toThrow(/indicators\.1\.values: has 299 values but time has 300/);
    const painted = structuredClone(doc);
    painted.indicators[0].color = 'url(#steal)';
    expect(() => parseRunJson(JSON.stringify(painted))).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/indicators\.0\.color/) }));
  });
});

describe('indicatorIndices (which bars a chart of the indicators draws)', () => {
  it('keeps every series’ lowest and highest value per bucket, within the budget, ascending', () => {
    const n = 100_000;
    const a = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 500) + (i === 31_337 ? 10 : 0));
    const b = Float64Array.from({ length: n }, (_, i) => (i < 5000 ? NaN : Math.cos(i / 70) - (i === 77_777 ? 10 : 0)));
    const indices = indicatorIndices([a, b], n, 1000);
    expect(indices.length).toBeLessThanOrEqual(1000);
    expect(indices[0]).toBe(0);
    expect(indices.at(-1)).toBe(n - 1);
    for (let k = 1; k < indices.length; k++) expect(indices[k]).toBeGreaterThan(indices[k - 1]);
    // The spike of one and the dip of the other survive.
    expect(indices).toContain(31_337);
    expect(indices).toContain(77_777);
    // The warm-up shows as a gap (a NaN point), not as a line from its first value.
    expect(Number.isNaN(b[indices[1]])).toBe(true);
  });

  it('keeps every bar when there are fewer than the budget', () => {
    expect(Array.from(indicatorIndices([new Float64Array(5)], 5, 10))).toEqual([0, 1, 2, 3, 4]);
  });
});
