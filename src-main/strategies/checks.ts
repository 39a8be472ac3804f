import type { LookAheadResult, StrategyProblem } from '../../src-shared/api/strategies';
import type { Db } from '../store/db';

/**
 * The look-ahead check's results, by source hash and engine version: a file is checked when it is
 * saved or found changed, and an engine that may decide differently checks it again.
 */
export function findCheck(db: Db, sourceHash: string, engineVersion: string): LookAheadResult | null {
  const row = db
    .prepare('SELECT passed, findings, checked_at FROM strategy_checks WHERE source_hash = ? AND engine_version = ?')
    .get(sourceHash, engineVersion) as { passed: number; findings: string; checked_at: number } | undefined;
  if (!row) return null;
  return { passed: row.passed === 1, checkedAt: row.checked_at, findings: JSON.parse(row.findings) as StrategyProblem[] };
}

export function saveCheck(db: Db, sourceHash: string, engineVersion: string, result: LookAheadResult, now = Date.now()): void {
  db.prepare(
    `INSERT INTO strategy_checks (source_hash, engine_version, passed, findings, checked_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (source_hash, engine_version) DO UPDATE SET
       passed = excluded.passed, findings = excluded.findings, checked_at = excluded.checked_at, updated_at = excluded.updated_at`,
  ).run(sourceHash, engineVersion, result.passed ? 1 : 0, JSON.stringify(result.findings), result.checkedAt, now, now);
}
