import { BarwiseError } from '../../../src-shared/errors';
import type { Command } from '../command';
import { resolveDatasetId } from '../dataset-id';

export const runsCommand: Command = {
  name: 'runs',
  summary: 'List stored backtest runs, best first by any statistic',
  usage: 'barwise runs [--sort STAT] [--asc] [--limit N] [--strategy ID] [--dataset ID] [--tag TAG] [--json]',
  optionHelp: [
    ['--sort STAT', 'a statistic by its --json key (returnPct, sharpe, sqn, maxDrawdownPct, …), or createdAt or name (default: createdAt)'],
    ['--asc', 'lowest first (default: highest, or newest, first)'],
    ['--limit N', 'at most N runs (default 20)'],
    ['--strategy ID', "only this strategy's runs"],
    ['--dataset ID', "only this dataset's runs (its id, or the prefix `barwise datasets` shows)"],
    ['--tag TAG', 'only runs with this tag'],
  ],
  options: {
    sort: { type: 'string', default: 'createdAt' },
    asc: { type: 'boolean', default: false },
    limit: { type: 'string', default: '20' },
    strategy: { type: 'string' },
    dataset: { type: 'string' },
    tag: { type: 'string' },
  },
  async run(ctx) {
    const v = ctx.values as Record<string, string | boolean | undefined>;
    const limit = Number(v.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new BarwiseError('VALIDATION_FAILED', `--limit must be a whole number ≥ 1, got "${v.limit}"`);
    const { runs, total } = await ctx.barwise().client.runs.list({
      sort: v.sort as string,
      order: v.asc ? 'asc' : 'desc',
      limit,
      strategyId: v.strategy as string | undefined,
      datasetId: v.dataset === undefined ? undefined : await resolveDatasetId(ctx, v.dataset as string),
      tag: v.tag as string | undefined,
    } as never);
    const fmt = (n: number | null | undefined, digits = 2) => (n === null || n === undefined ? '—' : n.toFixed(digits));
    ctx.print(`${runs.length} of ${total} runs`);
    for (const r of runs) {
      ctx.print(
        `${r.id}  ${r.name.slice(0, 48).padEnd(48)} return ${fmt(r.stats.returnPct).padStart(9)}%  sharpe ${fmt(r.stats.sharpe).padStart(6)}  sqn ${fmt(r.stats.sqn).padStart(6)}  trades ${r.stats.numTrades}`,
      );
    }
    return { runs, total };
  },
};
