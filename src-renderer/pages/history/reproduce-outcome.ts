import type { ReproduceOutcome } from '../../../src-shared/api/runs';

/**
 * What the History row says after Reproduce: whether the results are bit-identical, and, for a
 * run of a user strategy, whether its file has changed since (Reproduce reruns the code the run
 * recorded, so a changed file does not change the rerun; the user still wants to know).
 */
export function reproduceStatus(outcome: ReproduceOutcome): { kind: 'ok' | 'warn'; text: string } {
  const result = outcome.bitIdentical
    ? `Reproduced: bit-identical (hash ${outcome.newHash.slice(0, 12)}…)`
    : `Reproduced, but the results differ: ${outcome.originalHash.slice(0, 12)}… ≠ ${outcome.newHash.slice(0, 12)}…`;
  const source = outcome.source;
  if (!source?.changed) return { kind: outcome.bitIdentical ? 'ok' : 'warn', text: result };
  const file =
    source.currentHash === null
      ? "The strategy's file is gone since this run; it reran the code the run recorded."
      : "The strategy's code has changed since this run; it reran the code the run recorded.";
  return { kind: 'warn', text: `${result}. ${file}` };
}
