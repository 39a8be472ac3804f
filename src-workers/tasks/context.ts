import { performance } from 'node:perf_hooks';
import { BarwiseError } from '../../src-shared/errors';
import type { ProgressMessage } from './protocol';

export interface TaskContext {
  /**
   * Call often from the compute loop (it costs one Atomics.load and a clock read). Throws
   * BarwiseError('CANCELLED') if main asked to cancel; otherwise records progress, posted to main
   * at most once per progress interval (≤ 10/s) without waiting for anything.
   */
  checkpoint(fraction: number, message?: string): void;
  readonly cancelled: boolean;
  /** A value main shared once with this worker (`pool.share`), e.g. SharedArrayBuffer-backed bars. */
  shared<T>(key: string): T;
}

export interface ContextDeps {
  readonly seq: number;
  readonly cancelFlag: Int32Array;
  readonly progressIntervalMs: number;
  readonly post: (message: ProgressMessage) => void;
  readonly shared: ReadonlyMap<string, unknown>;
}

export function createTaskContext(deps: ContextDeps): TaskContext {
  const { seq, cancelFlag, progressIntervalMs, post, shared } = deps;
  let lastPost = -Infinity;
  const isCancelled = () => Atomics.load(cancelFlag, 0) === seq;
  return {
    checkpoint(fraction, message = '') {
      if (isCancelled()) throw new BarwiseError('CANCELLED', 'Task cancelled');
      if (!(fraction >= 0 && fraction <= 1)) {
        throw new RangeError(`checkpoint fraction must be within [0, 1], got ${fraction}`);
      }
      const now = performance.now();
      if (now - lastPost < progressIntervalMs) return;
      lastPost = now;
      post({ barwiseProgress: true, seq, fraction, message });
    },
    get cancelled() {
      return isCancelled();
    },
    shared<T>(key: string): T {
      if (!shared.has(key)) throw new BarwiseError('NOT_FOUND', `No value shared with this worker under "${key}"`);
      return shared.get(key) as T;
    },
  };
}
