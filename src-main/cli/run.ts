import { parseArgs } from 'node:util';
import { toErrorValue } from '../../src-shared/errors';
import { createBarwise, type Barwise } from '../barwise';
import { defaultDataDir } from '../paths';
import { COMMON_OPTIONS, twoColumns, type Command, type CommandContext } from './command';

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
 * `barwise: CODE: message` on failure; 2 for a usage error.
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
    io.stderr(`barwise: unknown ${what} "${words[0]}" (barwise --help lists them)\n`);
    return 2;
  }
  const [command, rest] = found;
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...leading, ...rest],
      options: { ...COMMON_OPTIONS, ...command.options },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    io.stderr(`barwise ${command.name}: ${(error as Error).message}\nusage: ${command.usage}\n`);
    return 2;
  }
  const values = parsed.values as CommandContext['values'];
  if (values.help) {
    io.stdout(commandHelp(command));
    return 0;
  }
  const json = values.json === true;
  let barwise: Barwise | undefined;
  let progressShown = false;
  const ctx: CommandContext = {
    barwise() {
      if (!barwise) {
        const threads = typeof values.threads === 'string' ? Number(values.threads) : undefined;
        if (threads !== undefined && (!Number.isInteger(threads) || threads < 1)) {
          throw Object.assign(new Error(`--threads must be a whole number ≥ 1, got "${values.threads}"`), {
            code: 'VALIDATION_FAILED',
          });
        }
        const dataDir = typeof values['data-dir'] === 'string' ? values['data-dir'] : defaultDataDir(io.env);
        barwise = createBarwise({ dataDir, threads });
      }
      return barwise;
    },
    values,
    positionals: parsed.positionals,
    json,
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
    const { code, message } = toErrorValue(error);
    io.stderr(`barwise: ${code}: ${message.split('\n')[0]}\n`);
    return 1;
  } finally {
    await barwise?.close();
  }
}
