import { join } from 'node:path';
import { backtestConfigSchema, type BacktestConfigInput, type BacktestResult } from '../../../src-shared/backtest';
import { runBacktest } from '../../../src-workers/engine/backtest';
import { randomWalkBars } from '../../../src-workers/engine/test-bars';
import { openDatabase, type Db } from '../../store/db';
import { m0040Runs } from '../../store/migrations/0040-runs';
import { MIGRATIONS } from '../../store/migrations';
import { tempDir } from '../../test-support/temp-dir';
import { insertRun } from '../repository';

/**
 * A real run for the export tests: sma-cross on a seeded random walk of hourly bars, stored in a
 * fresh database. The `runs` migration is appended when the shipped list does not have it yet.
 */
export function openTestDb(): Db {
  const migrations = MIGRATIONS.some((m) => m.version === 40) ? MIGRATIONS : [...MIGRATIONS, m0040Runs];
  return openDatabase(join(tempDir(), 'x.sqlite'), { migrations });
}

export function testResult(barCount = 3000, config: Partial<BacktestConfigInput> = {}): BacktestResult {
  const bars = randomWalkBars(barCount, 7, 3_600_000);
  const result = runBacktest({
    bars,
    config: backtestConfigSchema.parse({
      strategy: { id: 'sma-cross', params: { fast: 10, slow: 30 } },
      commission: { fraction: 0.001, fixed: 0 },
      ...config,
    }),
    dataHash: 'c0ffee'.repeat(10) + 'abcd',
  });
  // The buy-and-hold series is optional in the contract; supply one when the engine does not, so
  // the exports' buy-and-hold paths are always exercised.
  if (result.buyHoldEquity) return result;
  const first = bars.close[0];
  return { ...result, buyHoldEquity: Float64Array.from(bars.close, (close) => (result.config.cash * close) / first) };
}

export function insertTestRun(db: Db, result = testResult(), name = 'SMA cross, "fast" 10/30'): string {
  return insertRun(db, result, { datasetId: null, datasetName: 'BTCUSD hourly.csv', symbol: 'BTCUSD', timeframe: '1h', name });
}
