import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBarwise, type Barwise } from '../barwise';
import { tempDir } from '../test-support/temp-dir';

const open: Barwise[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((b) => b.close()));
});

function start() {
  const dir = tempDir();
  const barwise = createBarwise({ dataDir: join(dir, 'data'), threads: 1 });
  open.push(barwise);
  return { barwise, dir };
}

function csv(rows: number): string {
  const lines = ['time,open,high,low,close,volume'];
  for (let i = 0; i < rows; i++) lines.push(`${new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString()},10,11,9,10.5,1`);
  return lines.join('\n') + '\n';
}

describe('imports are jobs', () => {
  it('a finished import is a completed job whose result is the dataset', async () => {
    const { barwise, dir } = start();
    const path = join(dir, 'x.csv');
    writeFileSync(path, csv(500));
    const outcome = await barwise.client.datasets.importFile({ path, options: {} });
    const jobs = await barwise.client.jobs.list({});
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ kind: 'import', status: 'completed', resultRef: outcome.dataset.id, progress: 1 });
    expect(jobs[0].startedAt).not.toBeNull();
  });

  it('a failed import is a failed job with its error code, and stores nothing', async () => {
    const { barwise, dir } = start();
    const path = join(dir, 'bad.csv');
    writeFileSync(path, 'time,open,high,low,close\nnot a date,1,2,3,4\nnor this,1,2,3,4\n');
    await expect(barwise.client.datasets.importFile({ path, options: {} })).rejects.toMatchObject({ code: expect.stringMatching(/^CSV_/) });
    const [job] = await barwise.client.jobs.list({});
    expect(job.status).toBe('failed');
    expect(job.error?.code).toMatch(/^CSV_/);
    expect(barwise.db.prepare('SELECT count(*) AS n FROM datasets').get()).toEqual({ n: 0 });
  });

  it('cancelling a running import cancels its job and stores nothing', async () => {
    const { barwise, dir } = start();
    const path = join(dir, 'big.csv');
    writeFileSync(path, csv(200_000));
    const stop = barwise.events.subscribe((e) => {
      if (e.topic === 'progress' && e.id === 'imp-x') void barwise.client.datasets.cancelImport({ importId: 'imp-x' });
    });
    await expect(barwise.client.datasets.importFile({ path, options: {}, importId: 'imp-x' })).rejects.toMatchObject({ code: 'CANCELLED' });
    stop();
    const [job] = await barwise.client.jobs.list({});
    expect(job).toMatchObject({ kind: 'import', status: 'cancelled' });
    expect(barwise.db.prepare('SELECT count(*) AS n FROM dataset_chunks').get()).toEqual({ n: 0 });
  });
});
