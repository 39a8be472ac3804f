import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../store/db';

/** A real SQLite file in a fresh temp dir (tests only). */
export function tempDb(): { db: Db; dir: string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'barwise-data-'));
  const db = openDatabase(join(dir, 'barwise.sqlite'));
  return {
    db,
    dir,
    dispose: () => {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
