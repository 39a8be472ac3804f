const gc = (globalThis as { gc?: () => void }).gc;
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * A full garbage collection before a timed section, then a short pause while V8's helper threads
 * finish it. After a forced collection V8 sweeps the heap and frees array buffers concurrently, on
 * threads that process.cpuUsage() counts: without the pause that work lands on whatever is timed
 * next (measured: 1.5–2.4 ms of CPU time on top of a 16 ms engine run, whose wall time did not
 * change; 5 ms of pause was already enough, 20 ms leaves room). Atomics.wait sleeps without
 * spinning, so the pause itself costs no CPU time.
 */
export function collectGarbage(): void {
  if (gc === undefined) throw new Error('run with node --expose-gc (npm run bench -- NAME does)');
  gc();
  Atomics.wait(pause, 0, 0, 20);
}
