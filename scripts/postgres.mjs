// The PostgreSQL server the team tests run against. `findTestPostgres()` is shared by the unit
// tests' global setup (src-main/sync/test-support/global-setup.ts) and the sync benchmark; run as a
// script (`node scripts/postgres.mjs`, which .ci/run does first) it starts the server where it can
// and prints one line saying which server the tests will use.
//
// In order: BARWISE_TEST_PG_URL; else this machine's PostgreSQL cluster (Debian's pg_ctlcluster),
// started when it is down and this process is root, with a test role and database of its own;
// else undefined with the reason, and the caller falls back to PGlite.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readFileSync, writeSync, closeSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TEST_ROLE = 'barwise_test';
export const TEST_DATABASE = 'barwise_test';

const run = (command, args, options = {}) => spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });

/** `psql` as the cluster's superuser (peer authentication over the local socket). */
function psql(port, sql, database = 'postgres') {
  const result = run('runuser', ['-u', 'postgres', '--', 'psql', '-X', '-p', String(port), '-d', database, '-v', 'ON_ERROR_STOP=1', '-Atqc', sql]);
  if (result.status !== 0) throw new Error(`psql failed: ${(result.stderr || result.error?.message || '').trim()}`);
  return result.stdout.trim();
}

/**
 * The test role's password: made once per machine and kept in a 0600 file, so that two test runs
 * at once (a developer's and CI's) agree on it instead of resetting each other's.
 */
function testPassword() {
  const dir = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'barwise');
  const file = join(dir, 'test-postgres-password');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    const fd = openSync(file, 'wx', 0o600);
    writeSync(fd, randomBytes(18).toString('base64url'));
    closeSync(fd);
  } catch (error) {
    if (error.code !== 'EEXIST') throw error;
  }
  return readFileSync(file, 'utf8').trim();
}

/** This machine's first PostgreSQL cluster, started if it is down; or the reason there is none to use. */
function systemCluster() {
  if (process.platform !== 'linux' || !existsSync('/usr/bin/pg_lsclusters') || !existsSync('/usr/bin/pg_ctlcluster')) {
    return { reason: 'no PostgreSQL cluster on this machine (pg_lsclusters not found)' };
  }
  const listed = run('pg_lsclusters', ['--no-header']);
  const line = listed.stdout?.split('\n').find((l) => l.trim() !== '');
  if (!line) return { reason: 'pg_lsclusters lists no cluster' };
  const [version, name, port, status] = line.trim().split(/\s+/);
  if (process.getuid?.() !== 0) {
    if (!status.startsWith('online')) return { reason: `cluster ${version}/${name} is down and starting it needs root` };
    return { reason: `cluster ${version}/${name} is up, but preparing its test role needs root` };
  }
  let started = false;
  if (!status.startsWith('online')) {
    const start = run('pg_ctlcluster', ['--skip-systemctl-redirect', version, name, 'start']);
    if (start.status !== 0) return { reason: `pg_ctlcluster ${version} ${name} start failed: ${(start.stderr || '').trim()}` };
    started = true;
  }
  return { version, name, port: Number(port), started };
}

/**
 * A server for the team tests, as `{ url, kind, description }`, or `{ reason }` when there is none
 * (the caller then uses PGlite). The URL holds the test role's password: print `description`, never it.
 */
export function findTestPostgres() {
  const fromEnv = process.env.BARWISE_TEST_PG_URL;
  if (fromEnv) {
    const host = (() => {
      try {
        const url = new URL(fromEnv);
        return `${url.hostname}:${url.port || 5432}${url.pathname}`;
      } catch {
        return 'an unparsable URL';
      }
    })();
    return { url: fromEnv, kind: 'external', description: `the PostgreSQL server at ${host} (BARWISE_TEST_PG_URL)` };
  }
  const cluster = systemCluster();
  if (cluster.reason) return { reason: cluster.reason };
  try {
    const password = testPassword();
    const quoted = `'${password.replaceAll("'", "''")}'`;
    const exists = psql(cluster.port, `SELECT 1 FROM pg_roles WHERE rolname = '${TEST_ROLE}'`) === '1';
    psql(cluster.port, `${exists ? 'ALTER' : 'CREATE'} ROLE ${TEST_ROLE} LOGIN PASSWORD ${quoted}`);
    if (psql(cluster.port, `SELECT 1 FROM pg_database WHERE datname = '${TEST_DATABASE}'`) !== '1') {
      psql(cluster.port, `CREATE DATABASE ${TEST_DATABASE} OWNER ${TEST_ROLE}`);
    }
    const serverVersion = psql(cluster.port, 'SHOW server_version');
    return {
      url: `postgres://${TEST_ROLE}:${encodeURIComponent(password)}@127.0.0.1:${cluster.port}/${TEST_DATABASE}`,
      kind: 'system',
      description: `PostgreSQL ${serverVersion} (this machine's cluster ${cluster.version}/${cluster.name} on port ${cluster.port}${cluster.started ? ', started for the tests' : ''})`,
    };
  } catch (error) {
    return { reason: `cluster ${cluster.version}/${cluster.name}: ${error.message}` };
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const found = findTestPostgres();
  console.log(
    found.reason
      ? `barwise: team tests use PGlite through its socket server (no PostgreSQL server: ${found.reason})`
      : `barwise: team tests use ${found.description}`,
  );
}
