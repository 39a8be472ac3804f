/** Node's Buffer, where there is one (worker threads, the CLI, tests); undefined in a browser. */
const NodeBuffer = (globalThis as { Buffer?: typeof Buffer }).Buffer;

/**
 * A Float64Array of `length` whose contents are whatever the allocator held: for logs whose rows
 * are each written before anything reads them. The broker reserves its trade and state logs up
 * front (~5 MB for a run of 39,000 trades, see broker.ts initialRows), and `new Float64Array`
 * zeroes them with memset, since freed memory is handed out again: 0.5 ms of a 15 ms million-bar
 * run (bench/README.md, tenth round). JavaScript has no uninitialized allocation; Node's
 * Buffer.allocUnsafeSlow is one. `Slow` so that the array has an ArrayBuffer of its own, never a
 * slice of Node's shared pool. The memory may hold data this process freed earlier: callers read
 * only rows they wrote and never hand the arrays out (results are built from the written rows).
 * Without Buffer, a zeroed array.
 */
export function unzeroedFloat64(length: number): Float64Array {
  if (NodeBuffer === undefined) return new Float64Array(length);
  const bytes = NodeBuffer.allocUnsafeSlow(length * Float64Array.BYTES_PER_ELEMENT);
  return new Float64Array(bytes.buffer, bytes.byteOffset, length);
}
