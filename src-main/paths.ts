import { lstatSync, mkdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { BarwiseError } from '../src-shared/errors';

/**
 * The data directory for the shell and the CLI: `--data-dir`, else BARWISE_DATA_DIR, else the
 * platform's per-user data directory. (The Electron app uses its userData directory instead.)
 * A BARWISE_DATA_DIR set to nothing is refused rather than read as unset or as the current directory.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.BARWISE_DATA_DIR !== undefined) {
    if (env.BARWISE_DATA_DIR.trim() === '') {
      throw new BarwiseError('VALIDATION_FAILED', 'BARWISE_DATA_DIR is set but empty: set it to a directory, or unset it');
    }
    return env.BARWISE_DATA_DIR;
  }
  const home = homedir();
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Barwise');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Barwise');
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'barwise');
}

export const DATABASE_FILE = 'barwise.sqlite';

/** Whether anything (a dangling symlink too) is at `path`: false when it or a parent is missing, or a parent is not a directory. */
function entryAt(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    throw error;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Creates the data directory and its missing parents, one level at a time, and returns its
 * absolute path; `label` names where it came from (`--data-dir`) in the refusal. Written by hand
 * because Node's `mkdirSync(dir, { recursive: true })` never returns for a path under /proc or
 * through a dangling symlink: the parent exists, the child answers ENOENT, and Node retries forever.
 */
export function makeDataDir(dir: string, label = 'data directory'): string {
  const refuse = (why: string) => new BarwiseError('VALIDATION_FAILED', `${label} ${dir}: ${why}`);
  if (dir.trim() === '') throw new BarwiseError('VALIDATION_FAILED', `${label} must name a directory, not be empty`);
  const absolute = resolve(dir);
  const missing: string[] = [];
  let at = absolute;
  try {
    while (!entryAt(at) && dirname(at) !== at) {
      missing.unshift(at);
      at = dirname(at);
    }
  } catch (error) {
    throw refuse(`cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (!isDirectory(at)) throw refuse(at === absolute ? 'is not a directory' : `${at} is not a directory`);
  for (const path of missing) {
    try {
      mkdirSync(path);
    } catch (error) {
      throw refuse(`cannot create ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  return absolute;
}
