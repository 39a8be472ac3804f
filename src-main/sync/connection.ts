import { SCHEMA_NAME, SSL_MODES, teamConnectionSchema, type SslMode, type TeamConnection } from '../../src-shared/api/team';
import { BarwiseError } from '../../src-shared/errors';
import { describeZodError } from '../api/implement';

/** A connection and its password: what the pool needs. The password never leaves this object except to `pg`. */
export interface TeamTarget {
  readonly connection: TeamConnection;
  readonly password: string | undefined;
}

/**
 * A `postgres://user:password@host:port/database?sslmode=…&schema=…` string as fields and a
 * password. Errors name the part that is wrong and never repeat the string (it holds the password).
 */
export function parseConnectionString(text: string): TeamTarget {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new BarwiseError('VALIDATION_FAILED', 'connection string: not a URL of the form postgres://user:password@host:5432/database');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new BarwiseError('VALIDATION_FAILED', `connection string: must start with postgres:// (got ${url.protocol}//)`);
  }
  const decode = (part: string, name: string) => {
    try {
      return decodeURIComponent(part);
    } catch {
      throw new BarwiseError('VALIDATION_FAILED', `connection string: the ${name} is not valid percent-encoding`);
    }
  };
  const known = new Set(['sslmode', 'schema']);
  const unknown = [...url.searchParams.keys()].filter((key) => !known.has(key));
  if (unknown.length > 0) throw new BarwiseError('VALIDATION_FAILED', `connection string: unknown parameter(s) ${unknown.join(', ')} (Barwise reads sslmode and schema)`);
  const sslmode = url.searchParams.get('sslmode') ?? undefined;
  if (sslmode !== undefined && !(SSL_MODES as readonly string[]).includes(sslmode)) {
    throw new BarwiseError('VALIDATION_FAILED', `connection string: sslmode must be one of ${SSL_MODES.join(', ')} (got "${sslmode}")`);
  }
  const schema = url.searchParams.get('schema') ?? undefined;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new BarwiseError('VALIDATION_FAILED', 'connection string: schema must be lower-case letters, digits and _, starting with a letter or _');
  }
  const parsed = teamConnectionSchema.safeParse({
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port === '' ? undefined : Number(url.port),
    database: decode(url.pathname.replace(/^\//, ''), 'database'),
    user: decode(url.username, 'user name'),
    sslMode: sslmode as SslMode | undefined,
    schema,
  });
  if (!parsed.success) throw new BarwiseError('VALIDATION_FAILED', `connection string: ${describeZodError(parsed.error)}`);
  return { connection: parsed.data, password: url.password === '' ? undefined : decode(url.password, 'password') };
}

/** The fields as a connection string without the password (for display and logs). */
export function connectionLabel(c: TeamConnection): string {
  return `${c.user}@${c.host}:${c.port}/${c.database} (schema ${c.schema})`;
}
