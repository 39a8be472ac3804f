import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startShell } from '../shell/server';
import { rawRequest, statusOf } from '../shell/test-support/raw-socket';
import { startFaultProxy } from '../sync/test-support/fault-proxy';
import { addRuns, teamBarwise, teamUrl, until } from '../sync/test-support/sync-fixtures';
import { teamSchema } from '../sync/test-support/team-server';
import { spawnWorker } from '../team/test-support/team-fixtures';
import { tempDir } from '../test-support/temp-dir';
import { cliProcess } from '../test-support/cli';

const TOKEN = 'health-test-token-0123456789';

function rendererDir(): string {
  const dir = join(tempDir(), 'renderer');
  mkdirSync(dir);
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Barwise</title>');
  return dir;
}

const get = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers });

describe('health endpoints', () => {
  it('serves the probes to anyone who may reach the shell, and the rest only with its token (cookie or bearer)', async () => {
    const schema = teamSchema();
    const proxy = await startFaultProxy(teamUrl(schema));
    const barwise = teamBarwise(schema, { url: proxy.url, sync: { background: true, timing: { intervalMs: 50, backoffBaseMs: 50, backoffMaxMs: 200 } } });
    const shell = await startShell({ barwise, rendererDir: rendererDir(), token: TOKEN });
    const origin = shell.origin;
    const port = new URL(origin).port;
    const cookie = { cookie: `barwise_token_${port}=${TOKEN}` };
    const bearer = { authorization: `Bearer ${TOKEN}` };
    try {
      addRuns(barwise.db, 2);
      await until('the sync to come online', () => barwise.sync.status().state === 'online' && barwise.sync.status().outboxDepth === 0);

      for (const [path, body] of [
        ['/health/live', { status: 'up' }],
        ['/health/ready', { status: 'ready' }],
      ] as const) {
        const res = await get(origin + path);
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual(body);
        // Still only for the shell's own Host (DNS rebinding).
        const rebinding = await rawRequest(Number(port), `GET ${path} HTTP/1.1\r\nHost: evil.example:${port}\r\nConnection: close\r\n\r\n`);
        expect(statusOf(rebinding)).toBe(403);
      }
      for (const path of ['/health', '/health/db_pool', '/metrics']) {
        expect((await get(origin + path)).status).toBe(401);
        expect((await get(origin + path, { authorization: 'Bearer not-the-token' })).status).toBe(401);
        expect((await get(origin + path, cookie)).status).toBe(200);
        expect((await get(origin + path, bearer)).status).toBe(200);
      }

      const health = (await (await get(origin + '/health', bearer)).json()) as { status: string; checks: Record<string, { status: string }>; figures: Record<string, unknown> };
      expect(health.status).toBe('ok');
      expect(health.checks).toMatchObject({ sqlite: { status: 'ok' }, pool: { status: 'ok' }, postgres: { status: 'ok' } });
      expect(health.figures).toMatchObject({ outboxDepth: 0, syncState: 'online' });
      const pool = (await (await get(origin + '/health/db_pool', bearer)).json()) as Record<string, number>;
      expect(Object.keys(pool).sort()).toEqual(['idle', 'max', 'total', 'waiting']);
      expect(pool.total).toBeGreaterThanOrEqual(1);

      const metrics = await (await get(origin + '/metrics', bearer)).text();
      for (const name of [
        'barwise_health_ok 1',
        'barwise_jobs{state="completed"}',
        'barwise_worker_pool_utilisation',
        'barwise_sync_outbox_depth 0',
        'barwise_sync_lag_seconds 0',
        'barwise_pg_pool_connections{state="total"}',
        '# TYPE barwise_task_duration_seconds histogram',
      ]) {
        expect(metrics).toContain(name);
      }

      // The team server goes away: /health says degraded (503) and why; the probes stay up.
      await proxy.down();
      await until('the sync to notice', () => barwise.sync.status().state === 'offline');
      const degraded = await get(origin + '/health', bearer);
      expect(degraded.status).toBe(503);
      const body = (await degraded.json()) as { status: string; checks: { postgres: { status: string; detail: string } } };
      expect(body.status).toBe('degraded');
      expect(body.checks.postgres.status).toBe('down');
      expect(body.checks.postgres.detail).toMatch(/TEAM_UNREACHABLE|TEAM_CONNECTION_LOST/);
      expect((await get(origin + '/health/live')).status).toBe(200);
      expect(await (await get(origin + '/metrics', bearer)).text()).toContain('barwise_health_ok 0');
    } finally {
      await shell.close();
      await barwise.close();
      await proxy.close();
    }
  });

  it('serves a headless worker’s health on its own port, with the token from a 0600 file', async () => {
    const schema = teamSchema();
    const tokenFile = join(tempDir(), 'metrics-token');
    writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
    const worker = spawnWorker(['--threads', '1', '--health-port', '0', '--metrics-token-file', tokenFile], { BARWISE_PG_URL: teamUrl(schema) });
    try {
      const base = await worker.ready;
      expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(worker.output()).not.toContain(TOKEN);
      expect(await (await get(base + '/health/live')).json()).toEqual({ status: 'up' });
      await until('the worker to be ready', async () => (await get(base + '/health/ready')).status === 200);
      expect((await get(base + '/metrics')).status).toBe(401);
      const metrics = await (await get(base + '/metrics', { authorization: `Bearer ${TOKEN}` })).text();
      expect(metrics).toContain('barwise_pg_pool_connections{state="total"}');
      const health = (await (await get(base + '/health', { authorization: `Bearer ${TOKEN}` })).json()) as { status: string; checks: Record<string, { status: string }> };
      expect(health.status).toBe('ok');
      expect(health.checks).toMatchObject({ sqlite: { status: 'not_configured' }, postgres: { status: 'ok' } });
      const pool = (await (await get(base + '/health/db_pool', { authorization: `Bearer ${TOKEN}` })).json()) as Record<string, number>;
      expect(pool.max).toBe(10);
      expect((await get(base + '/')).status).toBe(404);
    } finally {
      worker.child.kill('SIGTERM');
      await worker.exited;
    }
  });

  it('refuses a token or connection file that others can read, naming the path and its mode', async () => {
    const file = join(tempDir(), 'team-url');
    writeFileSync(file, teamUrl('barwise'));
    chmodSync(file, 0o644);
    const outcome = await cliProcess(['worker', '--pg-file', file]);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toBe(`barwise: TEAM_SECRET_FILE_UNSAFE: The team connection file ${file} has mode 0644: other users can read the secret in it. Run \`chmod 600 ${file}\`\n`);
  });
});
