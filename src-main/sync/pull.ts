import type { Db } from '../store/db';
import type { SyncContext, SyncKind } from './kinds/kind';
import type { TeamPool } from './pool';
import { readState, writeState } from './state';

const cursorKey = (kind: SyncKind) => `pull_cursor:${kind.kind}`;

export const pullCursor = (db: Db, kind: SyncKind): number => readState<number>(db, cursorKey(kind)) ?? 0;

/**
 * Reads one page of other devices' records of one kind after this data dir's cursor (in one
 * read-only snapshot, so a record and its large parts agree) and stores them, with the new
 * cursor, in one SQLite transaction. Returns the number of records pulled (0: up to date).
 */
export async function pullBatch(db: Db, pool: TeamPool, ctx: SyncContext, kind: SyncKind, limit = 200): Promise<number> {
  const since = pullCursor(db, kind);
  const client = await pool.connect();
  let records;
  let failed: Error | undefined;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    records = await kind.pull(client, ctx, since, limit, (ids) => kind.present(db, ids));
    await client.query('COMMIT');
  } catch (error) {
    failed = error as Error;
    await client.query('ROLLBACK').catch(() => undefined);
    throw pool.wrap(error);
  } finally {
    client.release(failed && (failed as { severity?: string }).severity !== 'ERROR' ? failed : undefined);
  }
  if (records.length === 0) return 0;
  const last = records[records.length - 1].cursor;
  db.transaction(() => {
    kind.apply(db, records);
    writeState(db, cursorKey(kind), last);
  }).immediate();
  return records.length;
}
