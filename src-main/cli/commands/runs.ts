import { STAT_DEFINITIONS } from '../../../src-shared/backtest';
import { MAX_RUNS_LISTED, runsSpec } from '../../../src-shared/api/runs';
import { statText } from '../../../src-shared/format';
import { checkInput } from '../check-input';
import type { Command } from '../command';
import { resolveDatasetId } from '../ids';
import { parseWholeNumber } from '../parse-values';

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
    const typed = (option: string) => ({ option: `--${option}`, value: v[option] });
    const filter = checkInput(
      runsSpec.list.input,
      {
        sort: v.sort,
        order: v.asc ? 'asc' : 'desc',
        limit: parseWholeNumber('limit', v.limit as string, 1, MAX_RUNS_LISTED),
        strategyId: v.strategy,
        tag: v.tag,
      },
      { sort: typed('sort'), limit: typed('limit'), strategyId: typed('strategy'), tag: typed('tag') },
    );
    const datasetId = v.dataset === undefined ? undefined : await resolveDatasetId(ctx, v.dataset as string);
    const { runs, total } = await ctx.barwise().client.runs.list({ ...filter, datasetId });
    // The headline figures, and the statistic sorted by when it is not one of them.
    const shown = ['returnPct', 'sharpe', 'sqn', 'numTrades'];
    const sorted = STAT_DEFINITIONS.find((d) => d.key === v.sort && !shown.includes(d.key));
    const columns = [...STAT_DEFINITIONS.filter((d) => shown.includes(d.key)), ...(sorted ? [sorted] : [])];
    ctx.print(`${runs.length} of ${total} runs`);
    for (const r of runs) {
      const figures = columns.map((d) => `${d.label.toLowerCase()} ${statText(d.unit, r.stats[d.key]).padStart(d.unit === 'count' ? 6 : 9)}`);
      // The name last and whole: the settings that set a run apart come at its end.
      ctx.print(`${r.id}  ${figures.join('  ')}  ${r.name}`);
    }
    return { runs, total };
  },
};
