import { datasetsSpec, type DatasetSummary } from '../../../src-shared/api/datasets';
import { shortIds } from '../../../src-shared/short-ids';
import { checkInput } from '../check-input';
import type { Command, CommandContext } from '../command';
import { resolveDatasetId } from '../ids';

const day = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

function table(ctx: CommandContext, rows: readonly DatasetSummary[]): void {
  if (rows.length === 0) {
    ctx.print('no datasets yet (barwise import FILE, or barwise import --sample)');
    return;
  }
  const ids = shortIds(rows.map((d) => d.id));
  const lines = rows.map((d, i) => [
    ids[i], d.symbol, d.timeframe, d.barCount.toLocaleString('en-US'), `${day(d.firstTime)} → ${day(d.lastTime)}`,
    d.synthetic ? `${d.name} [synthetic]` : d.name,
  ]);
  const head = ['ID', 'SYMBOL', 'TF', 'BARS', 'RANGE (UTC)', 'NAME'];
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  for (const l of [head, ...lines]) ctx.print(l.map((c, i) => (i === 3 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd());
}

export const datasetsCommand: Command = {
  name: 'datasets',
  summary: 'List the datasets',
  usage: 'barwise datasets [--json]',
  async run(ctx) {
    const rows = await ctx.barwise().client.datasets.list({});
    table(ctx, rows);
    return rows;
  },
};

export const datasetShowCommand: Command = {
  name: 'dataset show',
  summary: 'A dataset with its import report',
  usage: 'barwise dataset show ID [--json]',
  positionals: 1,
  async run(ctx) {
    const d = await ctx.barwise().client.datasets.get({ id: await resolveDatasetId(ctx, ctx.positionals[0]) });
    const r = d.report;
    ctx.print(`${d.name}${d.synthetic ? '  [synthetic]' : ''}`);
    ctx.print(`id            ${d.id}`);
    ctx.print(`symbol        ${d.symbol}`);
    ctx.print(`timeframe     ${d.timeframe}${r.timeframe.detected ? ' (detected)' : ''}`);
    ctx.print(`range (UTC)   ${day(d.firstTime)} → ${day(d.lastTime)}`);
    ctx.print(`bars          ${d.barCount.toLocaleString('en-US')} in ${d.chunkCount} chunk(s), ${(d.storedBytes / 1e6).toFixed(1)} MB`);
    ctx.print(`gaps          ${d.gapCount} (${d.missingBars} missing bars)`);
    for (const g of r.gaps.largest.slice(0, 5)) ctx.print(`                ${day(g.from)} → ${day(g.to)}: ${g.missingBars} missing`);
    ctx.print(`source        ${d.sourceFile} (${r.sourceBytes.toLocaleString('en-US')} bytes, ${r.format.timeFormat}, tz ${r.tz})`);
    ctx.print(`rows          ${r.rowsRead.toLocaleString('en-US')} read, ${r.badRows.count} bad, ${r.identicalDuplicatesDropped} identical duplicates dropped, ${r.conflictingDuplicates.count} conflicting times`);
    for (const b of r.badRows.listed.slice(0, 10)) ctx.print(`                line ${b.line}: ${b.reason}`);
    if (r.reordered !== 'none') ctx.print(`order         ${r.reordered} on import`);
    ctx.print(`content hash  ${d.contentHash}`);
    return d;
  },
};

export const datasetRemoveCommand: Command = {
  name: 'dataset rm',
  summary: 'Delete a dataset and its stored bars (runs keep their provenance)',
  usage: 'barwise dataset rm ID [--json]',
  positionals: 1,
  async run(ctx) {
    const id = await resolveDatasetId(ctx, ctx.positionals[0]);
    await ctx.barwise().client.datasets.remove({ id });
    ctx.print(`removed ${id}`);
    return { id, removed: true };
  },
};

export const datasetRenameCommand: Command = {
  name: 'dataset rename',
  summary: 'Rename a dataset',
  usage: 'barwise dataset rename ID NAME [--json]',
  positionals: Number.POSITIVE_INFINITY,
  async run(ctx) {
    const given = ctx.positionals.slice(1).join(' ');
    const { name } = checkInput(datasetsSpec.rename.input.pick({ name: true }), { name: given }, { name: { option: 'NAME', value: given } });
    const id = await resolveDatasetId(ctx, ctx.positionals[0]);
    const d = await ctx.barwise().client.datasets.rename({ id, name });
    ctx.print(`renamed ${id} to "${d.name}"`);
    return d;
  },
};
