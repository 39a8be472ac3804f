import type { SyncKind } from './kind';
import { runsKind } from './runs';

/**
 * Every kind of synced record, in push order. Adding one (optimizations, models, simulations):
 * its outbox triggers in a local migration, its table in a team-schema migration, and its
 * SyncKind here.
 */
export const SYNC_KINDS: readonly SyncKind[] = [runsKind as SyncKind];

export function syncKind(kind: string, kinds: readonly SyncKind[] = SYNC_KINDS): SyncKind | undefined {
  return kinds.find((k) => k.kind === kind);
}
