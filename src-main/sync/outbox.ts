import type { Db } from '../store/db';

export interface OutboxRow {
  readonly seq: number;
  readonly kind: string;
  readonly recordId: string;
  readonly op: 'upsert' | 'delete';
  readonly createdAt: number;
}

/** The oldest unsent changes, in the order they were made. */
export function unsentChanges(db: Db, limit: number): OutboxRow[] {
  return (
    db.prepare('SELECT seq, kind, record_id, op, created_at FROM sync_outbox WHERE sent_at IS NULL ORDER BY seq LIMIT ?').all(limit) as Array<{
      seq: number;
      kind: string;
      record_id: string;
      op: 'upsert' | 'delete';
      created_at: number;
    }>
  ).map((r) => ({ seq: r.seq, kind: r.kind, recordId: r.record_id, op: r.op, createdAt: r.created_at }));
}

/** Marks changes sent: only ever after the team server has committed them. */
export function markSent(db: Db, seqs: readonly number[], at: number): void {
  if (seqs.length === 0) return;
  db.prepare('UPDATE sync_outbox SET sent_at = ? WHERE seq IN (SELECT value FROM json_each(?))').run(at, JSON.stringify(seqs));
}

export interface OutboxFigures {
  /** Changes not yet on the server. */
  readonly depth: number;
  /** When the oldest of them was made (null when none). */
  readonly oldestAt: number | null;
}

export function outboxFigures(db: Db): OutboxFigures {
  const row = db.prepare('SELECT count(*) AS depth, min(created_at) AS oldest FROM sync_outbox WHERE sent_at IS NULL').get() as {
    depth: number;
    oldest: number | null;
  };
  return { depth: row.depth, oldestAt: row.oldest };
}

/** Forgets sent changes older than `before`: the server has them, and the version lives on in later rows. */
export function pruneSent(db: Db, before: number): number {
  return db.prepare('DELETE FROM sync_outbox WHERE sent_at IS NOT NULL AND sent_at < ?').run(before).changes;
}
