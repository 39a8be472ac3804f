import { describe, expect, it } from 'vitest';
import { getRun, loadRunData, loadTrades } from '../repository';
import { importRunJson, parseRunJson, runToJson } from './json';
import { insertTestRun, openTestDb } from './test-run';

function exported() {
  const db = openTestDb();
  const id = insertTestRun(db);
  db.prepare("UPDATE runs SET notes = 'kept', tags = '[\"a\",\"b\"]' WHERE id = ?").run(id);
  const detail = getRun(db, id);
  return { db, id, detail, json: runToJson(detail, loadRunData(db, id), loadTrades(db, id)) };
}

describe('run JSON', () => {
  it('round-trips: the imported run has equal stats, trades, series and result hash', () => {
    const { db, id, detail, json } = exported();
    const copyId = importRunJson(db, json);
    expect(copyId).not.toBe(id);
    const copy = getRun(db, copyId);
    expect(copy.stats).toEqual(detail.stats);
    expect(copy.resultHash).toBe(detail.resultHash);
    expect(copy.datasetId).toBeNull();
    expect(copy.datasetName).toBe(detail.datasetName);
    expect(copy.provenance).toEqual(detail.provenance);
    expect(copy.config).toEqual(detail.config);
    expect([copy.name, copy.notes, copy.tags]).toEqual([detail.name, 'kept', ['a', 'b']]);
    expect(loadTrades(db, copyId)).toEqual(loadTrades(db, id));
    expect(loadRunData(db, copyId)).toEqual(loadRunData(db, id));
    db.close();
  });

  it('imports into another database (the dataset does not exist there)', () => {
    const { db, detail, json } = exported();
    db.close();
    const other = openTestDb();
    const copy = getRun(other, importRunJson(other, json));
    expect(copy.resultHash).toBe(detail.resultHash);
    other.close();
  });

  it('writes a NaN buy-and-hold value as null and reads it back as NaN', () => {
    const { db, id, detail } = exported();
    const data = loadRunData(db, id);
    data.buyHoldEquity![0] = NaN;
    const json = runToJson(detail, data, loadTrades(db, id));
    expect(json).toContain('"buyHoldEquity":[null,');
    expect(parseRunJson(json).result.buyHoldEquity![0]).toBeNaN();
    db.close();
  });

  it('rejects bad input with VALIDATION_FAILED naming the field', () => {
    const { db, json } = exported();
    db.close();
    const doc = JSON.parse(json);
    const expectFailure = (text: string, field: RegExp) => {
      expect(() => parseRunJson(text)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', message: expect.stringMatching(field) }));
    };
    expectFailure('{not json', /not valid JSON/);
    expectFailure(JSON.stringify({ ...doc, format: 'other' }), /field format/);
    const badTrade = structuredClone(doc);
    badTrade.trades[2].pnl = 'lots';
    expectFailure(JSON.stringify(badTrade), /field trades\.2\.pnl/);
    const shortSeries = structuredClone(doc);
    shortSeries.series.equity.pop();
    expectFailure(JSON.stringify(shortSeries), /field series\.equity: has \d+ values but time has/);
    const badStats = structuredClone(doc);
    badStats.run.stats.sharpe = 'high';
    expectFailure(JSON.stringify(badStats), /field run\.stats\.sharpe/);
  });
});
