/**
 * Indicator series shared by the runs of a sweep chunk: `sma(data.close, 20)` is computed once
 * for every variant of the chunk that asks for it (a 100×100 SMA grid computes 200 averages, not
 * 20,000). A call is keyed by the function, the identity of its input series and its numeric
 * arguments.
 *
 * Why a scope set around a run rather than a library handed to `init`: built-in strategies import
 * `sma` from 'barwise' as a module binding, so the only place every strategy's calls pass through
 * is the SDK's own functions (src-workers/sdk/index.ts), which ask `activeIndicatorCache()`. The
 * scope is synchronous (withIndicatorCache sets it for one call and restores it after), so no run
 * outside a chunk ever sees a cache.
 *
 * Identity of an input: the same memory (buffer, offset, length) is the same series. Code from
 * outside this code base gets copies of the bars (runtime.ts, copyOnRead) and of every cached
 * result (so what it does to an array it was given can never reach another variant); a copy is
 * recognised as its original by comparing values, which costs a pass over the series, far less
 * than most indicators, and sees any change the strategy made.
 */

export interface IndicatorCacheOptions {
  /** Hand out copies of cached results (for a strategy from outside this code base). */
  readonly copyResults: boolean;
  /** Bytes of cached series kept; the least recently used are dropped beyond it. */
  readonly budgetBytes: number;
}

type Cached = Float64Array | Readonly<Record<string, Float64Array>>;

/**
 * 32 MB: 40 series of 100,000 bars per worker. A chunk is best made of variants that share series
 * (a row of a grid); what one variant uses once need not be kept long.
 */
const DEFAULT_BUDGET_BYTES = 32 * 1024 * 1024;

export class IndicatorCache {
  /** Series computed (each distinct call once, again only after eviction). */
  computed = 0;
  /** Calls answered from the cache. */
  reused = 0;
  private readonly options: IndicatorCacheOptions;
  private readonly entries = new Map<string, { value: Cached; bytes: number }>();
  private bytes = 0;
  private readonly bufferIds = new WeakMap<ArrayBufferLike, number>();
  private nextId = 1;
  /** Series a copy may be of: the bars' columns, every cached result. */
  private readonly originals = new Map<number, Float64Array[]>();
  /** A copy handed out → the result it copies. */
  private readonly copies = new WeakMap<Float64Array, Float64Array>();

  constructor(options: Partial<IndicatorCacheOptions> = {}) {
    this.options = { copyResults: false, budgetBytes: DEFAULT_BUDGET_BYTES, ...options };
  }

  /** Series the strategy gets copies of (the bars' columns): a copy equal to one of them is that series. */
  addOriginals(series: readonly Float64Array[]): void {
    for (const s of series) this.remember(s);
  }

  /** `compute`'s result for this call, computed once per distinct key while it stays cached. */
  call<R extends Cached>(name: string, inputs: readonly Float64Array[], args: readonly number[], compute: () => R): R {
    const key = `${name}(${inputs.map((s) => this.idOf(s)).join(',')};${args.join(',')})`;
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      // Most recently used last: Map keeps insertion order.
      this.entries.delete(key);
      this.entries.set(key, hit);
      this.reused++;
      return this.handOut(hit.value) as R;
    }
    const value = compute();
    this.computed++;
    const bytes = seriesOf(value).reduce((n, s) => n + s.byteLength, 0);
    this.entries.set(key, { value, bytes });
    this.bytes += bytes;
    for (const s of seriesOf(value)) this.remember(s);
    this.evict();
    return this.handOut(value) as R;
  }

  private handOut(value: Cached): Cached {
    if (!this.options.copyResults) return value;
    const copy = (s: Float64Array) => {
      const c = s.slice();
      this.copies.set(c, s);
      return c;
    };
    if (value instanceof Float64Array) return copy(value);
    return Object.fromEntries(Object.entries(value).map(([k, s]) => [k, copy(s)]));
  }

  private evict(): void {
    for (const [key, entry] of this.entries) {
      if (this.bytes <= this.options.budgetBytes || this.entries.size <= 1) break;
      this.entries.delete(key);
      this.bytes -= entry.bytes;
      for (const s of seriesOf(entry.value)) this.forget(s);
    }
  }

  private remember(s: Float64Array): void {
    if (!this.bufferIds.has(s.buffer)) this.bufferIds.set(s.buffer, this.nextId++);
    const list = this.originals.get(s.length);
    if (list === undefined) this.originals.set(s.length, [s]);
    else if (!list.includes(s)) list.push(s);
  }

  private forget(s: Float64Array): void {
    const list = this.originals.get(s.length);
    const at = list?.indexOf(s) ?? -1;
    if (list && at >= 0) list.splice(at, 1);
  }

  /**
   * What names a series in a key: its memory (buffer, offset, length) when the cache knows the
   * buffer (the bars, a cached result: code of this code base reads them and never writes them);
   * for a copy handed out, or an array the strategy made, the original it still equals; else a
   * name of its own (remembered for trusted code; for code from outside, never: it could change
   * the array between two calls).
   */
  private idOf(s: Float64Array): string {
    const copied = this.copies.get(s);
    if (copied !== undefined) return sameValues(s, copied) ? this.idOf(copied) : this.unique();
    const buffer = this.bufferIds.get(s.buffer);
    if (buffer !== undefined) return `${buffer}@${s.byteOffset}:${s.length}`;
    for (const original of this.originals.get(s.length) ?? []) if (sameValues(s, original)) return this.idOf(original);
    if (this.options.copyResults) return this.unique();
    this.bufferIds.set(s.buffer, this.nextId++);
    return this.idOf(s);
  }

  private unique(): string {
    return `#${this.nextId++}`;
  }
}

function seriesOf(value: Cached): Float64Array[] {
  return value instanceof Float64Array ? [value] : Object.values(value);
}

/** Equal values, NaN equal to NaN (an indicator's warm-up). */
function sameValues(a: Float64Array, b: Float64Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x !== y && (x === x || y === y)) return false;
  }
  return true;
}

let active: IndicatorCache | null = null;

/** The cache of the chunk running now, if any (the SDK's indicator functions ask). */
export const activeIndicatorCache = (): IndicatorCache | null => active;

/** Runs `run` with `cache` answering the SDK's indicator calls; restores the scope after. */
export function withIndicatorCache<T>(cache: IndicatorCache, run: () => T): T {
  const outer = active;
  active = cache;
  try {
    return run();
  } finally {
    active = outer;
  }
}
