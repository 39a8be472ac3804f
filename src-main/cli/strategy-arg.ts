import { readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { MAX_STRATEGY_TEXT_CHARS, strategyIdSchema } from '../../src-shared/api/strategies';
import { BarwiseError } from '../../src-shared/errors';
import { shown } from './check-input';

/** A strategy as typed on the command line: an id, or a file to run without saving it. */
export type StrategyArg =
  | { readonly kind: 'id'; readonly id: string }
  | { readonly kind: 'file'; readonly id: string; readonly fileName: string; readonly text: string };

const ID = /^[a-z0-9][a-z0-9-]*$/;
const EXTENSIONS = new Set(['.ts', '.js']);
/** The longest file name a run's source keeps (the API's bound); a longer path is named by its base name. */
const MAX_FILE_NAME = 500;

const refuse = (option: string, given: string, why: string) => new BarwiseError('VALIDATION_FAILED', `${option} ${shown(given)}: ${why}`);

function realDir(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/**
 * `my-sma-cross` (an id: a built-in, or a file of the data dir's strategies folder) or
 * `PATH/my-sma-cross.ts` (a .ts or .js file anywhere, run or checked without being saved; its
 * name is its id). A path into the strategies folder is that strategy's id. `option` names the
 * option or argument in a refusal; `strategiesDir` is the data dir's folder, read only when a
 * path is given.
 */
export function strategyArg(option: string, given: string, strategiesDir: () => string): StrategyArg {
  if (given.trim() === '') throw refuse(option, given, 'name a strategy id or a .ts or .js file, not nothing');
  if (ID.test(given)) {
    const id = strategyIdSchema.safeParse(given);
    if (!id.success) throw refuse(option, given, `a strategy id is at most 64 characters`);
    return { kind: 'id', id: given };
  }
  const extension = extname(given).toLowerCase();
  if (!EXTENSIONS.has(extension)) {
    throw refuse(option, given, 'is neither a strategy id (lower-case letters, digits and dashes) nor a .ts or .js file');
  }
  const path = resolve(given);
  let stats;
  try {
    stats = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new BarwiseError('STRATEGY_NOT_FOUND', `${option} ${shown(given)}: no such file`);
    throw refuse(option, given, `cannot be read (${code ?? (error as Error).message})`);
  }
  // A named pipe would wait for a writer forever; a directory is no file.
  if (!stats.isFile()) throw refuse(option, given, stats.isDirectory() ? 'is a directory, not a strategy file' : 'is not a regular file');
  if (stats.size > MAX_STRATEGY_TEXT_CHARS * 4) throw refuse(option, given, `is ${stats.size.toLocaleString('en-US')} bytes; a strategy file is far smaller`);
  const id = basename(path, extname(path));
  if (!ID.test(id) || !strategyIdSchema.safeParse(id).success) {
    throw refuse(option, given, `the file's name is the strategy's id, and "${id}" is not one (lower-case letters, digits and dashes, starting with a letter or digit)`);
  }
  const folder = realDir(strategiesDir());
  if (folder !== undefined && realDir(dirname(path)) === folder && extension === '.ts') return { kind: 'id', id };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw refuse(option, given, `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.length > MAX_STRATEGY_TEXT_CHARS) {
    throw refuse(option, given, `has ${text.length.toLocaleString('en-US')} characters; a strategy file may have ${MAX_STRATEGY_TEXT_CHARS.toLocaleString('en-US')}`);
  }
  return { kind: 'file', id, fileName: given.length <= MAX_FILE_NAME ? given : basename(given), text };
}
