import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { TeamConnection } from '../../src-shared/api/team';
import { parseConnectionString, type TeamTarget } from './connection';
import { TeamPool } from './pool';
import { startFaultProxy, startSilentServer } from './test-support/fault-proxy';
import { until } from './test-support/sync-fixtures';
import { adminQuery, realServer, teamSchema, testPg } from './test-support/team-server';

const target = (url: string, patch: Partial<TeamConnection> = {}): TeamTarget => {
  const parsed = parseConnectionString(url);
  return { ...parsed, connection: { ...parsed.connection, sslMode: 'disable', ...patch } };
};

const appName = () => `barwise-pool-test-${randomBytes(4).toString('hex')}`;

/** Connections this pool holds open on the server, as the server counts them. */
async function serverConnections(applicationName: string): Promise<number> {
  const rows = await adminQuery<{ n: string }>('SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
  return Number(rows[0].n);
}

const errorOf = async (work: Promise<unknown>) => {
  try {
    await work;
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('expected a failure');
};

describe('team connection pool', () => {
  it('opens min connections at start and never more than max under 50 reads + 10 writes + 100 history writes, releasing them all, with no error', async () => {
    const schema = teamSchema();
    const applicationName = appName();
    const pool = new TeamPool({ target: target(testPg().url), settings: { min: 2, max: 10 }, applicationName });
    try {
      await pool.open();
      expect(pool.figures()).toMatchObject({ total: 2, idle: 2, waiting: 0 });
      if (realServer()) expect(await serverConnections(applicationName)).toBe(2);
      await pool.query(`CREATE SCHEMA ${schema}`);
      await pool.query(`CREATE TABLE ${schema}.counter (id int PRIMARY KEY, n int NOT NULL); INSERT INTO ${schema}.counter VALUES (1, 0)`);
      await pool.query(`CREATE TABLE ${schema}.history (id serial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), note text NOT NULL)`);

      let most = 0;
      let mostOnServer = 0;
      const sampler = setInterval(() => (most = Math.max(most, pool.figures().total)), 2);
      const watchServer = realServer()
        ? (async () => {
            for (let i = 0; i < 20; i++) mostOnServer = Math.max(mostOnServer, await serverConnections(applicationName));
          })()
        : Promise.resolve();
      const work = [
        ...Array.from({ length: 50 }, (_, i) => () => pool.query('SELECT $1::int AS i, pg_sleep(0.01)', [i])),
        ...Array.from({ length: 10 }, () => () => pool.transaction(async (c) => c.query(`UPDATE ${schema}.counter SET n = n + 1 WHERE id = 1`))),
        ...Array.from({ length: 100 }, (_, i) => () => pool.query(`INSERT INTO ${schema}.history (note) VALUES ($1)`, [`event ${i}`])),
      ].sort(() => Math.random() - 0.5);
      const outcomes = await Promise.allSettled(work.map((run) => run()));
      await watchServer;
      clearInterval(sampler);

      expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
      expect(most).toBeLessThanOrEqual(10);
      expect(most).toBeGreaterThan(2);
      if (realServer()) expect(mostOnServer).toBeLessThanOrEqual(10);
      expect((await pool.query(`SELECT n FROM ${schema}.counter`)).rows[0].n).toBe(10);
      expect((await pool.query(`SELECT count(*)::int AS n FROM ${schema}.history`)).rows[0].n).toBe(100);
      const figures = pool.figures();
      expect(figures.waiting).toBe(0);
      expect(figures.idle).toBe(figures.total);
    } finally {
      await pool.close();
    }
    // A backend ends a moment after its client hangs up.
    if (realServer()) await until('the server to close the pool’s backends', async () => (await serverConnections(applicationName)) === 0, 5_000);
  });

  it('fails a request with TEAM_POOL_EXHAUSTED after the bounded wait when every connection stays busy', async () => {
    const pool = new TeamPool({ target: target(testPg().url), settings: { min: 1, max: 2, connectionTimeoutMs: 300 }, applicationName: appName() });
    try {
      await pool.open();
      const held = [await pool.connect(), await pool.connect()];
      const started = performance.now();
      const error = await errorOf(pool.query('SELECT 1'));
      const waited = performance.now() - started;
      expect(error.code).toBe('TEAM_POOL_EXHAUSTED');
      expect(error.message).toMatch(/All connections .* stayed busy for 0\.3 s/);
      expect(waited).toBeGreaterThanOrEqual(250);
      expect(waited).toBeLessThan(3_000);
      for (const client of held) client.release();
      expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows[0].one).toBe(1);
    } finally {
      await pool.close();
    }
  });

  it('reports a lost server as a specific error, never crashes, and recovers when the server is back', async () => {
    const proxy = await startFaultProxy(testPg().url);
    const pool = new TeamPool({ target: target(proxy.url), settings: { min: 2, max: 4, connectionTimeoutMs: 1_000 }, applicationName: appName(), onBackgroundError: () => undefined });
    try {
      await pool.open();
      expect((await pool.query('SELECT 1 AS one')).rows[0].one).toBe(1);
      await proxy.down();
      // The idle connections die with the server: their errors are handled, not thrown at Node.
      const lost = await errorOf(pool.query('SELECT 1'));
      expect(['TEAM_UNREACHABLE', 'TEAM_CONNECTION_LOST']).toContain(lost.code);
      const refused = await errorOf(pool.query('SELECT 1'));
      expect(refused.code).toBe('TEAM_UNREACHABLE');
      expect(refused.message).toContain(`127.0.0.1:${proxy.port}`);
      await proxy.up();
      expect((await pool.query('SELECT 2 AS two')).rows[0].two).toBe(2);
    } finally {
      await pool.close();
      await proxy.close();
    }
  });

  it('gives TEAM_TIMEOUT within the configured time for a server that accepts and never answers', async () => {
    const silent = await startSilentServer();
    const pool = new TeamPool({ target: target(`postgres://u:secret-pw@127.0.0.1:${silent.port}/db`), settings: { min: 1, max: 1, connectionTimeoutMs: 400 } });
    try {
      const started = performance.now();
      const error = await errorOf(pool.open());
      expect(error.code).toBe('TEAM_TIMEOUT');
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(error.message).not.toContain('secret-pw');
    } finally {
      await pool.close();
      await silent.close();
    }
  });

  it('gives TEAM_TIMEOUT within query_timeout for a server that hangs after connecting', async () => {
    const proxy = await startFaultProxy(testPg().url);
    const pool = new TeamPool({ target: target(proxy.url), settings: { min: 1, max: 2, queryTimeoutMs: 500, connectionTimeoutMs: 500 } });
    try {
      await pool.open();
      proxy.freeze();
      const started = performance.now();
      const error = await errorOf(pool.query('SELECT 1'));
      expect(error.code).toBe('TEAM_TIMEOUT');
      expect(performance.now() - started).toBeLessThan(2_500);
      proxy.thaw();
    } finally {
      await pool.close();
      await proxy.close();
    }
  });

  it('names an unknown host as TEAM_UNREACHABLE', async () => {
    const pool = new TeamPool({ target: target('postgres://u:pw-unknown-host@no-such-host.invalid:5432/db'), settings: { min: 1, max: 1, connectionTimeoutMs: 5_000 } });
    try {
      const error = await errorOf(pool.open());
      expect(error.code).toBe('TEAM_UNREACHABLE');
      expect(error.message).toMatch(/"no-such-host\.invalid" does not resolve/);
      expect(error.message).not.toContain('pw-unknown-host');
    } finally {
      await pool.close();
    }
  });

  // PGlite has no authentication and one database: these need a real PostgreSQL server.
  it.runIf(realServer())('names a wrong password and an unknown database (real PostgreSQL), without the password', async () => {
    const good = target(testPg().url);
    const wrongPassword = `wrong-${randomBytes(6).toString('hex')}`;
    const wrong = new TeamPool({ target: { ...good, password: wrongPassword }, settings: { min: 1, max: 1 } });
    const missingDb = new TeamPool({ target: { ...good, connection: { ...good.connection, database: 'no_such_database_here' } }, settings: { min: 1, max: 1 } });
    try {
      const auth = await errorOf(wrong.open());
      expect(auth.code).toBe('TEAM_AUTH_FAILED');
      expect(auth.message).toMatch(/refused the password for user "barwise_test"|does not let user/);
      expect(auth.message).not.toContain(wrongPassword);
      const db = await errorOf(missingDb.open());
      expect(db.code).toBe('TEAM_DATABASE_NOT_FOUND');
      expect(db.message).toContain('"no_such_database_here"');
      expect(db.message).not.toContain(good.password ?? '\u0000');
    } finally {
      await wrong.close();
      await missingDb.close();
    }
  });
});
