import type { Db } from '../../store/db';
import type { PgClient } from '../pool';

/** One change to send: the record, and the outbox sequence number of its latest change (its version). */
export interface SyncChange {
  readonly id: string;
  readonly version: number;
  readonly op: 'upsert' | 'delete';
}

/** Who is pushing or pulling. */
export interface SyncContext {
  readonly schema: string;
  readonly deviceId: string;
  /** Whether the server takes COPY FROM STDIN over the wire (PostgreSQL does; PGlite's socket server does not). */
  readonly copy?: boolean;
}

/** A record from another device, as pulled: whose it is, and the record (null for a tombstone). */
export interface PulledRecord<Data> {
  readonly id: string;
  readonly deviceId: string;
  readonly userName: string;
  readonly host: string;
  readonly version: number;
  readonly cursor: number;
  readonly deleted: boolean;
  /** The SQLite row as its device held it. */
  readonly record: Readonly<Record<string, unknown>> | null;
  /** The record's large parts (a run's series and trades); absent when this machine already has them. */
  readonly data?: Data;
}

/**
 * What one kind of synced record needs (docs/team.md, "Adding a kind"): its outbox `kind`, its
 * table on the server (with the sync columns of src-main/sync/schema/0010-records.ts), how to read
 * its records from SQLite for a push, write them to Postgres, read other devices' records back,
 * and store them locally as read-only copies. Runs are the first; optimizations, models and
 * simulations register the same way when they exist.
 */
export interface SyncKind<Loaded = unknown, Data = unknown> {
  readonly kind: string;
  readonly table: string;
  /** This machine's records with these ids, as they are now (missing ids: deleted since). */
  load(db: Db, ids: readonly string[]): Map<string, Loaded>;
  /** A record's size in rows, to keep each push transaction to a bounded amount of data. */
  weight(record: Loaded): number;
  /**
   * Writes upserts and tombstones in the caller's transaction, idempotently: a change older than
   * the server's (by version) changes nothing, and a record's large parts are written once.
   * Returns the ids whose server row changed (they get new cursors).
   */
  push(client: PgClient, ctx: SyncContext, upserts: ReadonlyArray<{ change: SyncChange; record: Loaded }>, deletes: readonly SyncChange[]): Promise<string[]>;
  /** Other devices' records after `since`, in cursor order, with the large parts of those `have` lacks. */
  pull(client: PgClient, ctx: SyncContext, since: number, limit: number, have: (ids: readonly string[]) => Set<string>): Promise<PulledRecord<Data>[]>;
  /** Stores pulled records locally (inside the caller's SQLite transaction). */
  apply(db: Db, records: readonly PulledRecord<Data>[]): void;
  /** Ids among these that this machine already holds the large parts of. */
  present(db: Db, ids: readonly string[]): Set<string>;
}
