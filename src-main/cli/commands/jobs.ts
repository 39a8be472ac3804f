import { JOB_STATUSES, type JobStatus } from '../../../src-shared/api/jobs';
import { BarwiseError } from '../../../src-shared/errors';
import type { Command } from '../command';

export const jobsCommand: Command = {
  name: 'jobs',
  summary: 'List jobs (imports, backtests) with their status and progress',
  usage: 'barwise jobs [--status queued|running|completed|failed|cancelled] [--limit N] [--json]',
  optionHelp: [
    ['--status S', 'only jobs in this state: queued, running, completed, failed or cancelled'],
    ['--limit N', 'at most N jobs, newest first (default 50)'],
  ],
  options: { status: { type: 'string' }, limit: { type: 'string', default: '50' } },
  async run(ctx) {
    const v = ctx.values as Record<string, string | undefined>;
    if (v.status !== undefined && !(JOB_STATUSES as readonly string[]).includes(v.status)) {
      throw new BarwiseError('VALIDATION_FAILED', `--status must be one of ${JOB_STATUSES.join(', ')}, got "${v.status}"`);
    }
    const limit = Number(v.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new BarwiseError('VALIDATION_FAILED', `--limit must be a whole number ≥ 1, got "${v.limit}"`);
    const jobs = await ctx.barwise().client.jobs.list({ status: v.status as JobStatus | undefined, limit });
    for (const job of jobs) {
      const pct = `${Math.round(job.progress * 100)}%`.padStart(4);
      const error = job.error ? `  ${job.error.code}: ${job.error.message}` : '';
      ctx.print(`${job.id}  ${job.kind.padEnd(9)} ${job.status.padEnd(9)} ${pct}  ${new Date(job.createdAt).toISOString()}${error}`);
    }
    if (jobs.length === 0) ctx.print('no jobs');
    return jobs;
  },
};

export const jobCancelCommand: Command = {
  name: 'job cancel',
  summary: 'Cancel a queued or running job',
  usage: 'barwise job cancel ID [--json]',
  async run(ctx) {
    const id = ctx.positionals[0];
    if (!id) throw new BarwiseError('VALIDATION_FAILED', 'usage: barwise job cancel ID');
    const job = await ctx.barwise().client.jobs.cancel({ id });
    ctx.print(`job ${job.id} is ${job.status}`);
    return job;
  },
};
