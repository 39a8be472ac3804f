import { performance } from 'node:perf_hooks';
import type { SyncState, TeamConnectionTest, TeamSource, TeamStatus } from '../../src-shared/api/team';
import { BarwiseError, toErrorValue, type ErrorValue } from '../../src-shared/errors';
import type { Db } from '../store/db';
import { APP_VERSION } from '../version';
import { connectionLabel, type TeamTarget } from './connection';
import { isTransient } from './errors';
import { SYNC_KINDS } from './kinds';
import type { SyncContext, SyncKind } from './kinds/kind';
import { outboxFigures, pruneSent } from './outbox';
import { describeTeamError, TeamPool } from './pool';
import { pullBatch } from './pull';
import { DEFAULT_PUSH_LIMITS, pushBatch, type PushLimits } from './push';
import { migrateTeamSchema, readSchemaVersion } from './schema/migrate';
import type { SecretStore, TargetSource } from './secrets';
import { localDevice, readState, readTeamSettings, writeState, writeTeamSettings, type Device } from './state';

export const PASSWORD_SECRET = 'team-password';

export interface SyncTiming {
  /** Pause between sync cycles while online. */
  readonly intervalMs: number;
  /** First retry delay after a failure; doubled per failure up to `backoffMaxMs`, with jitter. */
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
}

export const DEFAULT_SYNC_TIMING: SyncTiming = Object.freeze({ intervalMs: 5_000, backoffBaseMs: 1_000, backoffMaxMs: 60_000 });

export interface SyncServiceDeps {
  readonly db: Db;
  readonly secrets: SecretStore;
  /** A connection from BARWISE_PG_URL or a 0600 file: it wins over the Settings page's. */
  readonly override?: { readonly target: TeamTarget; readonly source: TargetSource };
  readonly kinds?: readonly SyncKind[];
  readonly timing?: Partial<SyncTiming>;
  readonly push?: Partial<PushLimits>;
  /** Jitter's randomness, injected so tests can pin it. */
  readonly random?: () => number;
  readonly now?: () => number;
  readonly log?: (line: string) => void;
  /** pg's application_name for this process's connections. */
  readonly applicationName?: string;
}

/**
 * Delay before retry number `failures` (1, 2, …): exponential from `base` up to `max`, with "equal
 * jitter" (half fixed, half random) so devices that lost the server together do not all come back
 * at the same instant, yet never retry in a tight loop.
 */
export function backoffDelay(failures: number, timing: SyncTiming, random: () => number): number {
  const ceiling = Math.min(timing.backoffMaxMs, timing.backoffBaseMs * 2 ** Math.max(0, failures - 1));
  return ceiling / 2 + random() * (ceiling / 2);
}

/**
 * The background sync with the team server: pushes the outbox and pulls other devices' records,
 * every few seconds while online; when the server cannot be reached it shows `offline` and retries
 * with exponential backoff and jitter, and the outbox keeps every change until the server has
 * committed it. The app works the same with or without it (SQLite stays the source of truth).
 */
export class SyncService {
  readonly device: Device;
  private readonly timing: SyncTiming;
  private readonly kinds: readonly SyncKind[];
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly log: (line: string) => void;
  private pool: TeamPool | undefined;
  private poolKey = '';
  private migrated = false;
  private state: SyncState = 'off';
  private lastError: ErrorValue | null = null;
  private failures = 0;
  private nextRetryAt: number | null = null;
  private pushed = 0;
  private pulled = 0;
  private running = false;
  private closed = false;
  private wake: (() => void) | undefined;
  private loopDone: Promise<void> = Promise.resolve();
  private exclusive: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: SyncServiceDeps) {
    this.timing = { ...DEFAULT_SYNC_TIMING, ...deps.timing };
    this.kinds = deps.kinds ?? SYNC_KINDS;
    this.now = deps.now ?? Date.now;
    this.random = deps.random ?? Math.random;
    this.log = deps.log ?? ((line) => console.warn(line));
    this.device = localDevice(deps.db);
  }

  /** The connection in use and where it came from, or undefined when none is configured and enabled. */
  target(): { target: TeamTarget; source: TeamSource } | undefined {
    if (this.deps.override) return this.deps.override;
    const settings = readTeamSettings(this.deps.db);
    if (!settings.connection || !settings.enabled) return undefined;
    return { target: { connection: settings.connection, password: this.deps.secrets.get(PASSWORD_SECRET) }, source: 'settings' };
  }

  private get paused(): boolean {
    return readTeamSettings(this.deps.db).paused;
  }

  private secrets(): string[] {
    const stored = this.deps.secrets.get(PASSWORD_SECRET);
    return [stored, this.deps.override?.target.password].filter((s): s is string => typeof s === 'string' && s.length > 0);
  }

  /** Starts the background loop (idempotent). */
  start(): void {
    if (this.running || this.closed) return;
    this.running = true;
    this.loopDone = this.loop();
  }

  status(): TeamStatus {
    const current = this.target();
    const figures = outboxFigures(this.deps.db);
    const persisted = readState<{ lastPushAt?: number; lastPullAt?: number }>(this.deps.db, 'status') ?? {};
    const paused = this.paused;
    const state: SyncState = !current ? 'off' : paused ? 'paused' : this.state === 'off' ? 'connecting' : this.state;
    return {
      state,
      source: current?.source ?? 'none',
      server: current ? connectionLabel(current.target.connection) : null,
      deviceId: this.device.id,
      paused,
      outboxDepth: figures.depth,
      lagMs: figures.oldestAt === null ? 0 : Math.max(0, this.now() - figures.oldestAt),
      lastPushAt: persisted.lastPushAt ?? null,
      lastPullAt: persisted.lastPullAt ?? null,
      pushedRecords: this.pushed,
      pulledRecords: this.pulled,
      lastError: this.lastError,
      nextRetryAt: state === 'offline' || state === 'error' ? this.nextRetryAt : null,
      pool: this.pool?.figures() ?? null,
    };
  }

  /** The open pool to the team server, connected and migrated (team compute uses it too). */
  async connected(): Promise<TeamPool> {
    const current = this.target();
    if (!current) throw new BarwiseError('TEAM_NOT_CONFIGURED', 'No team server is configured (Settings › Team, or BARWISE_PG_URL)');
    const { target } = current;
    const key = JSON.stringify([target.connection, target.password ?? '', readTeamSettings(this.deps.db).pool]);
    if (!this.pool || key !== this.poolKey) {
      await this.dropPool();
      this.pool = new TeamPool({
        target,
        settings: readTeamSettings(this.deps.db).pool,
        applicationName: this.deps.applicationName ?? 'barwise',
        onBackgroundError: (error) => this.log(`barwise: team server: ${describeTeamError(error, this.secrets())}`),
      });
      this.poolKey = key;
      this.migrated = false;
    }
    const pool = this.pool;
    if (!this.migrated) {
      await pool.open();
      await migrateTeamSchema(pool);
      await pool.query(
        `INSERT INTO ${pool.schema}.devices (id, user_name, host, app_version) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET user_name = excluded.user_name, host = excluded.host,
           app_version = excluded.app_version, last_seen_at = now()`,
        [this.device.id, this.device.user, this.device.host, APP_VERSION],
      );
      this.migrated = true;
    }
    return pool;
  }

  private async dropPool(): Promise<void> {
    const old = this.pool;
    this.pool = undefined;
    this.migrated = false;
    await old?.close();
  }

  /** One whole cycle, serialized with the loop's: push everything pending, then pull everything new. */
  private cycle(): Promise<void> {
    const run = this.exclusive.then(async () => {
      const pool = await this.connected();
      const ctx: SyncContext = { schema: pool.schema, deviceId: this.device.id, copy: await pool.acceptsCopy() };
      const limits = { ...DEFAULT_PUSH_LIMITS, ...this.deps.push };
      let pushedNow = 0;
      for (let sent = await pushBatch(this.deps.db, pool, ctx, this.kinds, limits, this.now); sent > 0; sent = await pushBatch(this.deps.db, pool, ctx, this.kinds, limits, this.now)) {
        pushedNow += sent;
        if (this.closed) return;
      }
      let pulledNow = 0;
      for (const kind of this.kinds) {
        for (let got = await pullBatch(this.deps.db, pool, ctx, kind); got > 0; got = await pullBatch(this.deps.db, pool, ctx, kind)) {
          pulledNow += got;
          if (this.closed) return;
        }
      }
      this.pushed += pushedNow;
      this.pulled += pulledNow;
      const at = this.now();
      const persisted = readState<{ lastPushAt?: number; lastPullAt?: number }>(this.deps.db, 'status') ?? {};
      writeState(this.deps.db, 'status', { ...persisted, lastPushAt: pushedNow > 0 ? at : persisted.lastPushAt, lastPullAt: at });
      // Sent changes are kept a day (the server has them; this keeps recent history inspectable).
      pruneSent(this.deps.db, at - 86_400_000);
      this.succeeded();
    });
    this.exclusive = run.catch(() => undefined);
    return run;
  }

  private succeeded(): void {
    this.state = 'online';
    this.lastError = null;
    this.failures = 0;
    this.nextRetryAt = null;
  }

  /** Records a failure and returns how long to wait before the next attempt; the loop logs it, a caller of syncNow gets it thrown. */
  private failed(error: unknown, log = true): number {
    const value = toErrorValue(error);
    const message = describeTeamError(value, this.secrets());
    const changed = this.lastError?.code !== value.code;
    this.lastError = { code: value.code, message: message.slice(value.code.length + 2) };
    this.failures++;
    this.state = isTransient(value.code) ? 'offline' : 'error';
    const delay = this.state === 'offline' ? backoffDelay(this.failures, this.timing, this.random) : this.timing.backoffMaxMs;
    this.nextRetryAt = this.now() + delay;
    if (changed && log) this.log(`barwise: team sync ${this.state}: ${message} (retrying with backoff)`);
    return delay;
  }

  /** Pushes and pulls now, whatever the loop is doing; throws what failed (also recorded in the status). */
  async syncNow(): Promise<TeamStatus> {
    try {
      await this.cycle();
    } catch (error) {
      this.failed(error, false);
      throw error;
    }
    return this.status();
  }

  pause(): TeamStatus {
    writeTeamSettings(this.deps.db, { paused: true });
    this.wake?.();
    return this.status();
  }

  resume(): TeamStatus {
    writeTeamSettings(this.deps.db, { paused: false });
    this.failures = 0;
    this.wake?.();
    return this.status();
  }

  /** After the settings changed: reconnect with the new ones at once. */
  reconfigure(): void {
    this.failures = 0;
    this.state = 'off';
    this.lastError = null;
    this.wake?.();
  }

  /** Connects with `target` (not the pool in use) and reports the server's version, or a specific error. */
  async testConnection(target: TeamTarget): Promise<TeamConnectionTest> {
    const settings = readTeamSettings(this.deps.db).pool;
    const pool = new TeamPool({ target, settings: { ...settings, min: 1, max: 1 }, applicationName: 'barwise-test-connection' });
    try {
      const started = performance.now();
      await pool.open();
      const version = await pool.query<{ v: string }>('SHOW server_version');
      const latencyMs = performance.now() - started;
      const client = await pool.connect();
      let schemaVersion: number | null;
      try {
        schemaVersion = await readSchemaVersion(client, target.connection.schema);
      } finally {
        client.release();
      }
      return { serverVersion: version.rows[0]?.v ?? '?', latencyMs, schemaVersion, tls: pool.tls };
    } finally {
      await pool.close();
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = Number.isFinite(ms) ? setTimeout(resolve, ms) : undefined;
      timer?.unref();
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }

  private async loop(): Promise<void> {
    while (!this.closed) {
      if (!this.target() || this.paused) {
        this.state = 'off';
        if (this.pool) await this.dropPool();
        await this.sleep(this.timing.intervalMs);
        continue;
      }
      let delay = this.timing.intervalMs;
      try {
        if (this.state === 'off') this.state = 'connecting';
        await this.cycle();
      } catch (error) {
        if (this.closed) break;
        delay = this.failed(error);
      }
      if (!this.closed) await this.sleep(delay);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
    await this.loopDone;
    await this.exclusive;
    await this.dropPool();
  }
}
