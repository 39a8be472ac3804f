import type { Migration } from './migration';
import { m0010Initial } from './0010-initial';

/** Every schema version in order. Append only: a shipped migration is never edited. */
export const MIGRATIONS: readonly Migration[] = [m0010Initial];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
