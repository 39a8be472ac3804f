import { createBarwise, type Barwise, type BarwiseOptions } from '../../barwise';
import { testResult } from '../../runs/export/test-run';
import { insertRun } from '../../runs/repository';
import type { Db } from '../../store/db';
import { tempDir } from '../../test-support/temp-dir';
import { adminQuery, testPg } from './team-server';

/** The test server's URL for Barwise's schema `schema`, plain TCP (the test servers have no TLS). */
export function teamUrl(schema: string, base = testPg().url): string {
  const url = new URL(base);
  url.searchParams.set('sslmode', 'disable');
  url.searchParams.set('schema', schema);
  return url.toString();
}

/** A Barwise on a fresh data dir, pointed at the team schema through BARWISE_PG_URL; no background sync unless asked. */
export function teamBarwise(schema: string, options: Partial<BarwiseOptions> & { url?: string } = {}): Barwise {
  const { url, ...rest } = options;
  return createBarwise({
    dataDir: tempDir('barwise-team-'),
    threads: 1,
    env: { BARWISE_PG_URL: url ?? teamUrl(schema) },
    ...rest,
    sync: { background: false, ...rest.sync },
  });
}

const RESULTS = [testResult(600), testResult(600, { strategy: { id: 'sma-cross', params: { fast: 5, slow: 20 } } })];

/** `count` real runs (two distinct results, names numbered) stored as the backtest job stores them. */
export function addRuns(db: Db, count: number, prefix = 'run'): string[] {
  const ids: string[] = [];
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      ids.push(insertRun(db, RESULTS[i % RESULTS.length], { datasetId: null, datasetName: 'walk.csv', symbol: 'WALK', timeframe: '1h', name: `${prefix} ${i}` }));
    }
  })();
  return ids;
}

export const tradesPerRun = (i: number): number => RESULTS[i % RESULTS.length].trades.length;

/**
 * A fingerprint of everything a schema holds about records (not when or in what order it arrived:
 * cursors and receive times differ between two syncs of the same data), with the row counts.
 */
export async function serverChecksum(schema: string): Promise<{ runs: number; tombstones: number; series: number; trades: number; md5: string }> {
  const [row] = await adminQuery<{ runs: number; tombstones: number; series: number; trades: number; md5: string }>(`
    SELECT
      (SELECT count(*)::int FROM ${schema}.runs WHERE NOT deleted) AS runs,
      (SELECT count(*)::int FROM ${schema}.runs WHERE deleted) AS tombstones,
      (SELECT count(*)::int FROM ${schema}.run_series) AS series,
      (SELECT count(*)::int FROM ${schema}.run_trades) AS trades,
      md5(
        coalesce((SELECT string_agg(concat_ws(',', id, device_id, version, deleted, record::text, name, strategy_id, dataset_hash, symbol, timeframe, stats::text, created_at), '|' ORDER BY id) FROM ${schema}.runs), '') ||
        coalesce((SELECT string_agg(concat_ws(',', run_id, md5(time), md5(equity), md5(drawdown), md5(coalesce(buy_hold, ''))), '|' ORDER BY run_id) FROM ${schema}.run_series), '') ||
        coalesce((SELECT string_agg(t::text, '|' ORDER BY t.run_id, t.seq) FROM ${schema}.run_trades t), '')
      ) AS md5`);
  return row;
}

/** Waits until `check` holds (a check that throws has not held yet), polling; fails naming `what` after `timeoutMs`. */
export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const holds = async () => {
    try {
      return await check();
    } catch {
      return false;
    }
  };
  while (!(await holds())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
