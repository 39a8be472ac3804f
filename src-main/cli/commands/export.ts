import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { BarwiseError } from '../../../src-shared/errors';
import type { Command } from '../command';

export const exportCommand: Command = {
  name: 'export',
  summary: 'Export a run as CSV (trades or equity), JSON or a PDF report',
  usage: 'barwise export RUN_ID --format csv|json|pdf [--what trades|equity] --out FILE [--json]',
  optionHelp: [
    ['RUN_ID', 'the run, as `barwise runs` lists it'],
    ['--format F', 'csv, json (the whole result) or pdf (the report)'],
    ['--what W', 'for csv: trades (default) or equity (equity and drawdown per bar)'],
    ['--out FILE', 'where to write it'],
  ],
  options: {
    format: { type: 'string' },
    what: { type: 'string', default: 'trades' },
    out: { type: 'string' },
  },
  async run(ctx) {
    const id = ctx.positionals[0];
    const v = ctx.values as Record<string, string | undefined>;
    if (!id || !v.format || !v.out) throw new BarwiseError('VALIDATION_FAILED', 'usage: barwise export RUN_ID --format csv|json|pdf --out FILE');
    const file = await ctx.barwise().client.runs.export({ id, format: v.format, what: v.what } as never);
    const out = resolve(v.out);
    writeFileSync(out, file.bytes);
    ctx.print(`wrote ${out} (${file.bytes.byteLength} bytes)`);
    return { path: out, bytes: file.bytes.byteLength, mimeType: file.mimeType };
  },
};
