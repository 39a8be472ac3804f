import { BarwiseError } from '../../src-shared/errors';
import type { Db } from '../store/db';
import { newId } from '../store/ids';

/** The source text a run of a user strategy ran, as it was then. */
export interface RecordedSource {
  readonly sourceHash: string;
  /** The file it was read from then: `strategies/my-sma-cross.ts`, or the path given to the CLI. */
  readonly fileName: string;
  readonly text: string;
}

/**
 * Keeps a strategy's source, once per text (its hash), so every run of it can be shown and
 * reproduced whatever happens to the file later. Call in the transaction that stores the run.
 */
export function recordSource(db: Db, source: RecordedSource, now = Date.now()): void {
  db.prepare(
    `INSERT INTO strategy_sources (id, source_hash, file_name, text, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (source_hash) DO NOTHING`,
  ).run(newId(), source.sourceHash, source.fileName, source.text, now, now);
}

export function findSource(db: Db, sourceHash: string): RecordedSource | undefined {
  const row = db.prepare('SELECT source_hash, file_name, text FROM strategy_sources WHERE source_hash = ?').get(sourceHash) as
    | { source_hash: string; file_name: string; text: string }
    | undefined;
  return row && { sourceHash: row.source_hash, fileName: row.file_name, text: row.text };
}

/** The source a run recorded; RUN_NOT_FOUND for no such run, null for a run of a built-in. */
export function runSource(db: Db, runId: string): RecordedSource | null {
  const row = db.prepare('SELECT source_hash FROM runs WHERE id = ?').get(runId) as { source_hash: string | null } | undefined;
  if (!row) throw new BarwiseError('RUN_NOT_FOUND', `No run with id ${runId}`);
  if (row.source_hash === null) return null;
  const source = findSource(db, row.source_hash);
  if (!source) throw new BarwiseError('NOT_FOUND', `the source of run ${runId} (${row.source_hash.slice(0, 12)}…) is missing`);
  return source;
}
