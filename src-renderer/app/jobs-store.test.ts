import { beforeAll, describe, expect, it, vi } from 'vitest';

// The app's store (imported by the jobs store) reads the theme from the page's storage at load.
const storage = new Map<string, string>();
vi.stubGlobal('localStorage', { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => storage.set(k, v) });

let useJobs: typeof import('./jobs-store').useJobs;
beforeAll(async () => {
  ({ useJobs } = await import('./jobs-store'));
});

describe('the jobs store', () => {
  it('takes no entry from an event that is not about a job or an import', () => {
    const before = useJobs.getState();
    useJobs.getState().apply({ topic: 'strategies', ids: ['my-sma-cross'] });
    const after = useJobs.getState();
    expect(after.byId).toEqual(before.byId);
    expect(Object.keys(after.byId)).not.toContain('undefined');
    expect(after.revision).toBe(before.revision);
  });

  it('still follows a job from its events', () => {
    useJobs.getState().apply({ topic: 'job', id: 'j1', status: 'running', kind: 'backtest' });
    useJobs.getState().apply({ topic: 'progress', id: 'j1', fraction: 0.5, message: 'simulating' });
    expect(useJobs.getState().byId.j1).toMatchObject({ status: 'running', kind: 'backtest', fraction: 0.5, isJob: true });
    expect(useJobs.getState().running).toBe(1);
  });
});
