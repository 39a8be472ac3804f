import { BarwiseError } from '../../../src-shared/errors';
import type { PgClient, TeamPool } from '../pool';
import { PG_MIGRATIONS } from '.';
import type { PgMigration } from './migration';

/** The schema version recorded on the server, or null when Barwise has not created its schema there. */
export async function readSchemaVersion(client: Pick<PgClient, 'query'>, schema: string): Promise<number | null> {
  const exists = await client.query<{ found: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'meta') AS found`,
    [schema],
  );
  if (!exists.rows[0]?.found) return null;
  const row = await client.query<{ value: string }>(`SELECT value FROM ${schema}.meta WHERE key = 'schema_version'`);
  return row.rows[0] ? Number(row.rows[0].value) : 0;
}

function refuseNewer(version: number | null, latest: number, where: string): void {
  if (version !== null && version > latest) {
    throw new BarwiseError(
      'TEAM_SCHEMA_TOO_NEW',
      `The team database at ${where} has Barwise schema version ${version}, newer than this Barwise understands (${latest}). ` +
        'Update Barwise on this machine to share with it; nothing on the server was changed.',
    );
  }
}

/**
 * Creates or brings up to date Barwise's schema on the team server: every pending migration in one
 * transaction, under an advisory lock so two machines starting at once do not both apply them.
 * A server whose schema is newer than this Barwise is refused, untouched, so two app versions
 * sharing a server cannot corrupt each other's data. Returns the version now on the server.
 */
export async function migrateTeamSchema(pool: TeamPool, migrations: readonly PgMigration[] = PG_MIGRATIONS): Promise<number> {
  const schema = pool.schema;
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  const where = `${pool.server.host}:${pool.server.port}/${pool.server.database}`;
  return pool.transaction(async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`barwise-schema:${schema}`]);
    const current = await readSchemaVersion(client, schema);
    refuseNewer(current, latest, where);
    if (current === latest) return latest;
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${schema}.meta (key text PRIMARY KEY, value text NOT NULL)`);
    for (const m of migrations.filter((pending) => pending.version > (current ?? 0))) {
      try {
        await client.query(m.sql(schema));
      } catch (error) {
        throw new BarwiseError('TEAM_SERVER_ERROR', `Team schema migration ${m.version} (${m.name}) failed: ${(error as Error).message}`);
      }
    }
    await client.query(
      `INSERT INTO ${schema}.meta (key, value) VALUES ('schema_version', $1)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [String(latest)],
    );
    return latest;
  });
}
