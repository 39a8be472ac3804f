/**
 * Float64Arrays for a strategy's indicator series, handed back after each run and lent again to
 * the next one in the same thread. A fresh 8 MB array costs ~2,000 page faults (~3 ms on a VM)
 * before the first value is written; an optimization grid runs the same bar count hundreds of
 * times. Series never escape a run (results hold only equity, drawdown and trades), and every
 * indicator that takes an `out` array overwrites all of it, so stale values cannot leak.
 */
export class SeriesPool {
  private free: Float64Array[] = [];
  private readonly lent: Float64Array[] = [];

  constructor(private readonly maxPooledBytes = 128 * 1024 * 1024) {}

  take(length: number): Float64Array {
    const k = this.free.findIndex((a) => a.length === length);
    const array = k >= 0 ? this.free.splice(k, 1)[0] : new Float64Array(length);
    this.lent.push(array);
    return array;
  }

  /** The run is over: its series may be lent again (most recent first, within the byte cap). */
  reclaim(): void {
    const all = [...this.lent.splice(0), ...this.free];
    let bytes = 0;
    this.free = all.filter((a) => (bytes += a.byteLength) <= this.maxPooledBytes);
  }
}
