import type { Db } from '../store/db';
import { syncKind } from './kinds';
import type { SyncChange, SyncContext, SyncKind } from './kinds/kind';
import { markSent, unsentChanges, type OutboxRow } from './outbox';
import type { TeamPool } from './pool';

export interface PushLimits {
  /** Outbox rows read per batch (several changes to one record collapse into one). */
  readonly readAhead: number;
  /** Records per Postgres transaction. */
  readonly maxRecords: number;
  /** Rows (a run: 1 + its trades) per Postgres transaction; one record larger than this goes alone. */
  readonly maxRows: number;
}

export const DEFAULT_PUSH_LIMITS: PushLimits = Object.freeze({ readAhead: 5_000, maxRecords: 500, maxRows: 250_000 });

interface Pending {
  readonly kind: SyncKind;
  change: SyncChange;
  readonly seqs: number[];
}

/** The window's changes, one per record: the latest change decides the op, its seq is the version. */
function collapse(rows: readonly OutboxRow[], kinds: readonly SyncKind[]): { records: Pending[]; unknown: number[] } {
  const byRecord = new Map<string, Pending>();
  const unknown: number[] = [];
  for (const row of rows) {
    const kind = syncKind(row.kind, kinds);
    if (!kind) {
      // A kind this version does not sync (written by a newer Barwise on this data dir): left for it.
      unknown.push(row.seq);
      continue;
    }
    const key = `${row.kind}:${row.recordId}`;
    const pending = byRecord.get(key);
    const change: SyncChange = { id: row.recordId, version: row.seq, op: row.op };
    if (pending) {
      pending.change = change;
      pending.seqs.push(row.seq);
    } else {
      byRecord.set(key, { kind, change, seqs: [row.seq] });
    }
  }
  return { records: [...byRecord.values()], unknown };
}

/**
 * Sends one batch of the outbox in one Postgres transaction and, only after it has committed, marks
 * its rows sent. A crash or a lost connection between the two sends the batch again, which changes
 * nothing (every write is an idempotent upsert keyed by the record's UUID, guarded by its version).
 * Returns the number of records sent (0 when the outbox is empty).
 */
export async function pushBatch(
  db: Db,
  pool: TeamPool,
  ctx: SyncContext,
  kinds: readonly SyncKind[],
  limits: PushLimits = DEFAULT_PUSH_LIMITS,
  now: () => number = Date.now,
): Promise<number> {
  const rows = unsentChanges(db, limits.readAhead);
  if (rows.length === 0) return 0;
  const { records } = collapse(rows, kinds);
  const candidates = records.slice(0, limits.maxRecords);

  // Load each kind's records as they are now, and take records in order until the rows are full.
  const loaded = new Map<SyncKind, Map<string, unknown>>();
  for (const kind of new Set(candidates.map((c) => c.kind))) {
    loaded.set(kind, kind.load(db, candidates.filter((c) => c.kind === kind && c.change.op === 'upsert').map((c) => c.change.id)));
  }
  const batch: Pending[] = [];
  let weight = 0;
  for (const pending of candidates) {
    const record = loaded.get(pending.kind)?.get(pending.change.id);
    const w = record === undefined ? 1 : pending.kind.weight(record);
    if (batch.length > 0 && weight + w > limits.maxRows) break;
    batch.push(pending);
    weight += w;
  }
  if (batch.length === 0) return 0;

  await pool.transaction(async (client) => {
    const changed = new Map<SyncKind, string[]>();
    for (const kind of new Set(batch.map((p) => p.kind))) {
      const mine = batch.filter((p) => p.kind === kind);
      const current = loaded.get(kind) ?? new Map<string, unknown>();
      // An upsert whose record is gone was deleted since; its delete follows in a later row.
      const upserts = mine
        .filter((p) => p.change.op === 'upsert' && current.has(p.change.id))
        .map((p) => ({ change: p.change, record: current.get(p.change.id) }));
      const deletes = mine.filter((p) => p.change.op === 'delete').map((p) => p.change);
      changed.set(kind, await kind.push(client, ctx, upserts, deletes));
    }
    // Cursors last, under a lock held until COMMIT: cursor order is then commit order, so a puller
    // that has seen cursor N has seen every row below it.
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`barwise-cursor:${ctx.schema}`]);
    for (const [kind, ids] of changed) {
      if (ids.length === 0) continue;
      await client.query(
        `UPDATE ${ctx.schema}.${kind.table} SET cursor = nextval('${ctx.schema}.cursor_seq') WHERE id = ANY($1::uuid[])`,
        [ids],
      );
    }
  });
  markSent(db, batch.flatMap((p) => p.seqs), now());
  return batch.length;
}
