import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MY_SMA_CROSS, SYNTAX_ERROR } from '../strategies/test-files';
import { cli, cliProcess, databaseSnapshot, seededDataDir, type CliOutcome } from '../test-support/cli';

/**
 * Inputs a person can type that used to end in INTERNAL, a raw TypeError or SQLite message, a
 * hang, a multi-line parse error, or a silent success: each must now be one line
 * `barwise: CODE: message` with a domain code, a message naming the option, a non-zero exit, and
 * the database as it was.
 */

let root: string;
let dataDir: string;
let datasetId: string;
let runId: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'barwise-typed-errors-'));
  dataDir = join(root, 'data');
  mkdirSync(dataDir);
  ({ datasetId, runId } = await seededDataDir(dataDir));
  mkdirSync(join(root, 'a-directory'));
  writeFileSync(join(root, 'a-file.csv'), 'not a data dir\n');
  execFileSync('mkfifo', [join(root, 'a-fifo')]);
  mkdirSync(join(root, 'garbage-db'));
  writeFileSync(join(root, 'garbage-db', 'barwise.sqlite'), 'this is not SQLite\n');
  // Strategy files: two in the data dir, and paths that are not strategy files.
  mkdirSync(join(dataDir, 'strategies'));
  writeFileSync(join(dataDir, 'strategies', 'mine.ts'), MY_SMA_CROSS);
  writeFileSync(join(dataDir, 'strategies', 'broken.ts'), SYNTAX_ERROR);
  execFileSync('mkfifo', [join(root, 'a-fifo.ts')]);
  mkdirSync(join(root, 'a-dir.ts'));
  writeFileSync(join(root, 'My Strategy.ts'), MY_SMA_CROSS);
  writeFileSync(join(root, 'notes.txt'), MY_SMA_CROSS);
}, 60_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Case {
  readonly name: string;
  /** The arguments, given the seeded ids and paths. */
  readonly argv: () => string[];
  readonly code: string;
  /** What the message must name (the option, or the argument as typed). */
  readonly names: RegExp;
  readonly env?: () => NodeJS.ProcessEnv;
  /** Could hang the old code: run as a child process with a timeout. */
  readonly child?: boolean;
  /** 2 for a usage error; 1 otherwise. */
  readonly exit?: number;
}

const bt = (...args: string[]) => ['backtest', '--dataset', datasetId, '--strategy', 'sma-cross', ...args, '--data-dir', dataDir, '--threads', '1'];
const btWith = (strategy: string, ...args: string[]) => ['backtest', '--dataset', datasetId, '--strategy', strategy, ...args, '--data-dir', dataDir, '--threads', '1'];
const st = (...args: string[]) => ['strategy', ...args, '--data-dir', dataDir, '--threads', '1'];
const exp = (...args: string[]) => ['export', runId, '--format', 'csv', ...args, '--data-dir', dataDir];

const CASES: readonly Case[] = [
  // The five the probe found.
  { name: 'cash finite but absurd', argv: () => bt('--cash', '1e308'), code: 'VALIDATION_FAILED', names: /^--cash 1e308: must be at most 1,000,000,000,000,000\. / },
  { name: 'from past the dates a Date can hold', argv: () => bt('--from', '99999999999999999999'), code: 'VALIDATION_FAILED', names: /^--from 99999999999999999999: must be between 0001-01-01 and 9999-12-31/ },
  { name: 'to past the dates a Date can hold', argv: () => bt('--to', '99999999999999999999'), code: 'VALIDATION_FAILED', names: /^--to 99999999999999999999: must be between/ },
  { name: 'a timeframe of a trillion weeks', argv: () => bt('--timeframe', '999999999999w'), code: 'VALIDATION_FAILED', names: /^--timeframe 999999999999w: must be at most 366d/ },
  { name: 'a named pipe to import', argv: () => ['import', join(root, 'a-fifo'), '--data-dir', dataDir], code: 'CSV_UNREADABLE', names: /a-fifo is a named pipe, not a regular file/, child: true },
  { name: 'a directory to import', argv: () => ['import', join(root, 'a-directory'), '--data-dir', dataDir], code: 'CSV_UNREADABLE', names: /a-directory is a directory, not a regular file/ },
  { name: 'an empty --data-dir', argv: () => ['datasets', '--data-dir', ''], code: 'VALIDATION_FAILED', names: /^--data-dir must name a directory/ },
  { name: 'an empty BARWISE_DATA_DIR', argv: () => ['datasets'], env: () => ({ BARWISE_DATA_DIR: '' }), code: 'VALIDATION_FAILED', names: /^BARWISE_DATA_DIR is set but empty/ },
  // Found by driving every option.
  { name: 'a timeframe past 2^53 ms to import', argv: () => ['import', join(root, 'a-file.csv'), '--timeframe', '9999999999999999999999999d', '--data-dir', dataDir], code: 'VALIDATION_FAILED', names: /^--timeframe 9+d: must be at most 366d/ },
  { name: 'a zero timeframe to import', argv: () => ['import', join(root, 'a-file.csv'), '--timeframe', '0d', '--data-dir', dataDir], code: 'VALIDATION_FAILED', names: /^--timeframe 0d: must be longer than 0/ },
  { name: 'a timeframe without a unit', argv: () => bt('--timeframe', '99999999'), code: 'VALIDATION_FAILED', names: /^--timeframe 99999999: must be a whole number of s, m, h, d or w/ },
  { name: 'a timeframe that does not divide into the bars', argv: () => bt('--timeframe', '7m'), code: 'VALIDATION_FAILED', names: /^--timeframe 7m is not a whole multiple of the dataset's 1h bars/ },
  { name: 'a quantity past 2^53', argv: () => bt('--size', '9007199254740993'), code: 'VALIDATION_FAILED', names: /^--size 9007199254740993: must be at most/ },
  { name: 'a negative number after its option', argv: () => bt('--cash', '-1e308'), code: 'VALIDATION_FAILED', names: /^--cash -1e308: must be above 0/ },
  { name: 'an empty run name', argv: () => bt('--name', ''), code: 'VALIDATION_FAILED', names: /^--name "": must not be empty/ },
  { name: 'a parameter that would vanish', argv: () => bt('--param', '__proto__=3'), code: 'VALIDATION_FAILED', names: /^--param __proto__=3: "__proto__" is not a parameter name/ },
  { name: 'threads beyond the pool', argv: () => ['info', '--threads', '1e308', '--data-dir', dataDir], code: 'VALIDATION_FAILED', names: /^--threads must be a whole number from 1 to 256, got "1e308"/ },
  { name: 'a file as the data dir', argv: () => ['info', '--data-dir', join(root, 'a-file.csv')], code: 'VALIDATION_FAILED', names: /^--data-dir \S+a-file\.csv: is not a directory/ },
  { name: 'a data dir under /proc', argv: () => ['info', '--data-dir', '/proc/barwise-nowhere'], code: 'VALIDATION_FAILED', names: /^--data-dir \/proc\/barwise-nowhere: cannot create/, child: true },
  { name: 'a data dir whose database is not SQLite', argv: () => ['info', '--data-dir', join(root, 'garbage-db')], code: 'DATABASE_UNREADABLE', names: /garbage-db\/barwise\.sqlite: file is not a database/ },
  { name: 'a directory to export into', argv: () => exp('--out', join(root, 'a-directory')), code: 'VALIDATION_FAILED', names: /^--out \S+a-directory: is a directory/ },
  { name: 'a file in a missing directory to export into', argv: () => exp('--out', join(root, 'nowhere', 'x.csv')), code: 'VALIDATION_FAILED', names: /^--out \S+x\.csv: no directory/ },
  { name: 'a named pipe to export into', argv: () => exp('--out', join(root, 'a-fifo')), code: 'VALIDATION_FAILED', names: /^--out \S+a-fifo: is not a regular file/, child: true },
  { name: 'an empty strategy filter', argv: () => ['runs', '--strategy', '', '--data-dir', dataDir], code: 'VALIDATION_FAILED', names: /^--strategy "": must not be empty/ },
  { name: 'a limit past the list', argv: () => ['jobs', '--limit', '1e308', '--data-dir', dataDir], code: 'VALIDATION_FAILED', names: /^--limit must be a whole number from 1 to 1,000, got "1e308"/ },
  { name: 'a run id prefix', argv: () => exp('--out', join(root, 'x.csv')).map((a) => (a === runId ? runId.slice(0, 8) : a)), code: 'RUN_NOT_FOUND', names: /^no run with id [0-9a-f]{8} \(give the whole id/ },
  { name: 'an unknown job id', argv: () => ['job', 'cancel', 'nope', '--data-dir', dataDir], code: 'JOB_NOT_FOUND', names: /^no job with id nope/ },
  { name: 'an unknown time zone', argv: () => ['import', join(root, 'a-file.csv'), '--tz', 'Mars/Olympus', '--data-dir', dataDir], code: 'VALIDATION_FAILED', names: /^--tz unknown time zone "Mars\/Olympus"/ },
  { name: 'a stray argument', argv: () => ['dataset', 'show', datasetId, 'extra', '--data-dir', dataDir], code: 'VALIDATION_FAILED', names: /^unexpected argument "extra"/, exit: 2 },
  // User strategies: ids, files and what is in them.
  { name: 'a strategy that is neither an id nor a .ts or .js file', argv: () => btWith(join(root, 'notes.txt')), code: 'VALIDATION_FAILED', names: /^--strategy \S+notes\.txt: is neither a strategy id/ },
  { name: 'a strategy file that does not exist', argv: () => btWith(join(root, 'nowhere', 'x.ts')), code: 'STRATEGY_NOT_FOUND', names: /^--strategy \S+x\.ts: no such file/ },
  { name: 'a named pipe as the strategy file', argv: () => btWith(join(root, 'a-fifo.ts')), code: 'VALIDATION_FAILED', names: /^--strategy \S+a-fifo\.ts: is not a regular file/, child: true },
  { name: 'a directory as the strategy file', argv: () => btWith(join(root, 'a-dir.ts')), code: 'VALIDATION_FAILED', names: /^--strategy \S+a-dir\.ts: is a directory/ },
  { name: 'a strategy file whose name is no id', argv: () => btWith(join(root, 'My Strategy.ts')), code: 'VALIDATION_FAILED', names: /^--strategy "\S+My Strategy\.ts": the file's name is the strategy's id, and "My Strategy" is not one/ },
  { name: 'an empty strategy', argv: () => btWith(''), code: 'VALIDATION_FAILED', names: /^--strategy "": name a strategy id or a \.ts or \.js file/ },
  { name: 'an unknown strategy id', argv: () => btWith('nope-nope'), code: 'STRATEGY_NOT_FOUND', names: /^no strategy "nope-nope" \(known: .*sma-cross.*mine/ },
  { name: 'a strategy file with a syntax error', argv: () => btWith('broken'), code: 'STRATEGY_COMPILE_FAILED', names: /^strategies\/broken\.ts:5:16: Unexpected token$/ },
  { name: 'a parameter a user strategy does not declare', argv: () => btWith('mine', '--param', 'nope=1'), code: 'INVALID_CONFIG', names: /mine has no parameter 'nope' \(it has: fast, slow\)/ },
  { name: 'a new strategy id that is no id', argv: () => st('new', 'My_Strategy'), code: 'VALIDATION_FAILED', names: /^ID My_Strategy: must be lower-case letters, digits and dashes/ },
  { name: 'a new strategy from an unknown template', argv: () => st('new', 'fresh', '--template', 'nope'), code: 'STRATEGY_NOT_FOUND', names: /^no template "nope" \(there are: blank, crossover, rsi-sl-tp\)/ },
  { name: 'a new strategy from a template and a copy at once', argv: () => st('new', 'fresh', '--template', 'blank', '--from', 'sma-cross'), code: 'VALIDATION_FAILED', names: /^--template and --from: give one of them, not both/ },
  { name: 'a new strategy with a built-in id', argv: () => st('new', 'sma-cross'), code: 'STRATEGY_EXISTS', names: /^"sma-cross" is the id of a built-in strategy/ },
  { name: 'a new strategy over an existing file', argv: () => st('new', 'mine'), code: 'STRATEGY_EXISTS', names: /^a strategy "mine" exists already \(strategies\/mine\.ts\)/ },
  { name: 'removing a built-in', argv: () => st('rm', 'sma-cross'), code: 'VALIDATION_FAILED', names: /^"sma-cross" is a built-in strategy, which cannot be changed/ },
  { name: 'removing a strategy that is not there', argv: () => st('rm', 'nope-nope'), code: 'STRATEGY_NOT_FOUND', names: /^no strategy "nope-nope" \(no file strategies\/nope-nope\.ts\)/ },
  { name: 'renaming a strategy to a built-in id', argv: () => st('rename', 'mine', 'sma-cross'), code: 'STRATEGY_EXISTS', names: /^"sma-cross" is the id of a built-in strategy/ },
  { name: 'renaming a strategy to a bad id', argv: () => st('rename', 'mine', '../escape'), code: 'VALIDATION_FAILED', names: /^NEW_ID \.\.\/escape: must be lower-case letters/ },
  { name: 'checking a named pipe', argv: () => st('check', join(root, 'a-fifo.ts')), code: 'VALIDATION_FAILED', names: /^ID_OR_FILE \S+a-fifo\.ts: is not a regular file/, child: true },
  { name: 'checking nothing', argv: () => st('check'), code: 'VALIDATION_FAILED', names: /^name the strategy to check/ },
  { name: 'checking a file with a syntax error', argv: () => st('check', 'broken'), code: 'STRATEGY_COMPILE_FAILED', names: /^strategies\/broken\.ts:5:16: Unexpected token$/ },
  { name: 'showing a strategy that is not there', argv: () => st('show', 'nope-nope'), code: 'STRATEGY_NOT_FOUND', names: /^no strategy "nope-nope"/ },
];

/** `barwise: CODE: message` alone on one line: its code and message. */
function oneLine(out: CliOutcome): { code: string; message: string } {
  const match = /^barwise: ([A-Z_]+): (.+)\n$/.exec(out.stderr);
  expect(match, `one line on stderr, got ${JSON.stringify(out.stderr)}`).not.toBeNull();
  return { code: match![1], message: match![2] };
}

describe('a typed error for every input a person can type', () => {
  it.each(CASES)('$name', async (c) => {
    const before = databaseSnapshot(dataDir);
    const env = c.env?.() ?? {};
    const out = c.child ? await cliProcess(c.argv(), env) : await cli(c.argv(), env);
    const { code, message } = oneLine(out);
    expect(code).toBe(c.code);
    expect(message).toMatch(c.names);
    expect(out.code).toBe(c.exit ?? 1);
    expect(databaseSnapshot(dataDir)).toEqual(before);
  });
});
