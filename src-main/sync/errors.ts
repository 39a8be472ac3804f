import { BarwiseError } from '../../src-shared/errors';

/** What an error message may name about the server: never the password. */
export interface ServerLabel {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
}

export const describeServer = (s: ServerLabel): string => `${s.user}@${s.host}:${s.port}/${s.database}`;

/** Replaces every occurrence of each secret in `text` (a second guard: messages are composed without them). */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 1) out = out.split(secret).join('•••');
    // A password also appears URL-encoded in a connection string.
    if (secret && encodeURIComponent(secret) !== secret) out = out.split(encodeURIComponent(secret)).join('•••');
  }
  return out;
}

interface PgLikeError {
  readonly code?: string;
  readonly message?: string;
  readonly errno?: number;
  readonly syscall?: string;
}

/** Server error classes (SQLSTATE) that mean the connection was lost, not that the request was wrong. */
const CONNECTION_LOST_STATES = new Set(['57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004', '08P01']);

export interface Classified {
  readonly code: BarwiseError['code'];
  /** Whether trying again later may succeed (the sync loop backs off and retries these). */
  readonly transient: boolean;
}

/**
 * Any error from `pg` (a server error with its SQLSTATE, a socket error, pg's own timeouts) as a
 * BarwiseError with a specific code and a message that says what to do. The message is composed
 * from the server's address, never from the connection string, and redacted once more.
 */
export function teamError(
  error: unknown,
  server: ServerLabel,
  context: { readonly timeoutMs: number; readonly poolFull?: boolean; readonly secrets?: readonly (string | undefined)[] },
): BarwiseError {
  if (error instanceof BarwiseError) return error;
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as PgLikeError;
  const where = `${server.host}:${server.port}`;
  const text = e.message ?? String(error);
  const seconds = `${(context.timeoutMs / 1000).toLocaleString('en-US')} s`;
  const make = (code: BarwiseError['code'], message: string) => new BarwiseError(code, redact(message, context.secrets ?? []));
  switch (e.code) {
    case '28P01':
      return make('TEAM_AUTH_FAILED', `The team server at ${where} refused the password for user "${server.user}": check the password`);
    case '28000':
      if (/SSL off|no encryption/i.test(text)) {
        return make('TEAM_TLS_REQUIRED', `The team server at ${where} accepts only TLS connections: set SSL mode to "require" or "verify-full"`);
      }
      return make('TEAM_AUTH_FAILED', `The team server at ${where} does not let user "${server.user}" connect to "${server.database}" from this machine (pg_hba.conf)`);
    case '3D000':
      return make('TEAM_DATABASE_NOT_FOUND', `The team server at ${where} has no database "${server.database}": check the name, or create it first`);
    case '40P01':
    case '40001':
    case '55P03':
      return make('TEAM_CONFLICT', `The team server at ${where} aborted a transaction that conflicted with another machine's (${e.code}); it is tried again`);
    case '57014':
      return make('TEAM_TIMEOUT', `The team server at ${where} did not finish a statement within ${seconds} (statement_timeout)`);
    case 'ECONNREFUSED':
      return make('TEAM_UNREACHABLE', `Nothing accepts connections at ${where}: is PostgreSQL running there, and on that port?`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return make('TEAM_UNREACHABLE', `The host name "${server.host}" does not resolve: check the host`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return make('TEAM_UNREACHABLE', `No network route to ${where}: check the host and this machine's network`);
    case 'ETIMEDOUT':
      return make('TEAM_TIMEOUT', `Connecting to ${where} timed out: the host may be down or a firewall may drop the connection`);
    case 'ECONNRESET':
    case 'EPIPE':
      return make('TEAM_CONNECTION_LOST', `The connection to the team server at ${where} was cut`);
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
    case 'CERT_HAS_EXPIRED':
      return make('TEAM_TLS_FAILED', `The team server's TLS certificate could not be verified for ${server.host} (${e.code}): use "require" to encrypt without verifying, or install its CA`);
    default:
      break;
  }
  if (e.code && CONNECTION_LOST_STATES.has(e.code)) {
    return make('TEAM_CONNECTION_LOST', `The team server at ${where} closed the connection (${e.code}: ${text}); Barwise will reconnect`);
  }
  if (/does not support SSL/i.test(text)) {
    return make('TEAM_TLS_FAILED', `The team server at ${where} does not accept TLS: set SSL mode to "disable" or "prefer"`);
  }
  if (/timeout exceeded when trying to connect/i.test(text)) {
    return context.poolFull
      ? make('TEAM_POOL_EXHAUSTED', `All connections to the team server at ${where} stayed busy for ${seconds}: try again, or raise the pool's maximum`)
      : make('TEAM_TIMEOUT', `The team server at ${where} did not answer within ${seconds}`);
  }
  if (/connection timeout|Query read timeout|timeout/i.test(text)) {
    return make('TEAM_TIMEOUT', `The team server at ${where} did not answer within ${seconds}`);
  }
  if (/Connection terminated|connection closed|Client has encountered a connection error|not queryable/i.test(text)) {
    return make('TEAM_CONNECTION_LOST', `The connection to the team server at ${where} was lost; Barwise will reconnect`);
  }
  if (/certificate|self.signed|tls|ssl/i.test(text)) {
    return make('TEAM_TLS_FAILED', `TLS with the team server at ${where} failed: ${text}`);
  }
  return make('TEAM_SERVER_ERROR', `The team server at ${where} refused a request${e.code ? ` (${e.code})` : ''}: ${text}`);
}

const TRANSIENT = new Set<BarwiseError['code']>(['TEAM_UNREACHABLE', 'TEAM_TIMEOUT', 'TEAM_CONNECTION_LOST', 'TEAM_POOL_EXHAUSTED', 'TEAM_CONFLICT']);

/** Whether the sync loop should keep retrying after this error (a down server) or wait for the user (a wrong password). */
export const isTransient = (code: string): boolean => TRANSIENT.has(code as BarwiseError['code']);
