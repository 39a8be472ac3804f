/** Settled-task counters and a window of recent task durations for mean and p95. */
export class TaskStats {
  completed = 0;
  recycled = 0;
  replaced = 0;
  readonly failedByCode: Record<string, number> = {};
  private readonly window = new Float64Array(1000);
  private count = 0;

  recordDuration(ms: number): void {
    this.window[this.count % this.window.length] = ms;
    this.count++;
  }

  recordFailure(code: string): void {
    this.failedByCode[code] = (this.failedByCode[code] ?? 0) + 1;
  }

  durations(): { meanTaskMs: number; p95TaskMs: number } {
    const n = Math.min(this.count, this.window.length);
    if (n === 0) return { meanTaskMs: 0, p95TaskMs: 0 };
    const sorted = this.window.slice(0, n).sort();
    let sum = 0;
    for (const ms of sorted) sum += ms;
    return { meanTaskMs: sum / n, p95TaskMs: sorted[Math.min(n - 1, Math.ceil(0.95 * n) - 1)] };
  }
}
