import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import type { VariantRow } from '../../src-shared/api/optimizations';
import { createBarwise, type Barwise } from '../barwise';
import { tempDir } from '../test-support/temp-dir';
import { chunkSizeFor } from './search-run';

// A real child process runs a sweep and is killed (SIGKILL) mid-sweep; this process then opens the
// same data dir as the app does (resumeOptimizations) and must finish the sweep without running a
// stored variant again, ending with the table an uninterrupted run gives.

const ROOT = join(import.meta.dirname, '..', '..');
const SCRIPT = join(import.meta.dirname, 'fixtures', 'sweep-process.ts');
const SEARCH = {
  space: { fast: { kind: 'range', min: 2, max: 40, step: 2 }, slow: { kind: 'range', min: 10, max: 200, step: 10 } },
  method: { method: 'grid' },
};

const open: Barwise[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((b) => b.close()));
});

interface Stored {
  readonly id: string;
  readonly variantsDone: number;
  readonly variantsTotal: number;
  readonly pid: number;
}

function sweepUntilStored(dataDir: string): Promise<Stored> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, dataDir, JSON.stringify(SEARCH)], { cwd: ROOT, stdio: 'pipe' });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.startsWith('{"stored"')) return;
      // Killed at once: the sweep is in the middle of its next chunks.
      child.kill('SIGKILL');
      child.once('exit', () => resolve((JSON.parse(line) as { stored: Stored }).stored));
    });
    child.once('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`sweep process exited (${code ?? signal}) before storing a chunk:\n${stderr}`));
    });
  });
}

const rows = async (barwise: Barwise, id: string): Promise<VariantRow[]> => [
  ...(await barwise.client.optimizations.results({ id, sort: 'index', order: 'asc', limit: 5000 })).rows,
];

// Sweeps on a real pool: slow on a loaded machine, hence the long timeout.
describe('an optimization interrupted by a crash', { timeout: 180_000 }, () => {
  it('resumes when Barwise starts again, runs only the variants it lacks, and ends with the uninterrupted table', async () => {
    const dataDir = join(tempDir(), 'data');
    const stored = await sweepUntilStored(dataDir);
    expect(stored.variantsDone).toBeLessThan(stored.variantsTotal);

    const threads = 2;
    const barwise = createBarwise({ dataDir, threads, resumeOptimizations: true });
    open.push(barwise);
    // The killed process's job was failed INTERRUPTED; the optimization was left running, and a new job resumes it.
    const resumed = await barwise.client.optimizations.get({ id: stored.id });
    const kept = barwise.db.prepare('SELECT count(*) FROM optimization_variants WHERE optimization_id = ?').pluck().get(stored.id) as number;
    expect(kept).toBeGreaterThanOrEqual(stored.variantsDone);
    expect(kept).toBeLessThan(stored.variantsTotal);
    expect(resumed.variantsDone).toBe(kept);
    const jobs = await barwise.client.jobs.list({});
    const first = jobs.find((j) => j.kind === 'optimization' && j.status === 'failed')!;
    expect(first.error?.code).toBe('INTERRUPTED');
    expect(resumed.jobId).not.toBe(first.id);
    const done = await barwise.jobs.wait(resumed.jobId!);
    expect(done.status).toBe('completed');

    // The plan, then only the chunks of the variants it lacked: nothing stored was run again.
    const chunkSize = chunkSizeFor(stored.variantsTotal, threads);
    expect(barwise.pool.metrics().completed).toBe(1 + Math.ceil((stored.variantsTotal - kept) / chunkSize));

    const finished = await barwise.client.optimizations.get({ id: stored.id });
    expect(finished).toMatchObject({ status: 'completed', variantsDone: stored.variantsTotal, error: null });
    const { dataset } = (await barwise.client.datasets.list({})).map((d) => ({ dataset: d }))[0];
    const reference = await barwise.client.optimizations.create({ kind: 'search', datasetId: dataset.id, config: { strategy: { id: 'sma-cross', params: {} } }, search: SEARCH as never });
    expect((await barwise.jobs.wait(reference.job.id)).status).toBe('completed');
    expect(await rows(barwise, stored.id)).toEqual(await rows(barwise, reference.optimization.id));
    expect(finished.best).toEqual((await barwise.client.optimizations.get({ id: reference.optimization.id })).best);
    expect(finished.summary).toEqual((await barwise.client.optimizations.get({ id: reference.optimization.id })).summary);
  });

  it('resumes after a quit in the middle of a sweep, and a CLI-style start leaves it alone', async () => {
    const dataDir = join(tempDir(), 'data');
    const first = createBarwise({ dataDir, threads: 1 });
    const { dataset } = await first.client.datasets.loadSample({});
    const { optimization } = await first.client.optimizations.create({ kind: 'search', datasetId: dataset.id, config: { strategy: { id: 'sma-cross', params: {} } }, search: SEARCH as never });
    await new Promise<void>((resolve) => {
      const stop = first.events.subscribe((e) => {
        if (e.topic === 'optimization' && e.id === optimization.id && e.variantsDone > 0) {
          stop();
          resolve();
        }
      });
    });
    await first.close();

    const cli = createBarwise({ dataDir, threads: 1 });
    const left = await cli.client.optimizations.get({ id: optimization.id });
    expect(left.status).toBe('running');
    expect(left.variantsDone).toBeLessThan(left.variantsTotal);
    expect((await cli.client.jobs.get({ id: left.jobId! })).error?.code).toBe('INTERRUPTED');
    await cli.close();

    const app = createBarwise({ dataDir, threads: 2, resumeOptimizations: true });
    open.push(app);
    const resumed = await app.client.optimizations.get({ id: optimization.id });
    expect(resumed.jobId).not.toBe(left.jobId);
    expect((await app.jobs.wait(resumed.jobId!)).status).toBe('completed');
    expect(await app.client.optimizations.get({ id: optimization.id })).toMatchObject({ status: 'completed', variantsDone: left.variantsTotal });
  });
});
