// `npm run bench -- sync`: the team server. (1) Push 1,000 runs holding 1,000,000 trades from a
// data dir's outbox to an empty schema: seconds to drain and trade rows per second, beside a
// baseline in the same run (the same rows by the same COPY straight into a table of the same
// shape: no SQLite, no outbox, no series or headers). On PGlite, which takes no COPY over the
// wire, the push uses multi-row inserts and the baseline is skipped. (2) A sweep of backtests on the team queue, run
// by one `barwise worker` and then by two: efficiency = (time with one ÷ time with two) ÷ 2.
// The server: BARWISE_BENCH_PG_URL, else this machine's cluster (scripts/postgres.mjs), else PGlite.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { findTestPostgres } from '../scripts/postgres.mjs';
import type { BacktestResult, Trade } from '../src-shared/backtest';
import { createBarwise } from '../src-main/barwise';
import { openDatabase } from '../src-main/store/db';
import { insertRun } from '../src-main/runs/repository';
import { testResult } from '../src-main/runs/export/test-run';
import { parseConnectionString } from '../src-main/sync/connection';
import { memorySecretStore } from '../src-main/sync/secrets';
import { SyncService } from '../src-main/sync/service';
import { startPgliteServer } from '../src-main/sync/test-support/pglite-server';
import { printFigures, printMachine } from './_report';

const RUNS = 1_000;
const TRADES_PER_RUN = 1_000;
const SWEEP = 400;
const SWEEP_BARS = 5_000;

printMachine('sync');
const found = process.env.BARWISE_BENCH_PG_URL ? { url: process.env.BARWISE_BENCH_PG_URL, description: 'BARWISE_BENCH_PG_URL' } : findTestPostgres();
const pglite = found.url === undefined ? await startPgliteServer() : undefined;
const serverUrl = found.url ?? (pglite as { url: string }).url;
console.log(`server: ${found.url === undefined ? `PGlite (no PostgreSQL server: ${found.reason})` : found.description}`);
const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
const schemaUrl = (schema: string) => {
  const url = new URL(serverUrl);
  url.searchParams.set('sslmode', 'disable');
  url.searchParams.set('schema', schema);
  return url.toString();
};
const work = mkdtempSync(join(tmpdir(), 'barwise-bench-sync-'));
const schemas = [`bench_push_${process.pid}`, `bench_sweep1_${process.pid}`, `bench_sweep2_${process.pid}`];

try {
  // (1) The push. Runs with 1,000 synthetic trades each and 2,000-bar series, stored as backtests store them.
  const template = testResult(2_000);
  const trades: Trade[] = Array.from({ length: TRADES_PER_RUN }, (_, i) => ({
    side: i % 2 === 0 ? 'long' : 'short',
    size: 1 + (i % 7),
    entryBar: i,
    entryTime: 1_700_000_000_000 + i * 3_600_000,
    entryPrice: 100 + (i % 50) / 3,
    exitBar: i + 1,
    exitTime: 1_700_000_000_000 + (i + 1) * 3_600_000,
    exitPrice: 101 + (i % 50) / 3,
    pnl: (i % 13) - 6.5,
    returnPct: ((i % 13) - 6.5) / 100,
    commission: 0.1,
    barsHeld: 1,
    durationMs: 3_600_000,
    exitReason: 'signal',
  }));
  const result: BacktestResult = { ...template, trades };
  const db = openDatabase(join(work, 'barwise.sqlite'));
  db.transaction(() => {
    for (let i = 0; i < RUNS; i++) insertRun(db, result, { datasetId: null, datasetName: 'bench', symbol: 'B', timeframe: '1h', name: `bench ${i}` });
  })();
  const sync = new SyncService({ db, secrets: memorySecretStore(), override: { target: parseConnectionString(schemaUrl(schemas[0])), source: 'environment' }, log: () => undefined });
  const pushStarted = performance.now();
  await sync.syncNow();
  const drainSeconds = (performance.now() - pushStarted) / 1000;
  await sync.close();
  db.close();
  const [{ n: pushedTrades }] = (await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${schemas[0]}.run_trades`)).rows;
  if (pushedTrades !== RUNS * TRADES_PER_RUN) throw new Error(`pushed ${pushedTrades} trades, expected ${RUNS * TRADES_PER_RUN}`);
  const rowsPerSec = pushedTrades / drainSeconds;

  // Baseline: the same rows by the same COPY the push uses, straight into a table of the same
  // shape (no SQLite, no outbox, no series or headers): what the server and the wire allow.
  let baselineRowsPerSec: number | null = null;
  if (!pglite) {
    await admin.query(`CREATE TABLE ${schemas[0]}.baseline (LIKE ${schemas[0]}.run_trades INCLUDING ALL)`);
    const baseStarted = performance.now();
    const rowsOf = (run: number) =>
      trades.map((t, seq) => `00000000-0000-7000-8000-${String(run).padStart(12, '0')}\t${seq}\t${[t.side, t.size, t.entryBar, t.entryTime, t.entryPrice, t.exitBar, t.exitTime, t.exitPrice, t.pnl, t.returnPct, t.commission, t.barsHeld, t.durationMs, t.exitReason].join('\t')}\n`).join('');
    await admin.query('BEGIN');
    await pipeline(
      Readable.from((function* () {
        for (let run = 0; run < RUNS; run++) yield rowsOf(run);
      })()),
      admin.query(copyFrom(`COPY ${schemas[0]}.baseline FROM STDIN`)),
    );
    await admin.query('COMMIT');
    baselineRowsPerSec = (RUNS * TRADES_PER_RUN) / ((performance.now() - baseStarted) / 1000);
  }
  console.log(`push ${RUNS.toLocaleString('en')} runs / ${pushedTrades.toLocaleString('en')} trades: ${drainSeconds.toFixed(1)} s to drain, ${Math.round(rowsPerSec).toLocaleString('en')} trade rows/s`);
  if (baselineRowsPerSec !== null) console.log(`baseline (the same rows by COPY into a bare table): ${Math.round(baselineRowsPerSec).toLocaleString('en')} rows/s`);

  // (2) The sweep: SWEEP sma-cross variants on SWEEP_BARS hourly bars, one worker, then two.
  const csv = ['time,open,high,low,close,volume'];
  let price = 100;
  for (let i = 0; i < SWEEP_BARS; i++) {
    const next = price * (1 + Math.sin(i * 0.37) * 0.01 + Math.cos(i * 0.011) * 0.004);
    csv.push(`${new Date(Date.UTC(2020, 0, 1) + i * 3_600_000).toISOString()},${price},${Math.max(price, next) * 1.001},${Math.min(price, next) * 0.999},${next},1000`);
    price = next;
  }
  writeFileSync(join(work, 'sweep.csv'), csv.join('\n') + '\n');
  const sweepSeconds: number[] = [];
  for (const [index, workers] of [1, 2].entries()) {
    const schema = schemas[1 + index];
    const url = schemaUrl(schema);
    const desktop = createBarwise({ dataDir: join(work, `desktop-${workers}`), threads: 1, env: { BARWISE_PG_URL: url }, sync: { background: false, batchPollMs: 100 } });
    const { dataset } = await desktop.client.datasets.importFile({ path: join(work, 'sweep.csv') });
    const children = Array.from({ length: workers }, () =>
      spawn(process.execPath, ['--import', 'tsx', 'src-main/cli/main.ts', 'worker', '--threads', '1', '--chunk', '8'], { env: { ...process.env, BARWISE_PG_URL: url }, stdio: ['ignore', 'pipe', 'inherit'] }),
    );
    await Promise.all(children.map((child) => new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => /claiming team jobs/.test(d.toString()) && resolve()))));
    const requests = Array.from({ length: SWEEP }, (_, i) => ({ datasetId: dataset.id, name: `sweep ${i}`, config: { strategy: { id: 'sma-cross', params: { fast: 5 + (i % 20), slow: 30 + Math.floor(i / 20) * 5 } } } }));
    const started = performance.now();
    const job = await desktop.client.team.runBacktests({ requests });
    for (;;) {
      const current = await desktop.client.jobs.get({ id: job.id });
      if (current.status === 'completed') break;
      if (current.status !== 'running' && current.status !== 'queued') throw new Error(`sweep job ${current.status}: ${current.error?.message}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    sweepSeconds.push((performance.now() - started) / 1000);
    console.log(`sweep of ${SWEEP} backtests × ${SWEEP_BARS.toLocaleString('en')} bars on ${workers} worker(s) (1 thread each): ${sweepSeconds[index].toFixed(2)} s`);
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((child) => new Promise((resolve) => child.once('exit', resolve))));
    await desktop.close();
  }
  const efficiency = sweepSeconds[0] / sweepSeconds[1] / 2;
  console.log(`efficiency, two workers vs one: ${efficiency.toFixed(2)}`);
  printFigures({
    server: found.url === undefined ? 'pglite' : 'postgresql',
    runs: RUNS,
    trades: pushedTrades,
    drainSeconds: Number(drainSeconds.toFixed(2)),
    tradeRowsPerSec: Math.round(rowsPerSec),
    baselineRowsPerSec: baselineRowsPerSec === null ? null : Math.round(baselineRowsPerSec),
    sweep: SWEEP,
    sweepBars: SWEEP_BARS,
    sweepSeconds: sweepSeconds.map((s) => Number(s.toFixed(2))),
    efficiency: Number(efficiency.toFixed(3)),
  });
} finally {
  for (const schema of schemas) {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await admin.query(`DROP SCHEMA IF EXISTS ${schema}_queue CASCADE`).catch(() => undefined);
  }
  await admin.end();
  await pglite?.close();
  rmSync(work, { recursive: true, force: true });
}
