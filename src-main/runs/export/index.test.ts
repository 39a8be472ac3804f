import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { getRun } from '../repository';
import { exportRun, fileSlug } from './index';
import { insertTestRun, openTestDb } from './test-run';

describe('exportRun', () => {
  it('names each file after the run and sets its MIME type', async () => {
    const db = openTestDb();
    const id = insertTestRun(db);
    const trades = await exportRun(db, id, 'csv', 'trades', 0);
    expect([trades.fileName, trades.mimeType]).toEqual(['sma-cross-fast-10-30-trades.csv', 'text/csv']);
    expect(new TextDecoder().decode(trades.bytes).split('\r\n')).toHaveLength(getRun(db, id).tradeCount + 2);

    const equity = await exportRun(db, id, 'csv', 'equity', 0);
    expect(equity.fileName).toBe('sma-cross-fast-10-30-equity.csv');
    expect(new TextDecoder().decode(equity.bytes).startsWith('time,equity,drawdown_pct,buy_hold_equity\r\n')).toBe(true);

    const json = await exportRun(db, id, 'json', 'trades', 0);
    expect([json.fileName, json.mimeType]).toEqual(['sma-cross-fast-10-30.json', 'application/json']);
    expect(JSON.parse(new TextDecoder().decode(json.bytes)).run.resultHash).toBe(getRun(db, id).resultHash);

    const pdf = await exportRun(db, id, 'pdf', 'trades', 20);
    expect([pdf.fileName, pdf.mimeType]).toEqual(['sma-cross-fast-10-30-report.pdf', 'application/pdf']);
    expect((await PDFDocument.load(pdf.bytes)).getPageCount()).toBeGreaterThanOrEqual(2);
    db.close();
  });

  it('fails with RUN_NOT_FOUND for an unknown id', async () => {
    const db = openTestDb();
    await expect(exportRun(db, '00000000-0000-4000-8000-000000000000', 'json', 'trades', 0)).rejects.toMatchObject({ code: 'RUN_NOT_FOUND' });
    db.close();
  });
});

describe('fileSlug', () => {
  it('keeps ASCII letters and digits, joined by single dashes', () => {
    expect(fileSlug('sma-cross (fast=10 slow=30) · BTCUSD 1h')).toBe('sma-cross-fast-10-slow-30-btcusd-1h');
    expect(fileSlug('Café Überlauf')).toBe('cafe-uberlauf');
    expect(fileSlug('  ***  ')).toBe('run');
    expect(fileSlug('x'.repeat(200))).toHaveLength(80);
  });
});
