import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject, onTestFinished } from 'vitest';

/** Where the team tests' server came from (src-main/sync/test-support/global-setup.ts). */
export interface TestPg {
  readonly url: string;
  /** `pglite`: one backend, connections serialized; the others are real PostgreSQL servers. */
  readonly kind: 'external' | 'system' | 'pglite';
  readonly description: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    teamPg: TestPg;
  }
}

export const testPg = (): TestPg => inject('teamPg');

/** A real PostgreSQL server (parallel backends, authentication, pg_terminate_backend), not PGlite. */
export const realServer = (): boolean => testPg().kind !== 'pglite';

/** One SQL statement on a connection of its own. */
export async function adminQuery<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: testPg().url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return (await client.query<R>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/**
 * A schema name no other test uses, for the team data of the current test (call it inside
 * the test); it and its job queue's schema are dropped when the test finishes.
 */
export function teamSchema(): string {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  onTestFinished(async () => {
    await adminQuery(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await adminQuery(`DROP SCHEMA IF EXISTS ${schema}_queue CASCADE`);
  });
  return schema;
}
