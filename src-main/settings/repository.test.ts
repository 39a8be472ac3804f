import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBarwise } from '../barwise';
import { openDatabase } from '../store/db';
import { tempDir } from '../test-support/temp-dir';
import { readSettings, writeSettings } from './repository';

describe('settings', () => {
  it('defaults, persists, and ignores a value it cannot read', () => {
    const db = openDatabase(join(tempDir(), 's.sqlite'));
    expect(readSettings(db)).toEqual({ threads: null, strategyTimeLimitSeconds: 60 });
    expect(writeSettings(db, { threads: 3 })).toEqual({ threads: 3, strategyTimeLimitSeconds: 60 });
    expect(writeSettings(db, { strategyTimeLimitSeconds: 5 })).toEqual({ threads: 3, strategyTimeLimitSeconds: 5 });
    db.prepare("UPDATE settings SET value = '{broken' WHERE key = 'threads'").run();
    db.prepare("UPDATE settings SET value = '0' WHERE key = 'strategyTimeLimitSeconds'").run();
    expect(readSettings(db)).toEqual({ threads: null, strategyTimeLimitSeconds: 60 });
    db.close();
  });

  it('the time limit for strategy code applies to the pool at once and at the next start', async () => {
    const dataDir = tempDir();
    const first = createBarwise({ dataDir });
    expect(first.pool.userCodeTimeout).toBe(60_000);
    const view = await first.client.settings.update({ strategyTimeLimitSeconds: 5 });
    expect(view.settings.strategyTimeLimitSeconds).toBe(5);
    expect(first.pool.userCodeTimeout).toBe(5_000);
    await expect(first.client.settings.update({ strategyTimeLimitSeconds: 0 })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('strategyTimeLimitSeconds'),
    });
    await expect(first.client.settings.update({ strategyTimeLimitSeconds: 86_401 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(first.client.settings.update({ strategyTimeLimitSeconds: 1.5 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(first.pool.userCodeTimeout).toBe(5_000);
    await first.close();
    const second = createBarwise({ dataDir });
    expect(second.pool.userCodeTimeout).toBe(5_000);
    await second.close();
  });

  it('the thread count setting applies at the next start, capped at the core count', async () => {
    const dataDir = tempDir();
    const first = createBarwise({ dataDir });
    await first.client.settings.update({ threads: 1 });
    expect((await first.client.settings.get({})).settings.threads).toBe(1);
    await first.close();
    const second = createBarwise({ dataDir });
    expect((await second.client.system.info({})).workerCount).toBe(1);
    await second.client.settings.update({ threads: null });
    await second.close();
    const third = createBarwise({ dataDir, threads: 64 });
    const info = await third.client.system.info({});
    expect(info.workerCount).toBe((await third.client.settings.get({})).cores);
    await third.close();
  });
});
