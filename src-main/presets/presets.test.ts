import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../src-shared/errors';
import { createBarwise, type Barwise } from '../barwise';
import { migrate } from '../store/db';
import { MIGRATIONS } from '../store/migrations';
import { m0120Presets } from '../store/migrations/0120-presets';

/** Presets through the API as the form calls it, on a real SQLite file in a temp data dir. */

let dir: string;
let bw: Barwise;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'barwise-presets-'));
  bw = createBarwise({ dataDir: join(dir, 'data'), threads: 1 });
});

afterAll(async () => {
  await bw.close();
  rmSync(dir, { recursive: true, force: true });
});

const failure = (result: Result<unknown>) => (result.ok ? { code: 'OK', message: '' } : result.error);
const config = (extra: object = {}) => ({ strategy: { id: 'sma-cross', params: { fast: 10, slow: 30 } }, ...extra });
const rows = () => bw.db.prepare('SELECT id, strategy_id, name, config, updated_at FROM backtest_presets ORDER BY id').all();

describe('backtest presets', () => {
  it('saves, lists per strategy, loads every setting back, renames, replaces by name and deletes', async () => {
    const tight = await bw.client.presets.save({
      name: 'Tight stops',
      config: config({ from: 1, to: 2, cash: 5000, leverage: 2, stopLoss: { kind: 'atr', multiple: 1.5 }, commission: { fraction: 0.001, fixed: 1 } }),
    });
    expect(tight.strategyId).toBe('sma-cross');
    // Stored as the schema reads it (defaults filled in), without the window.
    expect(tight.config).toMatchObject({ cash: 5000, leverage: 2, stopLoss: { kind: 'atr', multiple: 1.5, period: 14 }, commission: { fraction: 0.001, fixed: 1 } });
    expect(tight.config).not.toHaveProperty('from');
    expect(tight.config).not.toHaveProperty('to');
    await bw.client.presets.save({ name: 'Hold', config: { strategy: { id: 'buy-and-hold', params: {} } } });

    expect((await bw.client.presets.list({ strategyId: 'sma-cross' })).map((p) => p.name)).toEqual(['Tight stops']);
    expect((await bw.client.presets.list({})).map((p) => p.name)).toEqual(['Hold', 'Tight stops']);

    // The same name in another case replaces it and keeps its id.
    const again = await bw.client.presets.save({ name: 'tight STOPS', config: config({ cash: 7000 }) });
    expect(again.id).toBe(tight.id);
    expect(again.config.cash).toBe(7000);
    expect(await bw.client.presets.list({ strategyId: 'sma-cross' })).toHaveLength(1);

    const renamed = await bw.client.presets.rename({ id: tight.id, name: 'Wide stops' });
    expect(renamed.name).toBe('Wide stops');
    await bw.client.presets.save({ name: 'Other', config: config() });
    const before = rows();
    expect(failure(await bw.api.presets.rename({ id: tight.id, name: 'other' }))).toMatchObject({ code: 'PRESET_EXISTS', message: expect.stringMatching(/"Other" already/) });
    expect(rows()).toEqual(before);

    await bw.client.presets.remove({ id: tight.id });
    expect(failure(await bw.api.presets.remove({ id: tight.id })).code).toBe('PRESET_NOT_FOUND');
    expect((await bw.client.presets.list({ strategyId: 'sma-cross' })).map((p) => p.name)).toEqual(['Other']);
  });

  it('refuses a config the backtest schema refuses, naming the field, and stores nothing', async () => {
    const before = rows();
    const bad = failure(await bw.api.presets.save({ name: 'Bad', config: config({ leverage: 0.5 }) }));
    expect(bad.code).toBe('VALIDATION_FAILED');
    expect(bad.message).toMatch(/config\.leverage/);
    expect(failure(await bw.api.presets.save({ name: '  ', config: config() })).message).toMatch(/name/);
    expect(rows()).toEqual(before);
  });

  it('round-trips through an exported file, and refuses a bad file whole', async () => {
    await bw.client.presets.save({ name: 'Export me', config: config({ trailingStop: { kind: 'percent', percent: 3 }, riskFreeRate: 0.02 }) });
    const file = await bw.client.presets.export({ strategyId: 'sma-cross' });
    expect(file.fileName).toBe('presets-sma-cross.json');
    const doc = JSON.parse(file.text);
    expect(doc).toMatchObject({ format: 'barwise-presets', version: 1 });
    const exported = await bw.client.presets.list({ strategyId: 'sma-cross' });

    // Into a fresh data dir: the same presets, every setting equal.
    const other = createBarwise({ dataDir: join(dir, 'other'), threads: 1 });
    try {
      expect(await other.client.presets.import({ text: file.text })).toEqual({ imported: exported.length, replaced: 0 });
      const imported = await other.client.presets.list({ strategyId: 'sma-cross' });
      expect(imported.map((p) => [p.name, p.config])).toEqual(exported.map((p) => [p.name, p.config]));
      // Again: the same names replace.
      expect(await other.client.presets.import({ text: file.text })).toEqual({ imported: exported.length, replaced: exported.length });

      const snapshot = other.db.prepare('SELECT * FROM backtest_presets ORDER BY id').all();
      doc.presets.push({ name: 'Broken', config: { strategy: { id: 'sma-cross' }, spread: 2 } });
      const refused = failure(await other.api.presets.import({ text: JSON.stringify(doc) }));
      expect(refused.code).toBe('VALIDATION_FAILED');
      expect(refused.message).toMatch(new RegExp(`presets\\.${doc.presets.length - 1}\\.config\\.spread`));
      expect(failure(await other.api.presets.import({ text: '{"format":"barwise-presets"' })).message).toMatch(/not JSON/);
      expect(other.db.prepare('SELECT * FROM backtest_presets ORDER BY id').all()).toEqual(snapshot);
    } finally {
      await other.close();
    }
  });
});

describe('migration 0120-presets', () => {
  it('makes a name unique per strategy whatever its case, and finds a strategy\'s presets through its index', () => {
    const db = new Database(':memory:');
    migrate(db, [...MIGRATIONS.filter((m) => m.version < 120), m0120Presets]);
    expect(db.pragma('user_version', { simple: true })).toBe(120);
    const insert = db.prepare("INSERT INTO backtest_presets VALUES (?, ?, ?, '{}', 1, 1)");
    insert.run('a', 's', 'Fast');
    insert.run('b', 't', 'fast');
    expect(() => insert.run('c', 's', 'FAST')).toThrow(/UNIQUE/);
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT * FROM backtest_presets WHERE strategy_id = ? ORDER BY name COLLATE NOCASE').all('s') as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX backtest_presets_by_name/);
    db.close();
  });
});
