import type { TestProject } from 'vitest/node';
import { findTestPostgres } from '../../../scripts/postgres.mjs';
import { startPgliteServer } from './pglite-server';
import type { TestPg } from './team-server';

/**
 * Vitest's global setup: the one PostgreSQL server every team test uses, said in one line.
 * BARWISE_TEST_PG_URL, else this machine's cluster (started where this process may), else PGlite
 * served on a local port by this process. Each test works in schemas of its own.
 * BARWISE_TEST_PG=pglite uses PGlite even where a server exists (to check the fallback).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const found = process.env.BARWISE_TEST_PG === 'pglite' ? { reason: 'BARWISE_TEST_PG=pglite' } : findTestPostgres();
  if (found.url !== undefined) {
    console.log(`barwise: team tests use ${found.description}`);
    project.provide('teamPg', { url: found.url, kind: found.kind, description: found.description } satisfies TestPg);
    return async () => undefined;
  }
  const server = await startPgliteServer();
  const description = `PGlite ${server.version} through its socket server, connections serialized (no PostgreSQL server: ${found.reason})`;
  console.log(`barwise: team tests use ${description}`);
  project.provide('teamPg', { url: server.url, kind: 'pglite', description } satisfies TestPg);
  return () => server.close();
}
