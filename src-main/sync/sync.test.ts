import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deleteRun, updateRun } from '../runs/repository';
import type { Db } from '../store/db';
import { parseConnectionString } from './connection';
import { outboxFigures } from './outbox';
import { memorySecretStore } from './secrets';
import { backoffDelay, DEFAULT_SYNC_TIMING, SyncService } from './service';
import { writeTeamSettings } from './state';
import { startFaultProxy } from './test-support/fault-proxy';
import { addRuns, serverChecksum, teamBarwise, teamUrl, tradesPerRun, until } from './test-support/sync-fixtures';
import { adminQuery, realServer, teamSchema } from './test-support/team-server';
import { tempDb } from '../data/test-db';

function service(db: Db, url: string, extra: Partial<ConstructorParameters<typeof SyncService>[0]> = {}): SyncService {
  return new SyncService({ db, secrets: memorySecretStore(), override: { target: parseConnectionString(url), source: 'environment' }, log: () => undefined, ...extra });
}

const unsent = (db: Db) => outboxFigures(db).depth;

describe('team sync', () => {
  it('pushes 200 runs exactly once while the server keeps cutting the push off mid-batch', { timeout: 90_000 }, async () => {
    const plain = teamSchema();
    const cut = teamSchema();
    const { db, dispose } = tempDb();
    const proxy = await startFaultProxy(teamUrl(cut));
    const applicationName = `barwise-cut-${randomBytes(4).toString('hex')}`;
    try {
      addRuns(db, 200);
      // The reference: the same outbox pushed without interruption into a schema of its own.
      const reference = service(db, teamUrl(plain));
      await reference.syncNow();
      await reference.close();
      const expected = await serverChecksum(plain);
      expect(expected).toMatchObject({ runs: 200, tombstones: 0, series: 200 });
      expect(expected.trades).toBe(Array.from({ length: 200 }, (_, i) => tradesPerRun(i)).reduce((a, b) => a + b, 0));

      db.prepare('UPDATE sync_outbox SET sent_at = NULL').run();
      const logs: string[] = [];
      const sync = service(db, proxy.url, {
        applicationName,
        timing: { intervalMs: 20, backoffBaseMs: 10, backoffMaxMs: 80 },
        push: { maxRecords: 10 },
        log: (line) => logs.push(line),
      });
      sync.start();
      // A real server's backends are terminated (57P01, as in a restart); PGlite's connections are
      // cut at the socket. Each cut comes just after a batch landed, so it hits the next one mid-way.
      let cuts = 0;
      let depth = unsent(db);
      while (depth > 0 && cuts < 30) {
        const since = Date.now();
        await until('a batch to land', () => unsent(db) < depth || Date.now() - since > 400, 60_000);
        depth = unsent(db);
        if (depth === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (realServer()) await adminQuery('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
        else proxy.dropAll();
        cuts++;
      }
      await until('the outbox to drain', () => unsent(db) === 0, 60_000);
      await sync.close();
      expect(cuts).toBeGreaterThanOrEqual(3);
      expect(logs.some((line) => /TEAM_CONNECTION_LOST|TEAM_UNREACHABLE|TEAM_TIMEOUT/.test(line))).toBe(true);
      expect(await serverChecksum(cut)).toEqual(expected);
    } finally {
      await proxy.close();
      dispose();
    }
  });

  it('leaves the server as it was when the whole outbox is replayed twice, out of order', async () => {
    const schema = teamSchema();
    const { db, dispose } = tempDb();
    try {
      const ids = addRuns(db, 30);
      for (const id of ids.slice(0, 10)) updateRun(db, id, { name: `renamed ${id.slice(-4)}`, tags: ['team'] });
      for (const id of ids.slice(10, 15)) deleteRun(db, id);
      const sync = service(db, teamUrl(schema));
      await sync.syncNow();
      const once = await serverChecksum(schema);
      expect(once).toMatchObject({ runs: 25, tombstones: 5, series: 25 });

      const seqs = db.prepare('SELECT seq FROM sync_outbox ORDER BY seq').pluck().all() as number[];
      for (let replay = 0; replay < 2; replay++) {
        // Newer changes first, then the older ones (a random half held back).
        const late = new Set(seqs.filter(() => Math.random() < 0.5));
        const mark = db.prepare('UPDATE sync_outbox SET sent_at = ? WHERE seq = ?');
        db.transaction(() => seqs.forEach((seq) => mark.run(late.has(seq) ? 1 : null, seq)))();
        await sync.syncNow();
        db.transaction(() => seqs.forEach((seq) => mark.run(late.has(seq) ? null : 1, seq)))();
        await sync.syncNow();
        expect(await serverChecksum(schema)).toEqual(once);
      }
      await sync.close();
    } finally {
      dispose();
    }
  });

  it('shows two app instances each other’s runs, read-only, and turns a delete on one into a tombstone on the other', async () => {
    const schema = teamSchema();
    const a = teamBarwise(schema);
    const b = teamBarwise(schema);
    try {
      const [first, second] = addRuns(a.db, 2, 'from a');
      await a.sync.syncNow();
      await b.sync.syncNow();
      const seen = await b.client.runs.list({});
      expect(seen.runs.map((r) => r.name).sort()).toEqual(['from a 0', 'from a 1']);
      expect(seen.runs.every((r) => r.origin?.device === a.sync.device.id)).toBe(true);
      // Opened, compared and exported like one's own.
      expect(await b.client.runs.trades({ id: first })).toEqual(await a.client.runs.trades({ id: first }));
      expect((await b.client.runs.get({ id: first })).resultHash).toBe((await a.client.runs.get({ id: first })).resultHash);
      expect(await b.client.runs.series({ id: second })).toEqual(await a.client.runs.series({ id: second }));
      // The strategy's indicators come too, bit for bit (NaN warm-up and all).
      const indicators = await a.client.runs.indicators({ id: second, maxPoints: 20_000 });
      expect(indicators.indicators.map((i) => i.name)).toEqual(['fast', 'slow']);
      expect(await b.client.runs.indicators({ id: second, maxPoints: 20_000 })).toEqual(indicators);
      const csv = await b.client.runs.export({ id: first, format: 'csv', what: 'trades' });
      expect(csv.bytes.byteLength).toBeGreaterThan(0);
      await expect(b.client.runs.update({ id: first, name: 'mine now' })).rejects.toMatchObject({ code: 'RUN_READ_ONLY' });
      await expect(b.client.runs.remove({ id: first })).rejects.toMatchObject({ code: 'RUN_READ_ONLY' });
      // A teammate's run is not pushed back: B's outbox holds only B's own changes.
      expect(unsent(b.db)).toBe(0);

      addRuns(b.db, 1, 'from b');
      await b.sync.syncNow();
      await a.sync.syncNow();
      expect((await a.client.runs.list({})).runs.map((r) => r.name).sort()).toEqual(['from a 0', 'from a 1', 'from b 0']);

      await a.client.runs.remove({ id: first });
      await a.sync.syncNow();
      const [tombstone] = await adminQuery<{ deleted: boolean; record: unknown }>(`SELECT deleted, record FROM ${schema}.runs WHERE id = $1`, [first]);
      expect(tombstone).toEqual({ deleted: true, record: null });
      expect(await adminQuery(`SELECT seq FROM ${schema}.run_indicators WHERE run_id = $1`, [first])).toEqual([]);
      expect(await adminQuery(`SELECT seq FROM ${schema}.run_indicators WHERE run_id = $1 ORDER BY seq`, [second])).toEqual([{ seq: 0 }, { seq: 1 }]);
      await b.sync.syncNow();
      expect((await b.client.runs.list({})).runs.map((r) => r.name).sort()).toEqual(['from a 1', 'from b 0']);
      await expect(b.client.runs.get({ id: first })).rejects.toMatchObject({ code: 'RUN_NOT_FOUND' });
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('starts with the server down, shows offline and retries with backoff, loses nothing, and catches up when it is back', async () => {
    const schema = teamSchema();
    const proxy = await startFaultProxy(teamUrl(schema));
    await proxy.down();
    const app = teamBarwise(schema, { url: proxy.url, sync: { background: true, timing: { intervalMs: 30, backoffBaseMs: 40, backoffMaxMs: 300 } } });
    try {
      addRuns(app.db, 5);
      await until('the sync to show offline', () => app.sync.status().state === 'offline');
      const offline = app.sync.status();
      expect(offline.lastError?.code).toBe('TEAM_UNREACHABLE');
      expect(offline.nextRetryAt).toBeGreaterThan(Date.now() - 1_000);
      expect(offline.outboxDepth).toBe(5);
      // The app itself works offline.
      expect((await app.client.runs.list({})).total).toBe(5);
      await proxy.up();
      await until('the sync to come back online and drain', () => app.sync.status().state === 'online' && app.sync.status().outboxDepth === 0);
      expect((await serverChecksum(schema)).runs).toBe(5);
    } finally {
      await app.close();
      await proxy.close();
    }
  });

  it('gives up on a server that hangs mid-sync within the query timeout, keeps the outbox, and recovers', async () => {
    const schema = teamSchema();
    const proxy = await startFaultProxy(teamUrl(schema));
    const app = teamBarwise(schema, { url: proxy.url });
    try {
      writeTeamSettings(app.db, { pool: { min: 1, max: 4, idleTimeoutMs: 10_000, connectionTimeoutMs: 500, queryTimeoutMs: 500 } });
      await app.sync.syncNow();
      addRuns(app.db, 3);
      proxy.freeze();
      const started = Date.now();
      await expect(app.sync.syncNow()).rejects.toMatchObject({ code: 'TEAM_TIMEOUT' });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(app.sync.status()).toMatchObject({ state: 'offline', outboxDepth: 3 });
      proxy.thaw();
      proxy.dropAll();
      await until('a sync to succeed again', async () => {
        try {
          return (await app.sync.syncNow()).outboxDepth === 0;
        } catch {
          return false;
        }
      });
      expect((await serverChecksum(schema)).runs).toBe(3);
    } finally {
      await app.close();
      await proxy.close();
    }
  });

  it('backs off exponentially up to the maximum, with jitter in the upper half', () => {
    const timing = DEFAULT_SYNC_TIMING;
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, timing, () => 1))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, timing, () => 0))).toEqual([500, 1_000, 2_000, 4_000]);
    expect(backoffDelay(30, timing, () => 1)).toBe(60_000);
    expect(backoffDelay(30, timing, () => 0)).toBe(30_000);
  });
});
