import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strategyIdSchema } from '../../src-shared/api/strategies';
import { BarwiseError } from '../../src-shared/errors';

/** The folder under the data dir where user strategies live, one `<id>.ts` file each. */
export const STRATEGIES_FOLDER = 'strategies';
export const STRATEGY_EXTENSION = '.ts';

/** A user strategy file as found on disk. */
export interface FoundFile {
  readonly id: string;
  /** As errors and the list name it: `strategies/<id>.ts`. */
  readonly fileName: string;
  readonly path: string;
  readonly mtimeMs: number;
  readonly size: number;
}

/** `strategies/<id>.ts`: how a user strategy's file is named in errors, lists and provenance. */
export const userFileName = (id: string) => `${STRATEGIES_FOLDER}/${id}${STRATEGY_EXTENSION}`;

/** A strategy's id is a file name: only ids the schema allows ever reach a path. */
export function isStrategyId(id: string): boolean {
  return strategyIdSchema.safeParse(id).success && strategyIdSchema.parse(id) === id;
}

/** A text file's content without a byte-order mark (an editor on Windows may write one). */
const withoutBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/**
 * The files of DATA_DIR/strategies: listing, reading and writing them. A file whose name is not a
 * valid id (`My Strategy.ts`, `notes.md`, a folder) is not a strategy and is left alone. Writes go
 * to a temporary file renamed over the target, so an editor or the watcher never sees half a file.
 */
export class StrategyFolder {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, STRATEGIES_FOLDER);
  }

  /** Creates the folder if it is missing (a data dir from before user strategies has none). */
  ensure(): void {
    mkdirSync(this.dir, { recursive: true });
  }

  pathOf(id: string): string {
    if (!isStrategyId(id)) throw new BarwiseError('VALIDATION_FAILED', `"${id}" is not a strategy id (lower-case letters, digits and dashes)`);
    return join(this.dir, id + STRATEGY_EXTENSION);
  }

  /** The strategy files, by id; an empty list when the folder does not exist yet. */
  list(): FoundFile[] {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const found: FoundFile[] = [];
    for (const name of names.sort()) {
      if (!name.endsWith(STRATEGY_EXTENSION)) continue;
      const id = name.slice(0, -STRATEGY_EXTENSION.length);
      if (!isStrategyId(id)) continue;
      const file = this.stat(id);
      if (file) found.push(file);
    }
    return found;
  }

  /** The file of `id`, or undefined when there is none (or it is not a regular file). */
  stat(id: string): FoundFile | undefined {
    const path = this.pathOf(id);
    try {
      const stats = statSync(path);
      if (!stats.isFile()) return undefined;
      return { id, fileName: userFileName(id), path, mtimeMs: stats.mtimeMs, size: stats.size };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw error;
    }
  }

  read(id: string): string {
    return withoutBom(readFileSync(this.pathOf(id), 'utf8'));
  }

  /** Writes the file whole: a reader sees the old text or the new, never a mix. */
  write(id: string, text: string): void {
    const target = this.pathOf(id);
    this.ensure();
    // Not a .ts name, so a watcher or a listing never takes it for a strategy.
    const temporary = join(this.dir, `.${id}.${randomBytes(6).toString('hex')}.tmp`);
    writeFileSync(temporary, text, 'utf8');
    try {
      renameSync(temporary, target);
    } catch (error) {
      unlinkSync(temporary);
      throw error;
    }
  }

  /** Writes a new file; STRATEGY_EXISTS if there is one of that id already. */
  create(id: string, text: string): void {
    this.ensure();
    try {
      writeFileSync(this.pathOf(id), text, { encoding: 'utf8', flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw exists(id);
      throw error;
    }
  }

  /**
   * Renames without ever replacing a file: a hard link to the new name fails if it exists, where
   * a check before a plain rename could race another editor. A file system without hard links
   * gets the check and the rename.
   */
  rename(id: string, to: string): void {
    const from = this.pathOf(id);
    const target = this.pathOf(to);
    try {
      linkSync(from, target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw exists(to);
      if (code === 'ENOENT') throw notFound(id);
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
      if (this.stat(to)) throw exists(to);
      renameSync(from, target);
      return;
    }
    unlinkSync(from);
  }

  remove(id: string): void {
    try {
      unlinkSync(this.pathOf(id));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw notFound(id);
      throw error;
    }
  }
}

export const exists = (id: string) => new BarwiseError('STRATEGY_EXISTS', `a strategy "${id}" exists already (${userFileName(id)})`);
export const notFound = (id: string) => new BarwiseError('STRATEGY_NOT_FOUND', `no strategy "${id}" (no file ${userFileName(id)})`);
