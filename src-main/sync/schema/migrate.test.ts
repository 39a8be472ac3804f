import { describe, expect, it } from 'vitest';
import { parseConnectionString } from '../connection';
import { TeamPool } from '../pool';
import { teamUrl } from '../test-support/sync-fixtures';
import { adminQuery, teamSchema } from '../test-support/team-server';
import { PG_MIGRATIONS, PG_SCHEMA_VERSION } from '.';
import { migrateTeamSchema, readSchemaVersion } from './migrate';

const openPool = async (schema: string) => {
  const pool = new TeamPool({ target: parseConnectionString(teamUrl(schema)), settings: { min: 1, max: 4 } });
  await pool.open();
  return pool;
};

describe('team schema migrations', () => {
  it('creates the schema once when several machines start at the same moment, and records its version', async () => {
    const schema = teamSchema();
    const pools = await Promise.all([openPool(schema), openPool(schema), openPool(schema)]);
    try {
      expect(await Promise.all(pools.map((p) => migrateTeamSchema(p)))).toEqual([PG_SCHEMA_VERSION, PG_SCHEMA_VERSION, PG_SCHEMA_VERSION]);
      const client = await pools[0].connect();
      try {
        expect(await readSchemaVersion(client, schema)).toBe(PG_SCHEMA_VERSION);
      } finally {
        client.release();
      }
      const tables = await adminQuery<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`, [schema]);
      expect(tables.map((t) => t.table_name)).toEqual(['bars', 'batches', 'devices', 'meta', 'results', 'run_indicators', 'run_series', 'run_trades', 'runs']);
    } finally {
      for (const pool of pools) await pool.close();
    }
  });

  it('applies only the versions a server lacks', async () => {
    const schema = teamSchema();
    const pool = await openPool(schema);
    try {
      expect(await migrateTeamSchema(pool, PG_MIGRATIONS.slice(0, 1))).toBe(10);
      await adminQuery(`INSERT INTO ${schema}.devices (id, user_name, host, app_version) VALUES ('018f0000-0000-7000-8000-000000000001', 'ann', 'h', '0')`);
      expect(await migrateTeamSchema(pool)).toBe(PG_SCHEMA_VERSION);
      expect(await adminQuery(`SELECT user_name FROM ${schema}.devices`)).toEqual([{ user_name: 'ann' }]);
    } finally {
      await pool.close();
    }
  });

  it('refuses a server whose schema is newer than this Barwise, and changes nothing on it', async () => {
    const schema = teamSchema();
    const pool = await openPool(schema);
    try {
      await migrateTeamSchema(pool);
      await adminQuery(`UPDATE ${schema}.meta SET value = '990' WHERE key = 'schema_version'`);
      await expect(migrateTeamSchema(pool)).rejects.toMatchObject({
        code: 'TEAM_SCHEMA_TOO_NEW',
        message: expect.stringMatching(new RegExp(`schema version 990, newer than this Barwise understands \\(${PG_SCHEMA_VERSION}\\)\\. Update Barwise`)),
      });
      expect(await adminQuery(`SELECT value FROM ${schema}.meta`)).toEqual([{ value: '990' }]);
    } finally {
      await pool.close();
    }
  });
});
