import { BarwiseError } from '../../src-shared/errors';
import type { Db } from '../store/db';

/** The source text a run of a user strategy ran, as it was then: kept in the run's own row. */
export interface RecordedSource {
  readonly sourceHash: string;
  /** The file it was read from then: `strategies/my-sma-cross.ts`, or the path given to the CLI. */
  readonly fileName: string;
  readonly text: string;
}

/** The source of this hash as some run kept it, if any run did. */
export function findSource(db: Db, sourceHash: string): RecordedSource | undefined {
  const row = db.prepare('SELECT source_file, source_text FROM runs WHERE source_hash = ? LIMIT 1').get(sourceHash) as
    | { source_file: string; source_text: string }
    | undefined;
  return row && { sourceHash, fileName: row.source_file, text: row.source_text };
}

/** The source a run kept; RUN_NOT_FOUND for no such run, null for a run of a built-in. */
export function runSource(db: Db, runId: string): RecordedSource | null {
  const row = db.prepare('SELECT source_hash, source_file, source_text FROM runs WHERE id = ?').get(runId) as
    | { source_hash: string | null; source_file: string | null; source_text: string | null }
    | undefined;
  if (!row) throw new BarwiseError('RUN_NOT_FOUND', `No run with id ${runId}`);
  if (row.source_hash === null) return null;
  if (row.source_file === null || row.source_text === null) {
    throw new BarwiseError('NOT_FOUND', `run ${runId} names source ${row.source_hash.slice(0, 12)}… but its text is not kept`);
  }
  return { sourceHash: row.source_hash, fileName: row.source_file, text: row.source_text };
}
