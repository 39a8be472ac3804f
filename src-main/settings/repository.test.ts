import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBarwise } from '../barwise';
import { openDatabase } from '../store/db';
import { tempDir } from '../test-support/temp-dir';
import { readSettings, writeSettings } from './repository';

describe('settings', () => {
  it('defaults, persists, and ignores a value it cannot read', () => {
    const db = openDatabase(join(tempDir(), 's.sqlite'));
    expect(readSettings(db)).toEqual({ threads: null });
    expect(writeSettings(db, { threads: 3 })).toEqual({ threads: 3 });
    db.prepare("UPDATE settings SET value = '{broken' WHERE key = 'threads'").run();
    expect(readSettings(db)).toEqual({ threads: null });
    db.close();
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
