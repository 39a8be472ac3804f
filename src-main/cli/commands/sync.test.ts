import { describe, expect, it } from 'vitest';
import { createBarwise } from '../../barwise';
import { startFaultProxy } from '../../sync/test-support/fault-proxy';
import { addRuns, teamUrl } from '../../sync/test-support/sync-fixtures';
import { adminQuery, teamSchema } from '../../sync/test-support/team-server';
import { cli } from '../../test-support/cli';
import { tempDir } from '../../test-support/temp-dir';

describe('barwise sync', () => {
  it('reports, pushes, pauses and resumes, with one-line errors for a server that is down', async () => {
    const schema = teamSchema();
    const dataDir = tempDir();
    const seed = createBarwise({ dataDir, threads: 1, env: {}, sync: { background: false } });
    addRuns(seed.db, 3);
    await seed.close();
    const env = { BARWISE_PG_URL: teamUrl(schema) };
    const args = (...words: string[]) => [...words, '--data-dir', dataDir];

    const before = await cli(args('sync', 'status', '--json'), env);
    expect(before.code).toBe(0);
    expect(JSON.parse(before.stdout)).toMatchObject({ state: 'online', source: 'environment', outboxDepth: 3, lastPushAt: null });

    const now = await cli(args('sync', 'now'), env);
    expect(now).toMatchObject({ code: 0, stderr: '' });
    expect(now.stdout).toBe('sent 3 and received 0 record(s); 0 change(s) waiting\n');
    expect(await adminQuery(`SELECT count(*)::int AS n FROM ${schema}.runs`)).toEqual([{ n: 3 }]);

    const paused = await cli(args('sync', 'pause', '--json'), env);
    expect(JSON.parse(paused.stdout)).toMatchObject({ state: 'paused', paused: true });
    expect(JSON.parse((await cli(args('sync', 'status', '--json'), env)).stdout)).toMatchObject({ state: 'paused' });
    expect((await cli(args('sync', 'resume'), env)).stdout).toBe('team sync resumed; 0 change(s) waiting\n');

    const proxy = await startFaultProxy(teamUrl(schema));
    await proxy.down();
    const downEnv = { BARWISE_PG_URL: proxy.url };
    const status = await cli(args('sync', 'status'), downEnv);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^state {8}offline$/m);
    expect(status.stdout).toMatch(/^last error {3}TEAM_UNREACHABLE: Nothing accepts connections at 127\.0\.0\.1:\d+/m);
    const failed = await cli(args('sync', 'now'), downEnv);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^barwise: TEAM_UNREACHABLE: Nothing accepts connections at 127\.0\.0\.1:\d+: is PostgreSQL running there, and on that port\?\n$/);
    await proxy.close();

    const unconfigured = await cli(args('sync', 'now'), {});
    expect(unconfigured).toMatchObject({ code: 1, stderr: 'barwise: TEAM_NOT_CONFIGURED: No team server is configured (Settings › Team, or BARWISE_PG_URL)\n' });
  });
});
