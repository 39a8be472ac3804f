import { join } from 'node:path';
import { strategiesSpec, type StrategyEntry, type StrategyProblem } from '../../../src-shared/api/strategies';
import { BarwiseError, type ErrorCode } from '../../../src-shared/errors';
import { problemText } from '../../strategies/compile';
import { checkInput } from '../check-input';
import { ReportedFailure, type Command, type CommandContext } from '../command';
import { strategyArg } from '../strategy-arg';

/** `passed`, `FAILED: …`, `checking…` or `not checked` for a user strategy; nothing for a built-in. */
function lookAheadText(entry: StrategyEntry): string {
  if (entry.lookAhead) return entry.lookAhead.passed ? 'look-ahead check passed' : 'look-ahead check FAILED';
  if (entry.checking) return 'look-ahead check running';
  return entry.origin === 'user' && entry.runnable ? 'look-ahead not checked' : '';
}

const problemLine = (entry: StrategyEntry, problem: StrategyProblem) => problemText(entry.fileName, problem);

function printEntry(ctx: CommandContext, entry: StrategyEntry): void {
  const where = entry.origin === 'builtin' ? `built-in, v${entry.version}` : entry.fileName;
  const status = [where, entry.runnable ? '' : 'cannot run', lookAheadText(entry)].filter(Boolean).join('; ');
  ctx.print(`${entry.id}  (${status}) — ${entry.name}`);
  if (entry.description) ctx.print(`    ${entry.description}`);
  for (const p of entry.params) {
    const range = p.min !== undefined || p.max !== undefined ? ` [${p.min ?? ''}…${p.max ?? ''}]` : p.options ? ` {${p.options.join(', ')}}` : '';
    ctx.print(`    --param ${p.name}=${String(p.default)}  ${p.type}${range}  ${p.description}`.trimEnd());
  }
  for (const problem of entry.problems) ctx.print(`    problem: ${problemLine(entry, problem)}`);
  for (const finding of entry.lookAhead?.findings ?? []) ctx.print(`    look-ahead: ${problemLine(entry, finding)}`);
}

/** Waits for the look-ahead checks under way, showing how many are left on a terminal. */
async function settleChecks(ctx: CommandContext, entries: readonly StrategyEntry[]): Promise<boolean> {
  const pending = entries.filter((e) => e.checking).length;
  if (pending === 0) return false;
  ctx.progress(0, `checking ${pending} strateg${pending === 1 ? 'y' : 'ies'} for look-ahead`);
  await ctx.barwise().strategies.idle();
  ctx.progress(1, 'checked');
  return true;
}

export const strategiesCommand: Command = {
  name: 'strategies',
  summary: 'List the built-in and your own strategies, with their parameters, problems and look-ahead check',
  usage: 'barwise strategies [--json]',
  async run(ctx) {
    const { client } = ctx.barwise();
    let entries = await client.strategies.list({});
    // A file found changed since it was last checked is checked now (docs/strategies.md).
    if (await settleChecks(ctx, entries)) entries = await client.strategies.list({});
    for (const entry of entries) printEntry(ctx, entry);
    const users = entries.filter((e) => e.origin === 'user').length;
    ctx.print(`${entries.length - users} built-in, ${users} of yours in ${ctx.barwise().strategies.folder.dir}`);
    return entries;
  },
};

/** The first thing wrong with a strategy, as the error a failed check exits with. */
function failureOf(entry: StrategyEntry): { code: ErrorCode; message: string } | undefined {
  const problem = entry.problems[0];
  const more = (count: number) => (count > 1 ? ` (and ${count - 1} more)` : '');
  if (problem) {
    const code = problem.kind === 'compile' ? 'STRATEGY_COMPILE_FAILED' : 'STRATEGY_INVALID';
    return { code, message: problemLine(entry, problem) + more(entry.problems.length) };
  }
  const lookAhead = entry.lookAhead;
  if (lookAhead && !lookAhead.passed) {
    const finding = lookAhead.findings[0];
    const message = finding ? problemLine(entry, finding) + more(lookAhead.findings.length) : `${entry.fileName}: the look-ahead check failed`;
    return { code: 'LOOK_AHEAD', message };
  }
  return undefined;
}

export const strategyCheckCommand: Command = {
  name: 'strategy check',
  summary: 'Compile a strategy, describe it and run the look-ahead check; exit non-zero on a problem',
  usage: 'barwise strategy check ID_OR_FILE [--json]',
  positionals: 1,
  optionHelp: [['ID_OR_FILE', 'a strategy id, or a .ts or .js file anywhere (checked without being saved)']],
  async run(ctx) {
    const given = ctx.positionals[0];
    if (given === undefined) throw new BarwiseError('VALIDATION_FAILED', 'name the strategy to check: an ID or a .ts or .js FILE (usage: barwise strategy check ID_OR_FILE)');
    const barwise = ctx.barwise();
    const strategy = strategyArg('ID_OR_FILE', given, () => barwise.strategies.folder.dir);
    ctx.progress(0, `checking ${given}`);
    const entry =
      strategy.kind === 'id'
        ? await barwise.client.strategies.check({ id: strategy.id })
        : await barwise.strategies.checkText({ id: strategy.id, fileName: strategy.fileName, text: strategy.text });
    ctx.progress(1, 'checked');
    printEntry(ctx, entry);
    const failure = failureOf(entry);
    if (failure) throw new ReportedFailure(failure.code, failure.message, entry);
    ctx.print(entry.lookAhead ? `${entry.fileName}: no problems; the look-ahead check passed` : `${entry.fileName}: no problems`);
    return entry;
  },
};

const idOf = (ctx: CommandContext, index: number, option: string): string => {
  const given = ctx.positionals[index] ?? '';
  return checkInput(strategiesSpec.delete.input, { id: given }, { id: { option, value: given } }).id;
};

export const strategyNewCommand: Command = {
  name: 'strategy new',
  summary: 'Create a strategy file from a template, or as a copy of another strategy',
  usage: 'barwise strategy new ID [--template T | --from STRATEGY] [--json]',
  positionals: 1,
  optionHelp: [
    ['ID', 'the new strategy\'s id, and its file\'s name: lower-case letters, digits and dashes'],
    ['--template T', 'blank (default), crossover or rsi-sl-tp'],
    ['--from STRATEGY', 'copy a strategy instead (a built-in\'s id too)'],
  ],
  options: { template: { type: 'string' }, from: { type: 'string' } },
  async run(ctx) {
    const id = idOf(ctx, 0, 'ID');
    const template = ctx.values.template as string | undefined;
    const from = ctx.values.from as string | undefined;
    if (template !== undefined && from !== undefined) throw new BarwiseError('VALIDATION_FAILED', '--template and --from: give one of them, not both');
    const input = checkInput(
      strategiesSpec.create.input,
      { id, template, from },
      { template: { option: '--template', value: template }, from: { option: '--from', value: from } },
    );
    const barwise = ctx.barwise();
    const file = await barwise.client.strategies.create(input);
    const path = join(barwise.strategies.folder.dir, `${file.entry.id}.ts`);
    ctx.print(`created ${path} (${from ? `a copy of ${from}` : `from the ${template ?? 'blank'} template`})`);
    return { ...file.entry, path };
  },
};

export const strategyRemoveCommand: Command = {
  name: 'strategy rm',
  summary: 'Delete a strategy file (its runs keep their results and the source they ran)',
  usage: 'barwise strategy rm ID [--json]',
  positionals: 1,
  async run(ctx) {
    const id = idOf(ctx, 0, 'ID');
    await ctx.barwise().client.strategies.delete({ id });
    ctx.print(`removed ${id}`);
    return { id, removed: true };
  },
};

export const strategyRenameCommand: Command = {
  name: 'strategy rename',
  summary: 'Rename a strategy file (its runs keep the id they ran under)',
  usage: 'barwise strategy rename ID NEW_ID [--json]',
  positionals: 2,
  async run(ctx) {
    const id = idOf(ctx, 0, 'ID');
    const to = idOf(ctx, 1, 'NEW_ID');
    const entry = await ctx.barwise().client.strategies.rename({ id, to });
    ctx.print(`renamed ${id} to ${entry.id} (${entry.fileName})`);
    return entry;
  },
};

export const strategyShowCommand: Command = {
  name: 'strategy show',
  summary: "Print a strategy's source (a built-in's too)",
  usage: 'barwise strategy show ID [--json]',
  positionals: 1,
  async run(ctx) {
    const given = ctx.positionals[0] ?? '';
    const { id } = checkInput(strategiesSpec.get.input, { id: given }, { id: { option: 'ID', value: given } });
    const file = await ctx.barwise().client.strategies.get({ id });
    ctx.print(file.code.replace(/\n$/, ''));
    return file;
  },
};
