import { describe, expect, it } from 'vitest';
import { evaluateStrategyModule, userLine } from './sandbox';

// The sandbox's escapes, limits and stack lines are tested in locked-down worker threads
// (src-main/pool/sandbox.test.ts, sandbox-limits.test.ts): lockdown changes the whole realm,
// so this process, which is not locked down, only checks that the sandbox refuses to run here.

describe('evaluateStrategyModule outside a locked-down worker', () => {
  it('refuses to evaluate anything, rather than run user code unsandboxed', () => {
    const marker = `sandbox-test-${process.pid}`;
    const source = { id: 'x', fileName: 'strategies/x.ts', code: `globalThis[${JSON.stringify(marker)}] = true;`, sourceHash: '0' };
    expect(() => evaluateStrategyModule(source, {})).toThrowError(
      expect.objectContaining({ code: 'INTERNAL', message: 'strategy code runs only in a locked-down worker (src-workers/lockdown.ts)' }),
    );
    expect(marker in globalThis).toBe(false);
  });
});

describe('userLine', () => {
  it("finds the first frame in the user's file", () => {
    const stack = 'Error: x\n    at helper (node:internal/x:1:1)\n    at Object.next (strategies/a.ts:14:9)\n    at run (strategies/a.ts:3:1)';
    expect(userLine({ stack }, 'strategies/a.ts')).toBe(14);
    expect(userLine({ stack }, 'strategies/b.ts')).toBeUndefined();
    expect(userLine({ stack: 'at f (strategies/a.tsx:2:1)' }, 'strategies/a.ts')).toBeUndefined();
    expect(userLine({ stack: 'at f (/app/src-workers/strategies/a.ts:2:1)' }, 'strategies/a.ts')).toBeUndefined();
    expect(userLine({ stack: 'at strategies/my_file.ts:7:3' }, 'strategies/my file.ts')).toBe(7);
    expect(userLine(42, 'strategies/a.ts')).toBeUndefined();
    expect(userLine({ get stack() { throw new Error('no'); } }, 'strategies/a.ts')).toBeUndefined();
  });
});
