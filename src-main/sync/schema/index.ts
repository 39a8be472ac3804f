import { p0010Records } from './0010-records';
import { p0020Compute } from './0020-compute';
import { p0030RunIndicators } from './0030-run-indicators';
import type { PgMigration } from './migration';

/** Every version of the team server's schema, in order. Append only: a shipped migration is never edited. */
export const PG_MIGRATIONS: readonly PgMigration[] = [p0010Records, p0020Compute, p0030RunIndicators];

export const PG_SCHEMA_VERSION = PG_MIGRATIONS[PG_MIGRATIONS.length - 1]?.version ?? 0;
