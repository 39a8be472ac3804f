import { z } from 'zod';
import { method, returns } from './define';
import type { PgPoolFigures, SyncState } from './team';

export type CheckStatus = 'ok' | 'degraded' | 'down' | 'not_configured';

export interface HealthCheck {
  readonly status: CheckStatus;
  readonly detail: string;
}

/**
 * What `/health` serves and the Health page shows: the overall status (degraded when a configured
 * part is not ok) and each part's. A part that is not configured (no team server) is not a fault.
 */
export interface HealthReport {
  readonly status: 'ok' | 'degraded';
  readonly checks: {
    readonly sqlite: HealthCheck;
    readonly pool: HealthCheck;
    readonly postgres: HealthCheck;
  };
  readonly figures: {
    /** Local jobs by status. */
    readonly jobs: Readonly<Record<string, number>>;
    readonly threads: number;
    readonly busyThreads: number;
    readonly queuedTasks: number;
    readonly outboxDepth: number;
    readonly syncLagMs: number;
    readonly syncState: SyncState;
    readonly pgPool: PgPoolFigures | null;
  };
}

export const healthSpec = {
  report: method(z.object({}).strict(), returns<HealthReport>()),
};
