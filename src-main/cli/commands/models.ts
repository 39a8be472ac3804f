import { KEY_METRICS, MAX_MODELS_LISTED, modelsSpec, type Lineage, type LineageNode } from '../../../src-shared/api/models';
import { shortIds } from '../../../src-shared/short-ids';
import { checkInput } from '../check-input';
import { twoColumns, type Command, type CommandContext } from '../command';
import { resolveDatasetId } from '../ids';
import { parseWholeNumber } from '../parse-values';
import { formatMetric, metricsLine, resolveModelId } from './model-ids';

const day = (ms: number | null) => (ms === null ? '—' : new Date(ms).toISOString().slice(0, 16).replace('T', ' '));

export const featuresCommand: Command = {
  name: 'features',
  summary: 'The feature catalog models train on, and the algorithms with their hyperparameters',
  usage: 'barwise features [--json]',
  async run(ctx) {
    const catalog = await ctx.barwise().client.models.features({});
    ctx.print('FEATURES (--features takes short names: kind:param:…[@timeframe])');
    for (const f of catalog.features) {
      const name = [f.kind, ...f.params.map((p) => String(p.default))].join(':');
      const params = f.params.map((p) => `${p.name}=${p.default} (${p.min}–${p.max})`).join(', ');
      ctx.print(`  ${name.padEnd(14)}  ${f.label}${params ? ` — ${params}` : ''}${f.higherTimeframe ? '' : ' — no @timeframe'}`);
    }
    ctx.print('');
    ctx.print('ALGORITHMS (--algo, and --param k=v for each hyperparameter)');
    for (const algorithm of catalog.algorithms) {
      ctx.print(`  ${algorithm}`);
      const specs = Object.entries(catalog.hyperparameters[algorithm]);
      for (const line of twoColumns(specs.map(([name, s]) => [`  ${name}=${s.default}`, `${s.description} (${s.min}–${s.max})`]))) ctx.print(line);
    }
    ctx.print('');
    ctx.print(`trainer version ${catalog.trainerVersion}`);
    return catalog;
  },
};

export const modelsCommand: Command = {
  name: 'models',
  summary: 'List the models with their status and test metrics',
  usage: 'barwise models [--status S] [--algo A] [--dataset ID] [--search TEXT] [--sort KEY] [--asc] [--limit N] [--json]',
  optionHelp: [
    ['--status S', 'queued, preprocessing, training, evaluating, completed, failed or cancelled'],
    ['--algo A', 'gbdt, forest or logit'],
    ['--dataset ID', "only this dataset's models"],
    ['--search TEXT', 'part of the name'],
    ['--sort KEY', `createdAt, name, status, algorithm or a test metric (${KEY_METRICS.join(', ')}); default createdAt`],
    ['--asc', 'lowest (or oldest) first'],
    ['--limit N', `at most N models (default 50, at most ${MAX_MODELS_LISTED})`],
  ],
  options: {
    status: { type: 'string' },
    algo: { type: 'string' },
    dataset: { type: 'string' },
    search: { type: 'string' },
    sort: { type: 'string', default: 'createdAt' },
    asc: { type: 'boolean', default: false },
    limit: { type: 'string', default: '50' },
  },
  async run(ctx) {
    const v = ctx.values as Record<string, string | boolean | undefined>;
    const typed = (option: string) => ({ option: `--${option}`, value: v[option] });
    const filter = checkInput(
      modelsSpec.list.input,
      { status: v.status, algorithm: v.algo, search: v.search, sort: v.sort, order: v.asc ? 'asc' : 'desc', limit: parseWholeNumber('limit', v.limit as string, 1, MAX_MODELS_LISTED) },
      { status: typed('status'), algorithm: typed('algo'), search: typed('search'), sort: typed('sort') },
    );
    const datasetId = typeof v.dataset === 'string' ? await resolveDatasetId(ctx, v.dataset) : undefined;
    const { models, total } = await ctx.barwise().client.models.list({ ...filter, datasetId });
    if (total === 0) {
      ctx.print('no models yet (barwise train --dataset ID --features rsi:14,atr:14 --target direction:12)');
      return { models, total };
    }
    ctx.print(`${models.length} of ${total} models`);
    const ids = shortIds(models.map((m) => m.id));
    const headline = (m: (typeof models)[number]) =>
      m.metrics === null ? '' : m.metrics.accuracy !== null ? `acc ${formatMetric('accuracy', m.metrics.accuracy)}  auc ${formatMetric('rocAuc', m.metrics.rocAuc)}` : `r2 ${formatMetric('r2', m.metrics.r2)}  dir ${formatMetric('directionalAccuracy', m.metrics.directionalAccuracy)}`;
    const rows = models.map((m, i) => [ids[i], m.status, m.algorithm, m.target, `${m.symbol} ${m.timeframe}`, headline(m), m.name]);
    const head = ['ID', 'STATUS', 'ALGO', 'TARGET', 'DATA', 'TEST', 'NAME'];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    for (const r of [head, ...rows]) ctx.print(r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd());
    return { models, total };
  },
};

function printTree(ctx: CommandContext, node: LineageNode, focus: string, prefix = '', last = true, root = true): void {
  const branch = root ? '' : last ? '└─ ' : '├─ ';
  const mark = node.model.id === focus ? '  ◀' : '';
  ctx.print(`  ${prefix}${branch}${node.model.name} [${node.model.status}] ${node.model.id.slice(0, 8)}${mark}`);
  const next = root ? '' : prefix + (last ? '   ' : '│  ');
  node.children.forEach((child, k) => printTree(ctx, child, focus, next, k === node.children.length - 1, false));
}

export const modelShowCommand: Command = {
  name: 'model show',
  summary: 'A model: its configuration, fingerprint, metrics and lineage',
  usage: 'barwise model show ID [--json]',
  positionals: 1,
  async run(ctx) {
    const client = ctx.barwise().client;
    const m = await client.models.get({ id: resolveModelId(ctx, ctx.positionals[0]) });
    const lineage: Lineage = await client.models.lineage({ id: m.id });
    ctx.print(m.name);
    const rows: [string, string][] = [
      ['id', m.id],
      ['status', m.status + (m.error ? ` — ${m.error.code}: ${m.error.message}` : '')],
      ['dataset', `${m.datasetName} (${m.symbol} ${m.timeframe})${m.datasetId === null ? ' [deleted]' : ''}`],
      ['algorithm', m.algorithm],
      ['target', m.target],
      ['features', m.config.features.length + ` (${m.featureCount} columns trained on${m.config.whitelist ? ', whitelisted' : ''})`],
      ['seed', String(m.config.seed)],
      ['origin', m.origin + (m.parent ? ` from ${m.parent.name}${m.parent.id === null ? ' [deleted]' : ''}` : '')],
      ['fingerprint', m.fingerprint],
      ['trainer', m.trainerVersion],
      ['created', `${day(m.createdAt)} UTC`],
      ['finished', `${day(m.finishedAt)} UTC`],
    ];
    if (m.report) {
      rows.push(['rows', `train ${m.report.rows.train}, validation ${m.report.rows.validation}, test ${m.report.rows.test}`]);
      rows.push(['iterations', String(m.report.iterations)]);
    }
    for (const line of twoColumns(rows)) ctx.print(line);
    if (m.status === 'completed') ctx.print(`  ${metricsLine(m)}`);
    ctx.print('lineage');
    if (lineage.deletedAncestor) ctx.print(`  (from ${lineage.deletedAncestor.name}, deleted)`);
    printTree(ctx, lineage.root, m.id);
    return { ...m, lineage };
  },
};

export const modelImportanceCommand: Command = {
  name: 'model importance',
  summary: "A model's feature importance, most important first",
  usage: 'barwise model importance ID [--by gain|permutation] [--json]',
  positionals: 1,
  optionHelp: [['--by K', 'gain from the trees (|coefficients| for logit; default), or permutation importance on the test set']],
  options: { by: { type: 'string', default: 'gain' } },
  async run(ctx) {
    const { by } = checkInput(modelsSpec.importance.input.pick({ by: true }), { by: ctx.values.by }, { by: { option: '--by', value: ctx.values.by } });
    const importance = await ctx.barwise().client.models.importance({ id: resolveModelId(ctx, ctx.positionals[0]), by });
    const width = Math.max(7, ...importance.map((f) => f.feature.length));
    ctx.print(`${'FEATURE'.padEnd(width)}  ${'GAIN'.padStart(8)}  ${'PERMUTATION'.padStart(11)}`);
    for (const f of importance) ctx.print(`${f.feature.padEnd(width)}  ${f.gain.toFixed(4).padStart(8)}  ${f.permutation.toFixed(4).padStart(11)}`);
    return importance;
  },
};

export const modelRemoveCommand: Command = {
  name: 'model rm',
  summary: 'Delete a model with its importance rows (cancelling its training if it is still training)',
  usage: 'barwise model rm ID [--json]',
  positionals: 1,
  async run(ctx) {
    const id = resolveModelId(ctx, ctx.positionals[0]);
    await ctx.barwise().client.models.delete({ id });
    ctx.print(`removed ${id}`);
    return { id, removed: true };
  },
};
