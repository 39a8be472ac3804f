import { importOptionsSchema, type ImportOutcome } from '../../../src-shared/api/datasets';
import { BarwiseError, toErrorValue, type ErrorCode } from '../../../src-shared/errors';
import { datasetText } from '../../../src-shared/format';
import { newId } from '../../store/ids';
import { checkInput, namingOptions, shown } from '../check-input';
import type { Command, CommandContext } from '../command';

const when = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

export function printOutcome(ctx: CommandContext, outcome: ImportOutcome): void {
  const { dataset: d, report: r } = outcome;
  const head = outcome.status === 'already-imported' ? 'already imported as' : 'imported';
  ctx.print(`${head} ${d.id}  ${datasetText(d.name, d.symbol, d.timeframe)}`);
  ctx.print(`  ${r.barsImported.toLocaleString('en-US')} bars  ${when(d.firstTime)} → ${when(d.lastTime)}  from ${r.rowsRead.toLocaleString('en-US')} rows in ${r.durationMs} ms`);
  ctx.print(`  format: ${r.format.timeFormat}, delimiter "${r.format.delimiter === '\t' ? 'tab' : r.format.delimiter}"${r.format.hasHeader ? '' : ', no header'}${r.format.decimalComma ? ', decimal comma' : ''}; tz ${r.tz}`);
  if (r.badRows.count) {
    ctx.print(`  ${r.badRows.count} bad row(s) skipped:`);
    for (const b of r.badRows.listed.slice(0, 5)) ctx.print(`    line ${b.line}: ${b.reason}`);
  }
  if (r.gaps.count) ctx.print(`  ${r.gaps.count} gap(s), ${r.gaps.missingBars} missing bar(s)`);
  for (const w of r.warnings) ctx.print(`  note: ${w}`);
  for (const u of r.unsure) ctx.print(`  unsure: ${u.message}`);
}

export const importCommand: Command = {
  name: 'import',
  summary: 'Import OHLCV CSV files (or --sample, a synthetic dataset) as datasets',
  usage:
    'barwise import FILE… [--symbol S] [--name N] [--timeframe TF] [--tz ZONE] [--date-order DMY|MDY] ' +
    '[--delimiter D] [--on-bad-rows auto|skip|abort] [--sample] [--json]',
  positionals: Number.POSITIVE_INFINITY,
  optionHelp: [
    ['--symbol S', "the market's symbol (default: the file's symbol column, else the ticker its name starts with)"],
    ['--name N', 'the dataset name (default: symbol and timeframe)'],
    ['--timeframe TF', 'the bar length (1m, 90m, 4h, 1d, …; default: detected from the times)'],
    ['--tz ZONE', 'the IANA time zone of times written without an offset (default UTC)'],
    ['--date-order O', 'DMY or MDY, for dates such as 03/04/2024 (default: detected where the file tells)'],
    ['--delimiter D', ', ; tab or | (default: detected)'],
    ['--on-bad-rows P', 'auto (default: import the valid rows when at most 1% are bad), skip (always) or abort (on the first)'],
    ['--sample', 'import the bundled synthetic BTC-USD hourly sample instead of a file'],
  ],
  options: {
    symbol: { type: 'string' },
    name: { type: 'string' },
    timeframe: { type: 'string' },
    tz: { type: 'string' },
    'date-order': { type: 'string' },
    delimiter: { type: 'string' },
    'on-bad-rows': { type: 'string' },
    sample: { type: 'boolean', default: false },
  },
  async run(ctx) {
    const files = [...ctx.positionals];
    const sample = ctx.values.sample === true;
    if (!sample && files.length === 0) {
      throw new BarwiseError('VALIDATION_FAILED', 'name at least one FILE to import (or --sample)');
    }
    const blank = files.find((f) => f.trim() === '');
    if (blank !== undefined) throw new BarwiseError('VALIDATION_FAILED', `FILE ${shown(blank)}: name a CSV file, not an empty path`);
    const str = (k: string) => (typeof ctx.values[k] === 'string' ? (ctx.values[k] as string) : undefined);
    // The schema's dateOrder is --date-order: each option named and quoted as typed.
    const typed = (option: string) => ({ option: `--${option}`, value: str(option) });
    const options = checkInput(
      importOptionsSchema,
      {
        symbol: str('symbol'),
        name: str('name'),
        timeframe: str('timeframe'),
        tz: str('tz'),
        dateOrder: str('date-order')?.toUpperCase(),
        delimiter: str('delimiter') === 'tab' ? '\t' : str('delimiter'),
        onBadRows: str('on-bad-rows'),
      },
      {
        symbol: typed('symbol'),
        name: typed('name'),
        timeframe: typed('timeframe'),
        tz: typed('tz'),
        dateOrder: typed('date-order'),
        delimiter: typed('delimiter'),
        onBadRows: typed('on-bad-rows'),
      },
    );
    const barwise = ctx.barwise();
    const outcomes: ImportOutcome[] = [];
    const failures: { path: string; code: ErrorCode; message: string }[] = [];
    let current: string | undefined;
    const unsubscribe = barwise.events.subscribe((event) => {
      if (event.topic === 'progress' && event.id === current) ctx.progress(event.fraction, event.message);
    });
    // Ctrl-C cancels the running import (nothing is stored) instead of killing the process mid-write.
    const onSigint = () => {
      if (current) void barwise.client.datasets.cancelImport({ importId: current });
    };
    process.on('SIGINT', onSigint);
    try {
      if (sample) {
        const outcome = await barwise.client.datasets.loadSample({});
        printOutcome(ctx, outcome);
        outcomes.push(outcome);
      }
      for (const path of files) {
        current = newId();
        try {
          const outcome = await barwise.client.datasets.importFile({ path, options, importId: current });
          printOutcome(ctx, outcome);
          outcomes.push(outcome);
        } catch (error) {
          // One bad file does not stop the others; each failure is named, and the exit code is 1.
          if (files.length === 1) throw namingOptions(error, { tz: '--tz' });
          const { code, message } = toErrorValue(namingOptions(error, { tz: '--tz' }));
          failures.push({ path, code, message });
          ctx.print(`failed ${path}: ${code}: ${message}`);
          if (code === 'CANCELLED') break;
        }
      }
    } finally {
      unsubscribe();
      process.off('SIGINT', onSigint);
    }
    if (failures.length) {
      throw new BarwiseError(
        failures[0].code,
        `${failures.length} of ${files.length} files failed: ${failures.map((f) => `${f.path}: ${f.message}`).join('; ')}`,
      );
    }
    return outcomes;
  },
};
