import { jobsSpec, MAX_JOBS_LISTED } from '../../../src-shared/api/jobs';
import { checkInput } from '../check-input';
import type { Command } from '../command';
import { requireId } from '../ids';
import { parseWholeNumber } from '../parse-values';

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
    const input = checkInput(
      jobsSpec.list.input,
      { status: v.status, limit: parseWholeNumber('limit', v.limit, 1, MAX_JOBS_LISTED) },
      { status: { option: '--status', value: v.status } },
    );
    const jobs = await ctx.barwise().client.jobs.list(input);
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
  positionals: 1,
  async run(ctx) {
    const id = requireId('job', ctx.positionals[0]);
    const job = await ctx.barwise().client.jobs.cancel({ id });
    ctx.print(`job ${job.id} is ${job.status}`);
    return job;
  },
};
