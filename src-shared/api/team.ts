import { z } from 'zod';
import type { ErrorValue } from '../errors';
import { backtestRequestSchema } from './backtests';
import { method, returns } from './define';
import type { Job } from './jobs';

/** libpq's sslmode values Barwise supports (`verify-full`: TLS, and the certificate must match the host). */
export const SSL_MODES = ['disable', 'prefer', 'require', 'verify-full'] as const;
export type SslMode = (typeof SSL_MODES)[number];

/** A Postgres identifier Barwise creates its tables under: lower case, so it never needs quoting. */
export const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,39}$/;

export const teamConnectionSchema = z
  .object({
    host: z.string().trim().min(1).max(255),
    port: z.number().int().min(1).max(65_535).default(5432),
    database: z.string().trim().min(1).max(63),
    user: z.string().trim().min(1).max(63),
    sslMode: z.enum(SSL_MODES).default('prefer'),
    /** The Postgres schema holding Barwise's tables (its job queue uses `<schema>_queue`). */
    schema: z.string().regex(SCHEMA_NAME, 'must be lower-case letters, digits and _, starting with a letter or _').default('barwise'),
  })
  .strict();
export type TeamConnection = z.output<typeof teamConnectionSchema>;

/** Pool limits; every wait is bounded (docs/team.md, "Connection and pool"). */
export const teamPoolSchema = z
  .object({
    min: z.number().int().min(0).max(100).default(2),
    max: z.number().int().min(1).max(100).default(10),
    idleTimeoutMs: z.number().int().min(1_000).max(3_600_000).default(30_000),
    /** Bounds both opening a connection and waiting for a free one when all are busy. */
    connectionTimeoutMs: z.number().int().min(100).max(600_000).default(10_000),
    /** statement_timeout on the server and query_timeout in the client. */
    queryTimeoutMs: z.number().int().min(100).max(3_600_000).default(60_000),
  })
  .strict()
  .refine((p) => p.min <= p.max, { message: 'min must not exceed max', path: ['min'] });
export type TeamPoolSettings = z.output<typeof teamPoolSchema>;

export const DEFAULT_TEAM_POOL: TeamPoolSettings = teamPoolSchema.parse({});

/** Where the connection in use came from: the Settings page, BARWISE_PG_URL, or a 0600 file. */
export type TeamSource = 'settings' | 'environment' | 'file' | 'none';

export interface TeamSettingsView {
  readonly connection: TeamConnection | null;
  readonly pool: TeamPoolSettings;
  readonly enabled: boolean;
  /** Whether a password is kept for the connection (never the password itself). */
  readonly passwordStored: boolean;
  /** Where a password given here is kept, in words ("the system keychain", "memory, until Barwise quits"). */
  readonly secretStorage: string;
  /** Set when the environment or a file overrides these settings. */
  readonly overriddenBy: TeamSource | null;
}

export const SYNC_STATES = ['off', 'paused', 'connecting', 'online', 'offline', 'error'] as const;
export type SyncState = (typeof SYNC_STATES)[number];

export interface PgPoolFigures {
  readonly total: number;
  readonly idle: number;
  readonly waiting: number;
  readonly max: number;
}

export interface TeamStatus {
  readonly state: SyncState;
  readonly source: TeamSource;
  /** user@host:port/database (schema): never the password. */
  readonly server: string | null;
  readonly deviceId: string;
  readonly paused: boolean;
  /** Local changes not yet on the server. */
  readonly outboxDepth: number;
  /** Age of the oldest change not yet on the server (0 when none). */
  readonly lagMs: number;
  readonly lastPushAt: number | null;
  readonly lastPullAt: number | null;
  readonly pushedRecords: number;
  readonly pulledRecords: number;
  readonly lastError: ErrorValue | null;
  /** When the next attempt is due while offline (epoch ms). */
  readonly nextRetryAt: number | null;
  readonly pool: PgPoolFigures | null;
}

export interface TeamConnectionTest {
  readonly serverVersion: string;
  readonly latencyMs: number;
  /** Barwise's schema version on that server; null when Barwise has not created it yet. */
  readonly schemaVersion: number | null;
  readonly tls: boolean;
}

/** A team batch's jobs by state: pending → claimed → completed | failed. */
export interface TeamBatchStatus {
  readonly batchId: string;
  readonly total: number;
  readonly pending: number;
  readonly claimed: number;
  readonly completed: number;
  readonly failed: number;
}

const noInput = z.object({}).strict();

export const teamSpec = {
  status: method(noInput, returns<TeamStatus>()),
  settings: method(noInput, returns<TeamSettingsView>()),
  /**
   * Saves the connection (fields, or a postgres:// connection string whose password is taken out
   * and kept in the secret store), the password (null forgets it), pool limits, and enable/disable.
   */
  configure: method(
    z
      .object({
        connection: teamConnectionSchema.nullable().optional(),
        connectionString: z.string().min(1).max(2_000).optional(),
        password: z.string().max(1_000).nullable().optional(),
        pool: teamPoolSchema.optional(),
        enabled: z.boolean().optional(),
      })
      .strict()
      .refine((v) => !(v.connection && v.connectionString), { message: 'give connection fields or a connection string, not both' }),
    returns<TeamSettingsView>(),
  ),
  /** Connects with the given fields (the stored password when none is given): the server's version, or a specific error. */
  testConnection: method(
    z
      .object({
        connection: teamConnectionSchema.optional(),
        connectionString: z.string().min(1).max(2_000).optional(),
        password: z.string().max(1_000).optional(),
      })
      .strict(),
    returns<TeamConnectionTest>(),
  ),
  /** Pushes and pulls now; resolves with the status after the attempt. */
  syncNow: method(noInput, returns<TeamStatus>()),
  pause: method(noInput, returns<TeamStatus>()),
  resume: method(noInput, returns<TeamStatus>()),
  /** "Run on team workers": the backtests go to the team's queue; a local job follows them and stores the runs. */
  runBacktests: method(z.object({ requests: z.array(backtestRequestSchema).min(1).max(10_000) }).strict(), returns<Job>()),
  batchStatus: method(z.object({ batchId: z.uuid() }).strict(), returns<TeamBatchStatus>()),
};
