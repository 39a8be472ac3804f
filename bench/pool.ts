// `npm run bench -- pool`: the worker pool's dispatch overhead, and the throughput of a 10×10
// SMA-cross grid (through the real engine, bars shared once per worker) on 1…cores threads.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { allocateBars, BAR_FIELDS } from '../src-shared/bars/bars';
import { fixtureEntry } from '../src-main/pool/fixtures/entry';
import { WorkerPool } from '../src-main/pool/pool';
import { randomWalkBars } from '../src-workers/engine/test-bars';
import { printFigures, printMachine } from './_report';

const BARS = 200_000;
const GRID_FAST = [5, 10, 15, 20, 25, 30, 35, 40, 45, 50];
const GRID_SLOW = [60, 80, 100, 120, 140, 160, 180, 200, 220, 240];
const DISPATCH_TASKS = 5_000;
const ROUNDS = 3;
const GRID_ROUNDS = 5;

printMachine('pool');
const cores = availableParallelism();

// Dispatch: an empty task, one at a time, on one warmed thread (submit → worker → result).
const single = new WorkerPool({ threads: 1, entry: fixtureEntry(), recycleAfterTasks: 1_000_000 });
await single.warm();
for (let i = 0; i < 1_000; i++) await single.run('echo', null);
let dispatchUs = Infinity;
for (let round = 0; round < ROUNDS; round++) {
  const started = performance.now();
  for (let i = 0; i < DISPATCH_TASKS; i++) await single.run('echo', null);
  dispatchUs = Math.min(dispatchUs, ((performance.now() - started) * 1_000) / DISPATCH_TASKS);
}
// Pipelined: 64 in flight, the rate a sweep of tiny tasks can reach.
let pipelinedUs = Infinity;
for (let round = 0; round < ROUNDS; round++) {
  const started = performance.now();
  for (let i = 0; i < DISPATCH_TASKS / 64; i++) await Promise.all(Array.from({ length: 64 }, () => single.run('echo', null)));
  pipelinedUs = Math.min(pipelinedUs, ((performance.now() - started) * 1_000) / (Math.floor(DISPATCH_TASKS / 64) * 64));
}
await single.close();

// Baseline in the same run: a bare postMessage round trip to a worker thread, no pool, no
// comlink — the floor any dispatch on this machine sits on.
const echo = new Worker(`require('node:worker_threads').parentPort.on('message', (m) => require('node:worker_threads').parentPort.postMessage(m));`, { eval: true });
const roundTrip = () => new Promise((resolve) => { echo.once('message', resolve); echo.postMessage({ id: 'x', value: null }); });
for (let i = 0; i < 1_000; i++) await roundTrip();
let rawUs = Infinity;
for (let round = 0; round < ROUNDS; round++) {
  const started = performance.now();
  for (let i = 0; i < DISPATCH_TASKS; i++) await roundTrip();
  rawUs = Math.min(rawUs, ((performance.now() - started) * 1_000) / DISPATCH_TASKS);
}
await echo.terminate();
console.log(`dispatch, empty task round trip:  ${dispatchUs.toFixed(1)} µs per task (${pipelinedUs.toFixed(1)} µs pipelined, 64 in flight)`);
console.log(`bare postMessage round trip:      ${rawUs.toFixed(1)} µs (the pool adds ${(dispatchUs - rawUs).toFixed(1)} µs)`);

// The grid: bars on a SharedArrayBuffer, handed to each worker once; each task carries only
// the key and (fast, slow).
const source = randomWalkBars(BARS, 20_240_101, 60_000, Date.UTC(2020, 0, 1), 0.001);
const bars = allocateBars(BARS, source.timeframeMs, true);
for (const field of BAR_FIELDS) bars[field].set(source[field]);
const grid = GRID_FAST.flatMap((fast) => GRID_SLOW.map((slow) => ({ key: 'bench', fast, slow })));

// One pool per thread count, all warmed first; then the rounds alternate between them so a
// burst of load from another process hits every thread count alike. Best round of each.
const pools = new Map<number, WorkerPool>();
for (let threads = 1; threads <= cores; threads++) {
  // No recycling inside the measurement: it measures compute scaling (recycling is tested, and
  // its cost is a worker start, which the dispatch figure above does not include either).
  const pool = new WorkerPool({ threads, entry: fixtureEntry(), recycleAfterTasks: 1_000_000 });
  await pool.warm();
  await pool.share('bench', bars);
  pools.set(threads, pool);
}
const runGrid = (pool: WorkerPool) => Promise.all(grid.map((task) => pool.run<{ equityFinal: number }>('smaRun', task)));
const best = new Map<number, number>();
const checksums = new Set<number>();
for (let round = 0; round <= GRID_ROUNDS; round++) {
  for (const [threads, pool] of pools) {
    const started = performance.now();
    const results = await runGrid(pool);
    const ms = performance.now() - started;
    checksums.add(results.reduce((sum, r) => sum + r.equityFinal, 0));
    if (round > 0) best.set(threads, Math.min(best.get(threads) ?? Infinity, ms)); // round 0 warms the JIT
  }
}
await Promise.all([...pools.values()].map((pool) => pool.close()));
if (checksums.size !== 1) throw new Error(`the grid gave different results on different thread counts: ${[...checksums].join(', ')}`);

const baseline = best.get(1) ?? NaN;
const rows = [...best].map(([threads, ms]) => {
  const speedup = baseline / ms;
  console.log(
    `grid 10×10 × ${BARS.toLocaleString('en')} bars, ${threads} thread(s): ${ms.toFixed(0)} ms, ` +
      `${((grid.length * 1_000) / ms).toFixed(1)} runs/s, speedup ${speedup.toFixed(2)}, efficiency ${(speedup / threads).toFixed(2)}`,
  );
  return { threads, ms, runsPerSec: (grid.length * 1_000) / ms, efficiency: speedup / threads };
});

const top = rows[rows.length - 1];
printFigures({
  dispatchUs: Number(dispatchUs.toFixed(1)),
  pipelinedUs: Number(pipelinedUs.toFixed(1)),
  rawRoundTripUs: Number(rawUs.toFixed(1)),
  threads: top.threads,
  efficiency: Number(top.efficiency.toFixed(3)),
  gridMs: Object.fromEntries(rows.map((r) => [r.threads, Math.round(r.ms)])),
  runsPerSec: Number(top.runsPerSec.toFixed(1)),
  bars: BARS,
});
