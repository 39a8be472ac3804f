import fc from 'fast-check';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src-shared/errors';
import { cli, databaseSnapshot, seededDataDir } from '../test-support/cli';
import { COMMON_OPTIONS } from './command';
import { COMMANDS } from './commands';

/**
 * Every option and argument of every command, driven with extreme numbers, empty strings and
 * values of the wrong kind: the CLI either succeeds or fails with one line naming a domain code
 * (never INTERNAL, nor a task that failed on an unexpected error), and a failure leaves the
 * database as it was.
 */

/** Codes that mean an unexpected error escaped: bad input must never end in one. */
const UNEXPECTED = new Set(['INTERNAL', 'TASK_FAILED', 'WORKER_CRASHED']);

let root: string;
let dataDir: string;
let datasetId: string;
let runId: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'barwise-cli-property-'));
  dataDir = join(root, 'data');
  mkdirSync(dataDir);
  ({ datasetId, runId } = await seededDataDir(dataDir));
  mkdirSync(join(root, 'a-directory'));
  writeFileSync(join(root, 'a-file.txt'), 'plain text, not bars\n');
  copyFileSync(join(dataDir, 'seed.csv'), join(root, 'seed.csv'));
}, 60_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

const NUMBERS = fc.oneof(
  fc.constantFrom('1e308', '-1e308', '1e-320', '-1e-320', 'NaN', 'Infinity', '-Infinity', '-0', '0', '1', '0.5', '2'),
  fc.constantFrom('9007199254740993', '99999999999999999999', '-99999999999999999999', '0x10', '1_000', ' 5 ', '1e1', '.5', '+7'),
  fc.double().map(String),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
);
const EMPTY = fc.constantFrom('', ' ', '\t');
const WRONG_KIND = fc.constantFrom('abc', 'true', '__proto__', 'constructor', '-', '%', "'", '"', '1h', '999999999999w', '0d', 'x'.repeat(300), 'long', 'csv');

/** A value for an option or argument; `ids` adds the seeded ids and prefixes of them, `paths` files and directories. */
function values(ids: boolean, paths: boolean): fc.Arbitrary<string> {
  const extra: fc.Arbitrary<string>[] = [];
  if (ids) extra.push(fc.constantFrom(datasetId, datasetId.slice(0, 6), runId, runId.slice(0, 8), '00000000-0000-0000-0000-000000000000', 'nope'));
  if (paths) extra.push(safePaths());
  return fc.oneof(NUMBERS, EMPTY, WRONG_KIND, fc.string({ maxLength: 20 }), ...extra);
}

/** Paths only inside the test's own directory (or none at all), so a success writes nothing elsewhere. */
const safePaths = () =>
  fc.constantFrom('', ' ', join(root, 'a-directory'), join(root, 'a-file.txt'), join(root, 'seed.csv'), join(root, 'nowhere', 'x.csv'), join(root, 'out.csv'), dataDir);

/** A valid invocation of each command, to which one fuzzed option or argument is added. */
function baseline(name: string): string[] {
  switch (name) {
    case 'import':
      return ['import', join(root, 'seed.csv')];
    case 'dataset show':
      return ['dataset', 'show', datasetId];
    case 'dataset rm':
      return ['dataset', 'rm', 'nope'];
    case 'dataset rename':
      return ['dataset', 'rename', datasetId, 'Renamed'];
    case 'backtest':
      return ['backtest', '--dataset', datasetId, '--strategy', 'buy-and-hold'];
    case 'export':
      return ['export', runId, '--format', 'csv', '--out', join(root, 'out.csv')];
    case 'job cancel':
      return ['job', 'cancel', '00000000-0000-0000-0000-000000000000'];
    // Strategy commands refuse their baseline quickly (no file of that id), so each fuzzed input
    // reaches its own check without a look-ahead test or a file written per run.
    case 'strategy show':
      return ['strategy', 'show', 'sma-cross'];
    case 'strategy check':
      return ['strategy', 'check', 'nope-nope'];
    case 'strategy new':
      return ['strategy', 'new', 'sma-cross'];
    case 'strategy rm':
      return ['strategy', 'rm', 'nope-nope'];
    case 'strategy rename':
      return ['strategy', 'rename', 'nope-nope', 'other'];
    default:
      return name.split(' ');
  }
}

interface Input {
  readonly command: string;
  /** An option's name, or the index of a positional argument. */
  readonly slot: string | number;
  readonly value: string;
  /** `--opt=value` instead of `--opt value`. */
  readonly joined: boolean;
}

function argvOf({ command, slot, value, joined }: Input): string[] {
  const argv = baseline(command);
  if (typeof slot === 'number') {
    const at = command.split(' ').length + slot;
    // `dataset rm` never gets the seeded id: deleting it would leave the rest nothing to work on.
    argv[at] = command === 'dataset rm' && value.startsWith(datasetId.slice(0, 6)) ? 'nope' : value;
  } else {
    const given = argv.indexOf(`--${slot}`);
    if (given >= 0) argv.splice(given, 2);
    argv.push(...(joined ? [`--${slot}=${value}`] : [`--${slot}`, value]));
  }
  if (slot !== 'data-dir') argv.push('--data-dir', dataDir);
  if (slot !== 'threads') argv.push('--threads', '1');
  return argv;
}

/** Positional arguments each command takes, by index. */
const POSITIONALS: Readonly<Record<string, number>> = {
  import: 1,
  'dataset show': 1,
  'dataset rm': 1,
  'dataset rename': 2,
  export: 1,
  'job cancel': 1,
  'strategy show': 1,
  'strategy check': 1,
  'strategy new': 1,
  'strategy rm': 1,
  'strategy rename': 2,
};

/** Every (command, option or argument) pair, each as likely as the next: backtest's many options get their share. */
const SLOTS: readonly (readonly [string, string | number])[] = COMMANDS.flatMap((c) => [
  ...Object.keys({ ...COMMON_OPTIONS, ...c.options })
    .filter((o) => o !== 'help')
    .map((o) => [c.name, o] as const),
  ...Array.from({ length: POSITIONALS[c.name] ?? 0 }, (_, i) => [c.name, i] as const),
]);

const inputs: fc.Arbitrary<Input> = fc.constantFrom(...SLOTS).chain(([command, slot]) => {
  const spec = { ...COMMON_OPTIONS, ...COMMANDS.find((c) => c.name === command)!.options };
  const pathLike = slot === 'data-dir' || slot === 'out';
  const value = pathLike ? safePaths() : values(true, command === 'import' && slot === 0);
  // A flag (--json, --asc, --sample) takes no value: only the joined form gives it one.
  const flag = typeof slot === 'string' && spec[slot].type === 'boolean';
  return fc.record({ command: fc.constant(command), slot: fc.constant(slot), value, joined: flag ? fc.constant(true) : fc.boolean() });
});

describe('the CLI under generated input', () => {
  it('succeeds, or fails with one line naming a domain code and leaves the database as it was', async () => {
    await fc.assert(
      fc.asyncProperty(inputs, async (input) => {
        const argv = argvOf(input);
        const before = databaseSnapshot(dataDir);
        const out = await cli(argv);
        if (out.code === 0) return;
        const match = /^barwise: ([A-Z_]+): .+\n$/.exec(out.stderr);
        expect(match, `${JSON.stringify(argv)} → ${JSON.stringify(out.stderr)}`).not.toBeNull();
        const code = match![1];
        expect(ERROR_CODES, JSON.stringify(argv)).toContain(code);
        expect(UNEXPECTED.has(code), `${JSON.stringify(argv)} → ${out.stderr}`).toBe(false);
        expect([1, 2]).toContain(out.code);
        expect(databaseSnapshot(dataDir), JSON.stringify(argv)).toEqual(before);
      }),
      { seed: 20_240_601, numRuns: 300 },
    );
  }, 120_000);
});
