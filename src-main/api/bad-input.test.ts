import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../src-shared/errors';
import { createBarwise, type Barwise } from '../barwise';
import { databaseSnapshot, hourlyCsv } from '../test-support/cli';

/**
 * The API as the browser shell and the desktop window call it (the CLI is one client of many):
 * bad input is refused with a domain code naming the field, never INTERNAL with a raw message,
 * and a refusal changes nothing.
 */

let dir: string;
let bw: Barwise;
let datasetId: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'barwise-api-bad-input-'));
  bw = createBarwise({ dataDir: join(dir, 'data'), threads: 1 });
  writeFileSync(join(dir, 'bars.csv'), hourlyCsv(300));
  datasetId = (await bw.client.datasets.importFile({ path: join(dir, 'bars.csv') })).dataset.id;
  mkdirSync(join(dir, 'a-directory'));
  execFileSync('mkfifo', [join(dir, 'a-fifo')]);
}, 60_000);

afterAll(async () => {
  await bw.close();
  rmSync(dir, { recursive: true, force: true });
});

const failure = (result: Result<unknown>) => (result.ok ? { code: 'OK', message: '' } : result.error);
const config = (extra: object) => ({ strategy: { id: 'buy-and-hold', params: {} }, ...extra });

describe('API refusals of bad input', () => {
  it.each([
    ['a named pipe to import', () => bw.api.datasets.importFile({ path: join(dir, 'a-fifo') }), 'CSV_UNREADABLE', /a-fifo is a named pipe, not a regular file/],
    ['a directory to preview', () => bw.api.datasets.preview({ path: join(dir, 'a-directory') }), 'CSV_UNREADABLE', /a-directory is a directory, not a regular file/],
    ['a missing file to import', () => bw.api.datasets.importFile({ path: join(dir, 'nope.csv') }), 'CSV_UNREADABLE', /nope\.csv: no such file/],
    ['absurd cash', () => bw.api.backtests.run({ datasetId, config: config({ cash: 1e308 }) }), 'VALIDATION_FAILED', /config\.cash: must be at most 1,000,000,000,000,000$/],
    ['a window past the dates a Date holds', () => bw.api.backtests.run({ datasetId, config: config({ from: 1e20, to: 2e20 }) }), 'VALIDATION_FAILED', /config\.from: must be between 0001-01-01 and 9999-12-31/],
    ['a timeframe without a unit', () => bw.api.backtests.run({ datasetId, timeframe: '99999999', config: config({}) }), 'VALIDATION_FAILED', /timeframe: must be a whole number of s, m, h, d or w/],
    ['a timeframe of a trillion weeks', () => bw.api.datasets.chart({ id: datasetId, timeframe: '999999999999w', maxPoints: 100 }), 'VALIDATION_FAILED', /timeframe: must be at most 366d/],
    ['a quantity past 2^53', () => bw.api.backtests.run({ datasetId, config: config({ sizing: { kind: 'fixed-quantity', quantity: 2 ** 53 + 2 } }) }), 'VALIDATION_FAILED', /config\.sizing\.quantity: must be at most 1,000,000,000,000,000$/],
    ['an empty strategy filter', () => bw.api.runs.list({ strategyId: '' }), 'VALIDATION_FAILED', /strategyId: must not be empty$/],
    ['a strategy id that is a path', () => bw.api.strategies.save({ id: '../escape', code: 'x' }), 'VALIDATION_FAILED', /^strategies\.save: id: must be lower-case letters, digits and dashes/],
    ['a strategy to get by a path', () => bw.api.strategies.get({ id: '../../etc/passwd' }), 'VALIDATION_FAILED', /"\.\.\/\.\.\/etc\/passwd" is not a strategy id/],
    ['a template and a copy at once', () => bw.api.strategies.create({ id: 'x', template: 'blank', from: 'sma-cross' }), 'VALIDATION_FAILED', /give a template or a strategy to copy, not both/],
    ['a strategy file past a million characters', () => bw.api.strategies.save({ id: 'big', code: 'x'.repeat(1_000_001) }), 'VALIDATION_FAILED', /^strategies\.save: code: /],
    ['strategy text under an id that is no id', () => bw.api.backtests.run({ datasetId, config: { strategy: { id: 'My Strategy' } }, source: { fileName: 'x.ts', text: 'export default 1;' } }), 'VALIDATION_FAILED', /config\.strategy\.id: "My Strategy" is not a strategy id/],
    ['strategy text with a syntax error', () => bw.api.backtests.run({ datasetId, config: { strategy: { id: 'x' } }, source: { fileName: 'x.ts', text: 'let a = ;' } }), 'STRATEGY_COMPILE_FAILED', /^x\.ts:1:9: Unexpected token$/],
  ] as const)('%s', async (_name, call, code, message) => {
    const before = databaseSnapshot(bw.dataDir);
    const error = failure(await call());
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(databaseSnapshot(bw.dataDir)).toEqual(before);
  });

  it('runs a backtest or refuses it with a domain code, whatever one number of its config is', async () => {
    const numbers = fc.oneof(
      fc.double(),
      fc.constantFrom(1e308, -1e308, 1e-320, -0, 2 ** 53 + 1, 1e15, 1e16, 8.64e15, 1e20, 0.5, 2, 14),
      fc.integer(),
    );
    // Each field set alone, the rest left to their defaults; kinds that need a field get it here.
    const fields: Record<string, (v: number) => object> = {
      cash: (v) => ({ cash: v }),
      from: (v) => ({ from: v }),
      to: (v) => ({ to: v }),
      commission: (v) => ({ commission: { fraction: 0.001, fixed: v } }),
      quantity: (v) => ({ sizing: { kind: 'fixed-quantity', quantity: v }, fractionalUnits: true }),
      amount: (v) => ({ sizing: { kind: 'fixed-cash', amount: v } }),
      risk: (v) => ({ sizing: { kind: 'risk', riskPct: v }, stopLoss: { kind: 'percent', percent: 5 } }),
      leverage: (v) => ({ leverage: v }),
      stop: (v) => ({ stopLoss: { kind: 'percent', percent: v } }),
      atr: (v) => ({ trailingStop: { kind: 'atr', multiple: v } }),
      atrPeriod: (v) => ({ trailingStop: { kind: 'atr', multiple: 2, period: v } }),
      ticks: (v) => ({ slippage: { kind: 'ticks', ticks: v, tickSize: 0.01 } }),
      tickSize: (v) => ({ slippage: { kind: 'ticks', ticks: 1, tickSize: v } }),
      spread: (v) => ({ spread: v }),
      riskFreeRate: (v) => ({ riskFreeRate: v }),
    };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(fields)), numbers, async (field, value) => {
        const before = databaseSnapshot(bw.dataDir);
        const queued = await bw.api.backtests.run({ datasetId, config: config(fields[field](value)) });
        const error = queued.ok ? (await bw.jobs.wait(queued.value.id)).error : queued.error;
        if (error === null) return;
        expect(['INTERNAL', 'TASK_FAILED', 'WORKER_CRASHED'], `${field}=${value}: ${error.code}: ${error.message}`).not.toContain(error.code);
        expect(databaseSnapshot(bw.dataDir)).toEqual(before);
      }),
      { seed: 7, numRuns: 80 },
    );
  }, 120_000);
});
