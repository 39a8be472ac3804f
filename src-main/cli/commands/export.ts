import { statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { runsSpec } from '../../../src-shared/api/runs';
import { BarwiseError } from '../../../src-shared/errors';
import { checkInput, shown } from '../check-input';
import type { Command } from '../command';
import { requireId } from '../ids';

const refuse = (message: string) => new BarwiseError('VALIDATION_FAILED', message);

/**
 * Where `--out` writes, checked before the export is made: a new or existing regular file in an
 * existing directory. Writing into a named pipe would wait for a reader forever.
 */
function outputFile(given: string): string {
  if (given.trim() === '') throw refuse('--out must name a file, not be empty');
  const out = resolve(given);
  const stats = (path: string) => {
    try {
      return statSync(path, { throwIfNoEntry: false });
    } catch {
      return undefined;
    }
  };
  const existing = stats(out);
  if (existing?.isDirectory()) throw refuse(`--out ${shown(given)}: is a directory; name a file in it`);
  if (existing && !existing.isFile()) throw refuse(`--out ${shown(given)}: is not a regular file`);
  if (!stats(dirname(out))?.isDirectory()) throw refuse(`--out ${shown(given)}: no directory ${dirname(out)} to write it in`);
  return out;
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'Export a run as CSV (trades or equity), JSON or a PDF report',
  usage: 'barwise export RUN_ID --format csv|json|pdf [--what trades|equity] --out FILE [--json]',
  positionals: 1,
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
    const v = ctx.values as Record<string, string | undefined>;
    if (!v.format || v.out === undefined) throw refuse('--format and --out are required (usage: barwise export RUN_ID --format csv|json|pdf --out FILE)');
    const id = requireId('run', ctx.positionals[0]);
    const input = checkInput(
      runsSpec.export.input,
      { id, format: v.format, what: v.what },
      { format: { option: '--format', value: v.format }, what: { option: '--what', value: v.what } },
    );
    const out = outputFile(v.out);
    const file = await ctx.barwise().client.runs.export(input);
    try {
      writeFileSync(out, file.bytes);
    } catch (error) {
      throw refuse(`--out ${shown(v.out)}: cannot write it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    ctx.print(`wrote ${out} (${file.bytes.byteLength} bytes)`);
    return { path: out, bytes: file.bytes.byteLength, mimeType: file.mimeType };
  },
};
