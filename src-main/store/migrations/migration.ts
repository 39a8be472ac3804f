import type { Database } from 'better-sqlite3';

export interface Migration {
  /** The `user_version` after this migration: steps of 10, so a fix can slot in between. */
  readonly version: number;
  readonly name: string;
  up(db: Database): void;
}
