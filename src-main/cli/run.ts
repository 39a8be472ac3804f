import { parseArgs } from 'node:util';
import { MAX_THREADS } from '../../src-shared/api/settings';
import { toErrorValue } from '../../src-shared/errors';
import { createBarwise, type Barwise } from '../barwise';
import { defaultDataDir, makeDataDir } from '../paths';
import { COMMON_OPTIONS, ReportedFailure, twoColumns, type Command, type CommandContext, type OptionSpec } from './command';
import { parseWholeNumber } from './parse-values';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly isTty: boolean;
  readonly env: NodeJS.ProcessEnv;
}

function findCommand(commands: readonly Command[], args: readonly string[]): [Command, string[]] | undefined {
  const two = args.slice(0, 2).join(' ');
  const byTwo = commands.find((c) => c.name === two);
  if (byTwo) return [byTwo, args.slice(2)];
  const byOne = commands.find((c) => c.name === args[0]);
  return byOne ? [byOne, args.slice(1)] : undefined;
}

/**
 * The common options written before the command (`barwise --data-dir D --json runs`, as git and
 * npm take them), and the arguments from the command on. Parsed with the command's own options
 * afterwards, so a bad value gets the same message in either place.
 */
function splitLeadingOptions(argv: readonly string[]): [string[], string[]] {
  const leading: string[] = [];
  let i = 0;
  while (i < argv.length && argv[i].startsWith('-')) {
    const arg = argv[i];
    const name = arg === '-h' ? 'help' : arg.startsWith('--') ? arg.slice(2).split('=')[0] : '';
    const spec = COMMON_OPTIONS[name];
    if (spec === undefined) break;
    const count = spec.type === 'string' && !arg.includes('=') && i + 1 < argv.length ? 2 : 1;
    leading.push(...argv.slice(i, i + count));
    i += count;
  }
  return [leading, argv.slice(i)];
}

/** A negative number as an option's value (`--cash -5`), which parseArgs would take for an option. */
const NEGATIVE_NUMBER = /^-(?:[\d.]|Infinity$|NaN$)/i;

/** `--cash -5` → `--cash=-5` for each option that takes a value, so a negative number reaches the option's own check. */
function joinNegativeValues(args: readonly string[], options: OptionSpec): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const name = args[i].startsWith('--') && !args[i].includes('=') ? args[i].slice(2) : undefined;
    const next = args[i + 1];
    if (name !== undefined && options[name]?.type === 'string' && next !== undefined && NEGATIVE_NUMBER.test(next)) {
      joined.push(`${args[i]}=${next}`);
      i++;
    } else {
      joined.push(args[i]);
    }
  }
  return joined;
}

/** parseArgs' complaint as one line that names the option and says what to do. */
function usageProblem(error: Error & { code?: string }, command: Command): string {
  const quoted = /'(-[^' ]*)/.exec(error.message)?.[1] ?? '';
  const option = quoted.startsWith('-h') ? '--help' : quoted;
  const help = `barwise ${command.name} --help`;
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${option} for barwise ${command.name} (${help} lists them)`;
  if (/ambiguous/.test(error.message)) return `${option} needs a value (write ${option}=VALUE for a value that starts with -)`;
  if (/argument missing/.test(error.message)) return `${option} needs a value`;
  if (/does not take an argument/.test(error.message)) return `${option} takes no value`;
  return `${error.message.split('\n')[0]} (${help} lists the options)`;
}

const usageError = (io: CliIo, message: string): number => {
  io.stderr(`barwise: VALIDATION_FAILED: ${message}\n`);
  return 2;
};

function helpText(commands: readonly Command[]): string {
  return [
    'usage: barwise COMMAND [options]   (every command takes --json and --data-dir DIR)',
    '',
    ...twoColumns(commands.map((c) => [c.name, c.summary])),
  ].join('\n');
}

function commandHelp(command: Command): string {
  const lines = [command.summary, `usage: ${command.usage}`];
  const options = command.optionHelp ?? [];
  if (options.length > 0) lines.push('', 'options:', ...twoColumns(options));
  return lines.join('\n') + '\n';
}

/**
 * Runs one CLI invocation and returns its exit code: 0 on success; 1 with a one-line
 * `barwise: CODE: message` on failure; 2 for a usage error (an unknown command or option, a
 * missing value, a stray argument), said in the same one-line form.
 */
export async function runCli(argv: readonly string[], commands: readonly Command[], io: CliIo): Promise<number> {
  const [leading, words] = splitLeadingOptions(argv);
  const found = findCommand(commands, words);
  if (!found) {
    const asked = words[0] === 'help' || leading.includes('--help') || leading.includes('-h');
    if (words.length === 0 || asked) {
      io.stdout(helpText(commands) + '\n');
      return asked ? 0 : 2;
    }
    const what = words[0].startsWith('-') ? 'option' : 'command';
    return usageError(io, `unknown ${what} "${words[0]}" (barwise --help lists them)`);
  }
  const [command, rest] = found;
  const options = { ...COMMON_OPTIONS, ...command.options };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: joinNegativeValues([...leading, ...rest], options), options, allowPositionals: true, strict: true });
  } catch (error) {
    return usageError(io, usageProblem(error as Error, command));
  }
  const values = parsed.values as CommandContext['values'];
  if (values.help) {
    io.stdout(commandHelp(command));
    return 0;
  }
  const stray = parsed.positionals[command.positionals ?? 0];
  if (stray !== undefined) return usageError(io, `unexpected argument ${JSON.stringify(stray)} (usage: ${command.usage})`);
  const json = values.json === true;
  let barwise: Barwise | undefined;
  let progressShown = false;
  const ctx: CommandContext = {
    barwise() {
      if (!barwise) {
        const threads = parseWholeNumber('threads', values.threads as string | undefined, 1, MAX_THREADS);
        const given = values['data-dir'];
        // Made here first so that a refusal names where the directory came from.
        const dataDir =
          typeof given === 'string'
            ? makeDataDir(given, '--data-dir')
            : makeDataDir(defaultDataDir(io.env), io.env.BARWISE_DATA_DIR === undefined ? 'data directory' : 'BARWISE_DATA_DIR');
        barwise = createBarwise({ dataDir, threads, env: io.env, sync: { background: false } });
      }
      return barwise;
    },
    values,
    positionals: parsed.positionals,
    json,
    env: io.env,
    print: (line) => {
      if (!json) io.stdout(line + '\n');
    },
    progress: (fraction, message) => {
      if (json || !io.isTty) return;
      const pct = Math.max(0, Math.min(100, fraction * 100)).toFixed(1).padStart(5);
      io.stderr(`\r${pct}%  ${message}`.padEnd(80).slice(0, 100));
      progressShown = true;
    },
  };
  try {
    const value = await command.run(ctx);
    if (progressShown) io.stderr('\n');
    if (json) io.stdout(JSON.stringify(value, null, 2) + '\n');
    return 0;
  } catch (error) {
    if (progressShown) io.stderr('\n');
    if (json && error instanceof ReportedFailure) io.stdout(JSON.stringify(error.report, null, 2) + '\n');
    const { code, message } = toErrorValue(error);
    io.stderr(`barwise: ${code}: ${message.split('\n')[0]}\n`);
    return 1;
  } finally {
    await barwise?.close();
  }
}
