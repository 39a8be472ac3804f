import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { monthlyReturns } from '../monthly';
import { getRun, loadRunData, loadTrades } from '../repository';
import { bins } from './pdf-charts';
import { runReportPdf } from './pdf';
import { insertTestRun, openTestDb, testResult } from './test-run';

async function report(name: string, maxTrades: number, result = testResult()) {
  const db = openTestDb();
  const id = insertTestRun(db, result, name);
  const detail = getRun(db, id);
  const data = loadRunData(db, id);
  const trades = loadTrades(db, id);
  const monthly = monthlyReturns(data.time, data.equity, detail.config.cash);
  const bytes = await runReportPdf(detail, data, trades, monthly, { maxTrades });
  db.close();
  return { bytes, detail, trades, again: () => runReportPdf(detail, data, trades, monthly, { maxTrades }) };
}

describe('runReportPdf', () => {
  it('writes a PDF that reads back with several A4 pages', async () => {
    const { bytes, detail } = await report('SMA cross ≤ 30 → test · “quotes” 日本', 500);
    expect(new TextDecoder().decode(bytes.subarray(0, 5))).toBe('%PDF-');
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(2);
    expect(doc.getPage(0).getSize()).toEqual({ width: 595.28, height: 841.89 });
    expect(doc.getTitle()).toBe(detail.name);
    expect(doc.getCreationDate()?.getTime()).toBe(Math.floor(detail.createdAt / 1000) * 1000);
  });

  it('paginates the trade list, and gives the same bytes for the same run', async () => {
    const result = testResult();
    const few = await report('run', 10, result);
    const many = await report('run', 10_000, result);
    expect(many.trades.length).toBeGreaterThan(100);
    const fewPages = (await PDFDocument.load(few.bytes)).getPageCount();
    expect((await PDFDocument.load(many.bytes)).getPageCount()).toBeGreaterThan(fewPages);
    expect(Buffer.from(await few.again()).equals(Buffer.from(few.bytes))).toBe(true);
  });

  it('handles a run without trades', async () => {
    // Slow period longer than the data: the strategy never decides, so no trade and flat equity.
    const { bytes, trades } = await report('idle', 200, testResult(300, { strategy: { id: 'sma-cross', params: { fast: 10, slow: 500 } } }));
    expect(trades).toHaveLength(0);
    expect((await PDFDocument.load(bytes)).getPageCount()).toBeGreaterThanOrEqual(2);
  });
});

describe('histogram bins', () => {
  it('puts 0 on a bin edge and every value in a bin', () => {
    const values = [-2.5, -0.1, 0, 0.3, 1.7, 4.2, 4.2];
    const { lo, binWidth, counts } = bins(values);
    const k = Math.round(-lo / binWidth);
    expect(lo + k * binWidth).toBeCloseTo(0, 12);
    expect(counts.reduce((a, c) => a + c, 0)).toBe(values.length);
    expect(lo).toBeLessThanOrEqual(-2.5);
    expect(lo + binWidth * counts.length).toBeGreaterThanOrEqual(4.2);
  });
});
