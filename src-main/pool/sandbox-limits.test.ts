import { afterEach, describe, expect, it } from 'vitest';
import { compileStrategy } from './fixtures/compile-strategy';
import { sandboxEntry } from './fixtures/entry';
import type { StrategyCall } from './fixtures/sandbox-worker';
import type { PoolOptions } from './options';
import { WorkerPool, type TaskError } from './pool';

// A strategy that never ends or never stops allocating fails its own task, in a real worker,
// while another job on the same pool completes.

const pools: WorkerPool[] = [];
function pool(options: Partial<PoolOptions> = {}): WorkerPool {
  const p = new WorkerPool({ threads: 2, entry: sandboxEntry(), cancelGraceMs: 300, closeTimeoutMs: 1_000, ...options });
  pools.push(p);
  return p;
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.destroy()));
});

const outcome = (promise: Promise<unknown>) =>
  promise.then(
    (value) => ({ code: 'ok', message: '', value }),
    (error: TaskError) => ({ code: error.code, message: error.message, value: undefined }),
  );

/** Another job's work: a CPU-bound production task kind, about 0.3 s. */
const otherJob = (p: WorkerPool) =>
  p.run<{ runs: number }>('calibrate', { bars: 200_000, fast: [5, 10, 20], slow: [30, 50, 100] });

const strategy = (parts: { top?: string; init?: string; next?: string; signals?: string }) =>
  compileStrategy(`import { defineStrategy } from 'barwise';

${parts.top ?? ''}
export default defineStrategy({
  name: 'limits',
  init() { ${parts.init ?? ''} },
  next() { ${parts.next ?? ''} },
  signals() { ${parts.signals ?? ''} },
});
`);

const forever = 'for (;;) { /* never ends */ }';

describe('limits on strategy code', () => {
  it.each([
    ['at module top level', { top: forever }, undefined],
    ['in init', { init: forever }, 'init'],
    ['in next', { next: 'let i = 0; while (i >= 0) i++;' }, 'next'],
    ['in signals', { signals: forever }, 'signals'],
  ] as const)(
    'stops a strategy that loops forever %s at the time limit, while another job completes',
    async (_where, parts, call) => {
      const p = pool({ userCodeTimeoutMs: 1_500 });
      await p.warm();
      const started = performance.now();
      const looping = outcome(p.run('strategy.run', { source: strategy(parts), call } satisfies StrategyCall, { userCode: true }));
      const other = await outcome(otherJob(p));
      expect(other.code).toBe('ok');
      const stopped = await looping;
      expect(stopped.code).toBe('TASK_TIMEOUT');
      expect(stopped.message).toBe(
        'Strategy code ran past its time limit of 1.5 s (the "Time limit for strategy code" setting, under Settings → Compute) and was stopped',
      );
      expect(performance.now() - started).toBeLessThan(6_000);
      // The worker was replaced: the pool keeps serving at full strength.
      expect((await outcome(otherJob(p))).code).toBe('ok');
      expect(p.metrics()).toMatchObject({ alive: 2, replaced: 1 });
    },
  );

  it('stops a looping strategy on Cancel, while another job completes', async () => {
    const p = pool({ userCodeTimeoutMs: 60_000 });
    await p.warm();
    const cancel = new AbortController();
    const looping = outcome(p.run('strategy.run', { source: strategy({ next: forever }), call: 'next' }, { userCode: true, signal: cancel.signal }));
    const other = outcome(otherJob(p));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = performance.now();
    cancel.abort();
    expect((await looping).code).toBe('CANCELLED');
    expect(performance.now() - started).toBeLessThan(2_000);
    expect((await other).code).toBe('ok');
  });

  it('fails a strategy that allocates without bound with WORKER_OUT_OF_MEMORY, while another job completes', async () => {
    const p = pool({ maxHeapMb: 64 });
    await p.warm();
    const hog = outcome(
      p.run('strategy.run', { source: strategy({ init: 'const kept: number[][] = []; for (;;) kept.push(new Array(100_000).fill(kept.length));' }), call: 'init' }, { userCode: true }),
    );
    const other = await outcome(otherJob(p));
    expect(other.code).toBe('ok');
    const failed = await hog;
    expect(failed.code).toBe('WORKER_OUT_OF_MEMORY');
    expect(failed.message).toMatch(/^Worker ran out of memory \(limit 64 MB\)/);
    expect((await outcome(otherJob(p))).code).toBe('ok');
  });

  it('fails a strategy that leaves endless promise jobs behind, not the task after it', async () => {
    // One thread: the next task goes to the same worker. Without the check that a worker is
    // idle before it reports, the strategy's task "succeeds" and the next one hangs.
    const p = pool({ threads: 1, userCodeTimeoutMs: 1_000 });
    await p.warm();
    const spinning = strategy({ top: 'const spin = (): Promise<void> => Promise.resolve().then(spin);\nvoid spin();' });
    const stopped = await outcome(p.run('strategy.run', { source: spinning }, { userCode: true }));
    expect(stopped.code).toBe('TASK_TIMEOUT');
    expect((await outcome(p.run('threadId', {}, { timeoutMs: 5_000 }))).code).toBe('ok');
  });

  it('fails a strategy whose promise rejects unhandled, not the task after it', async () => {
    const p = pool({ threads: 1 });
    await p.warm();
    // sucrase turns import() into a require() in a promise: refused there, and left unhandled.
    const rejecting = strategy({ top: "void import('node:fs');" });
    const failed = await outcome(p.run('strategy.run', { source: rejecting }, { userCode: true }));
    expect(failed).toMatchObject({
      code: 'TASK_FAILED',
      message: "A promise was rejected and never handled: a strategy can import only from 'barwise', not 'node:fs'",
    });
    const next = await outcome(p.run('threadId', {}, { timeoutMs: 5_000 }));
    expect(next.code).toBe('ok');
  });
});
