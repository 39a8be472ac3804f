import pg from 'pg';
import { DEFAULT_TEAM_POOL, type PgPoolFigures, type TeamPoolSettings } from '../../src-shared/api/team';
import { BarwiseError, toErrorValue } from '../../src-shared/errors';
import type { TeamTarget } from './connection';
import { redact, teamError, type ServerLabel } from './errors';

export type PgClient = pg.PoolClient;

/** TLS options for `pg` from an sslmode ('prefer' tries TLS first: see TeamPool.open). */
function tlsFor(target: TeamTarget, plain: boolean): pg.ClientConfig['ssl'] {
  const mode = target.connection.sslMode;
  if (mode === 'disable' || plain) return false;
  if (mode === 'verify-full') return { rejectUnauthorized: true, servername: target.connection.host };
  return { rejectUnauthorized: false };
}

export interface TeamPoolOptions {
  readonly target: TeamTarget;
  readonly settings?: Partial<TeamPoolSettings>;
  /** Shown in pg_stat_activity; tests use it to find (and terminate) this pool's backends. */
  readonly applicationName?: string;
  /** Told about errors on idle connections (which pg reports as events, not as failed calls). */
  readonly onBackgroundError?: (error: BarwiseError) => void;
}

/**
 * The connection pool to the team server (`pg.Pool`) with every wait bounded: connecting and
 * waiting for a free connection (`connectionTimeoutMs`), each statement on the server
 * (`statement_timeout`) and each query in the client (`query_timeout`), and TCP keep-alive so a
 * dead peer is noticed. Errors on idle and checked-out connections are handled (unheard, an idle
 * client's error ends the Node process), and every failure is a BarwiseError with a specific code
 * and a message without the password.
 */
export class TeamPool {
  readonly settings: TeamPoolSettings;
  readonly server: ServerLabel;
  private pool: pg.Pool;
  private plain = false;
  private closed = false;

  constructor(private readonly options: TeamPoolOptions) {
    this.settings = { ...DEFAULT_TEAM_POOL, ...options.settings };
    const c = options.target.connection;
    this.server = { host: c.host, port: c.port, database: c.database, user: c.user };
    this.pool = this.makePool();
  }

  get schema(): string {
    return this.options.target.connection.schema;
  }

  private makePool(): pg.Pool {
    const { target } = this.options;
    const s = this.settings;
    const pool = new pg.Pool({
      host: target.connection.host,
      port: target.connection.port,
      database: target.connection.database,
      user: target.connection.user,
      password: target.password ?? '',
      ssl: tlsFor(target, this.plain),
      min: s.min,
      max: s.max,
      idleTimeoutMillis: s.idleTimeoutMs,
      connectionTimeoutMillis: s.connectionTimeoutMs,
      statement_timeout: s.queryTimeoutMs,
      query_timeout: s.queryTimeoutMs,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      application_name: this.options.applicationName ?? 'barwise',
    });
    // An idle client's socket error is re-emitted here; without a listener it would crash Node.
    pool.on('error', (error) => this.options.onBackgroundError?.(this.wrap(error)));
    // A checked-out client that loses its connection between queries emits 'error' on itself.
    pool.on('connect', (client) => client.on('error', (error) => this.options.onBackgroundError?.(this.wrap(error))));
    return pool;
  }

  /** The error as a BarwiseError naming the server, redacted. */
  wrap(error: unknown): BarwiseError {
    return teamError(error, this.server, {
      timeoutMs: this.settings.connectionTimeoutMs,
      poolFull: this.pool.totalCount >= this.settings.max,
      secrets: [this.options.target.password],
    });
  }

  /**
   * Opens the pool's `min` connections. With sslmode 'prefer', a server that refuses TLS is asked
   * again without it (libpq's behaviour), once.
   */
  async open(): Promise<void> {
    try {
      await this.warm();
    } catch (error) {
      const wrapped = this.wrap(error);
      if (this.options.target.connection.sslMode !== 'prefer' || wrapped.code !== 'TEAM_TLS_FAILED' || this.plain) throw wrapped;
      this.plain = true;
      const old = this.pool;
      this.pool = this.makePool();
      await old.end().catch(() => undefined);
      await this.warm().catch((e: unknown) => {
        throw this.wrap(e);
      });
    }
  }

  private async warm(): Promise<void> {
    const clients = await Promise.all(Array.from({ length: Math.max(1, this.settings.min) }, () => this.pool.connect()));
    for (const client of clients) client.release();
  }

  private copy: Promise<boolean> | undefined;

  /**
   * Whether the server takes COPY FROM STDIN over the wire: PostgreSQL does; PGlite's socket server
   * (the tests' fallback) loses protocol sync on it, so there rows go by multi-row INSERT.
   */
  acceptsCopy(): Promise<boolean> {
    this.copy ??= this.query<{ v: string }>('SELECT version() AS v').then(
      (r) => !/PGlite/i.test(r.rows[0]?.v ?? ''),
      (error: unknown) => {
        this.copy = undefined;
        throw error;
      },
    );
    return this.copy;
  }

  /** Whether connections are encrypted (after `open`). */
  get tls(): boolean {
    return this.options.target.connection.sslMode !== 'disable' && !this.plain;
  }

  async query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
    this.refuseClosed();
    try {
      return await this.pool.query<R>(text, values);
    } catch (error) {
      throw this.wrap(error);
    }
  }

  /**
   * A query whose error is pg's own, unwrapped: for a library that branches on SQLSTATE codes
   * itself (the job queue). Everything else uses `query`.
   */
  async queryRaw(text: string, values?: unknown[]): Promise<pg.QueryResult> {
    this.refuseClosed();
    return this.pool.query(text, values);
  }

  /**
   * Runs `work` in one transaction on one connection: COMMIT when it resolves, ROLLBACK when it
   * throws. A connection that failed is destroyed rather than returned to the pool.
   */
  async transaction<T>(work: (client: PgClient) => Promise<T>): Promise<T> {
    this.refuseClosed();
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw this.wrap(error);
    }
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      broken = error instanceof Error ? error : new Error(String(error));
      await client.query('ROLLBACK').catch(() => undefined);
      throw this.wrap(error);
    } finally {
      // Only a server-side refusal leaves the connection usable; anything else may have broken it.
      const reusable = broken === undefined || (broken as { severity?: string }).severity === 'ERROR';
      client.release(reusable ? undefined : broken);
    }
  }

  /** A connection of one's own (released by the caller), for work that spans several queries. */
  async connect(): Promise<PgClient> {
    this.refuseClosed();
    try {
      return await this.pool.connect();
    } catch (error) {
      throw this.wrap(error);
    }
  }

  figures(): PgPoolFigures {
    return { total: this.pool.totalCount, idle: this.pool.idleCount, waiting: this.pool.waitingCount, max: this.settings.max };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end().catch(() => undefined);
  }

  private refuseClosed(): void {
    if (this.closed) throw new BarwiseError('TEAM_CONNECTION_LOST', 'The connection pool to the team server is closed');
  }
}

/** A log line about a team error: the code and the (already redacted) message, redacted again. */
export function describeTeamError(error: unknown, secrets: readonly (string | undefined)[]): string {
  const value = toErrorValue(error);
  return redact(`${value.code}: ${value.message}`, secrets);
}
