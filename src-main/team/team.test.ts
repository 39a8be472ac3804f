import { describe, expect, it } from 'vitest';
import { parseConnectionString } from '../sync/connection';
import { TeamPool } from '../sync/pool';
import { migrateTeamSchema } from '../sync/schema/migrate';
import { teamBarwise, teamUrl, until } from '../sync/test-support/sync-fixtures';
import { adminQuery, realServer, teamSchema } from '../sync/test-support/team-server';
import { openQueue, queueName, queueSchema } from './queue';
import { importWalk, smaVariants, spawnWorker } from './test-support/team-fixtures';
import { tempDir } from '../test-support/temp-dir';

const pgJobs = (schema: string, batchId: string) =>
  adminQuery<{ state: string; retry_count: number; n: number }>(
    `SELECT state, retry_count, count(*)::int AS n FROM ${queueSchema(schema)}.job WHERE data->>'batchId' = $1 GROUP BY state, retry_count ORDER BY state, retry_count`,
    [batchId],
  );

describe('team compute', () => {
  it('gives each job to exactly one of many claimers asking at once', async () => {
    const schema = teamSchema();
    const claimers = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const pool = new TeamPool({ target: parseConnectionString(teamUrl(schema)), settings: { min: 1, max: 3 } });
        await pool.open();
        await migrateTeamSchema(pool);
        return { pool, boss: await openQueue(pool, ['backtest']) };
      }),
    );
    try {
      const name = queueName('backtest');
      await claimers[0].boss.insert(Array.from({ length: 600 }, (_, i) => ({ name, data: { i } })));
      const claimed: number[] = [];
      await Promise.all(
        claimers.map(async ({ boss }) => {
          for (;;) {
            const jobs = await boss.fetch<{ i: number }>(name, { batchSize: 7 });
            if (jobs.length === 0) return;
            claimed.push(...jobs.map((j) => j.data.i));
          }
        }),
      );
      expect(claimed).toHaveLength(600);
      expect(new Set(claimed).size).toBe(600);
      const [{ n }] = await adminQuery<{ n: number }>(`SELECT count(*)::int AS n FROM ${queueSchema(schema)}.job WHERE name = $1 AND state = 'active'`, [name]);
      expect(n).toBe(600);
    } finally {
      for (const { pool, boss } of claimers) {
        await boss.stop({ graceful: false, close: false, wait: true });
        await pool.close();
      }
    }
  });

  it(
    'runs 2,000 backtests from one desktop on two headless workers, each exactly once, also when a worker is killed mid-chunk',
    { timeout: 150_000 },
    async () => {
      const schema = teamSchema();
      const url = teamUrl(schema);
      const desktop = teamBarwise(schema, { sync: { queue: { leaseSeconds: 3, maintenanceSeconds: 1 }, batchPollMs: 200 } });
      const workerArgs = ['--threads', '1', '--chunk', '20', '--lease-seconds', '3', '--maintenance-seconds', '1', '--health-port', '0'];
      const doomed = spawnWorker(workerArgs, { BARWISE_PG_URL: url });
      const survivor = spawnWorker(workerArgs, { BARWISE_PG_URL: url });
      try {
        const datasetId = await importWalk(desktop);
        await Promise.all([doomed.ready, survivor.ready]);
        const job = await desktop.client.team.runBacktests({ requests: smaVariants(datasetId, 2_000) });
        const batchId = await (async () => {
          await until('the batch to be sent', async () => (await adminQuery(`SELECT 1 FROM ${schema}.batches`)).length === 1);
          return (await adminQuery<{ id: string }>(`SELECT id FROM ${schema}.batches`))[0].id;
        })();
        const byWorker = async (pid: number) =>
          (await adminQuery<{ n: number }>(`SELECT count(*)::int AS n FROM ${schema}.results WHERE batch_id = $1 AND worker LIKE $2`, [batchId, `%:${pid}`]))[0].n;

        // Kill one worker once it has finished some chunks and holds another it has not finished.
        await until('the doomed worker to finish a few chunks', async () => (await byWorker(doomed.pid)) >= 60, 60_000);
        doomed.child.kill('SIGKILL');
        await doomed.exited;
        const doneByDoomed = await byWorker(doomed.pid);
        const claimedAtKill = (await pgJobs(schema, batchId)).filter((r) => r.state === 'active').reduce((sum, r) => sum + r.n, 0);
        expect(claimedAtKill).toBeGreaterThan(0);

        await until('the desktop’s job to finish', async () => (await desktop.client.jobs.get({ id: job.id })).status !== 'running' && (await desktop.client.jobs.get({ id: job.id })).status !== 'queued', 120_000);
        const finished = await desktop.client.jobs.get({ id: job.id });
        expect(finished.status).toBe('completed');
        expect(finished.resultRef).toBe(batchId);

        // Every variant has exactly one result, all completed, and the desktop stored one run each.
        const results = await adminQuery<{ seq: number; status: string }>(`SELECT seq, status FROM ${schema}.results WHERE batch_id = $1 ORDER BY seq`, [batchId]);
        expect(results.map((r) => r.seq)).toEqual(Array.from({ length: 2_000 }, (_, i) => i));
        expect(results.every((r) => r.status === 'completed')).toBe(true);
        expect(await desktop.client.team.batchStatus({ batchId })).toEqual({ batchId, total: 2_000, pending: 0, claimed: 0, completed: 2_000, failed: 0 });
        const runs = await desktop.client.runs.list({ limit: 500, search: 'variant' });
        expect(runs.total).toBe(2_000);
        const names = new Set<string>();
        for (let offset = 0; offset < 2_000; offset += 500) {
          for (const run of (await desktop.client.runs.list({ limit: 500, offset, search: 'variant' })).runs) names.add(run.name);
        }
        expect(names.size).toBe(2_000);
        // A stored run is the variant it names.
        const sample = (await desktop.client.runs.list({ search: 'variant 1234' })).runs[0];
        expect(sample.params).toEqual(smaVariants(datasetId, 2_000)[1234].config.strategy.params);

        // The killed worker's unfinished chunk went back to the queue (its lease lapsed) and was run again.
        const states = await pgJobs(schema, batchId);
        expect(states.every((r) => r.state === 'completed')).toBe(true);
        expect(states.filter((r) => r.retry_count > 0).reduce((sum, r) => sum + r.n, 0)).toBeGreaterThan(0);
        expect(await byWorker(doomed.pid)).toBe(doneByDoomed);
        expect(await byWorker(survivor.pid)).toBe(2_000 - doneByDoomed);
        if (!realServer()) console.log(`team compute test ran on PGlite: ${doneByDoomed} by the killed worker`);
      } finally {
        doomed.child.kill('SIGKILL');
        survivor.child.kill('SIGTERM');
        await survivor.exited;
        await desktop.close();
      }
    },
  );

  it('stops following a batch when the app shuts down (the job is INTERRUPTED), and leaves the batch queued for the workers', async () => {
    const schema = teamSchema();
    const dataDir = tempDir('barwise-team-');
    const desktop = teamBarwise(schema, { dataDir, sync: { batchPollMs: 50 } });
    const datasetId = await importWalk(desktop);
    const job = await desktop.client.team.runBacktests({ requests: smaVariants(datasetId, 3) });
    await until('the batch to be sent', async () => (await adminQuery(`SELECT 1 FROM ${schema}.batches`)).length === 1);
    const started = Date.now();
    await desktop.close();
    expect(Date.now() - started).toBeLessThan(5_000);
    const reopened = teamBarwise(schema, { dataDir });
    try {
      expect(await reopened.client.jobs.get({ id: job.id })).toMatchObject({ status: 'failed', error: { code: 'INTERRUPTED' } });
      const [{ id: batchId }] = await adminQuery<{ id: string }>(`SELECT id FROM ${schema}.batches`);
      expect(await reopened.client.team.batchStatus({ batchId })).toEqual({ batchId, total: 3, pending: 3, claimed: 0, completed: 0, failed: 0 });
    } finally {
      await reopened.close();
    }
  });
});
