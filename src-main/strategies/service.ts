import type { LookAheadResult, StrategyEntry, StrategyFile, StrategyProblem, StrategyTemplate } from '../../src-shared/api/strategies';
import type { ParamValues, StrategyInfo } from '../../src-shared/backtest';
import { BarwiseError, toErrorValue } from '../../src-shared/errors';
import type { StrategySource } from '../../src-shared/sdk/source';
import type { StrategyDescription } from '../../src-workers/tasks/strategy-tasks';
import { ENGINE_VERSION } from '../../src-workers/engine/version';
import type { EventHub } from '../events';
import type { WorkerPool } from '../pool/pool';
import type { Db } from '../store/db';
import { builtinInfos, builtinIds, isBuiltin } from './builtins';
import { builtinSourceText, listTemplates, templateText } from './bundled';
import { findCheck, saveCheck } from './checks';
import { compileStrategy, problemText, sourceHash, type StrategyText } from './compile';
import { isStrategyId, notFound, StrategyFolder, type FoundFile } from './folder';
import { checkStrategy, describeStrategy, type DescribeOutcome } from './inspect';
import { FolderWatcher } from './watch';

export interface StrategyServiceDeps {
  readonly db: Db;
  readonly dataDir: string;
  readonly pool: WorkerPool;
  readonly events: EventHub;
  /** The engine whose look-ahead results are current (a new engine checks every file again). */
  readonly engineVersion?: string;
}

/** A user strategy file as last read: its text, what compiling and describing it said. */
interface UserState {
  readonly file: FoundFile;
  readonly text: string;
  readonly hash: string;
  readonly source: StrategySource | null;
  readonly description: StrategyDescription | null;
  readonly problems: readonly StrategyProblem[];
}

/** A strategy a run can name, with what a backtest needs of it. */
export type RunnableStrategy =
  | { readonly origin: 'builtin'; readonly info: StrategyInfo }
  | { readonly origin: 'user'; readonly text: StrategyText; readonly source: StrategySource; readonly description: StrategyDescription };

const byName = (a: StrategyEntry, b: StrategyEntry) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);

/**
 * User strategies: the files of DATA_DIR/strategies (one `<id>.ts` each), compiled here with
 * sucrase, described and checked for look-ahead by a worker (main never evaluates user code), and
 * watched, so an edit in another editor shows up at once. Descriptions are kept in memory by
 * source hash; look-ahead results in SQLite by source hash and engine version, so a file is
 * checked when it is saved or found changed, not at every start. Every change is announced with
 * a `strategies` event naming the ids it touched.
 */
export class StrategyService {
  readonly folder: StrategyFolder;
  private readonly engineVersion: string;
  private readonly users = new Map<string, UserState>();
  /** Descriptions by file name and source hash (a worker's messages name the file). */
  private readonly descriptions = new Map<string, Promise<DescribeOutcome>>();
  /** Look-ahead checks under way, by source hash: a second request joins the first. */
  private readonly checks = new Map<string, Promise<LookAheadResult>>();
  /** Work on one id at a time, in order, so an older read never overwrites a newer one. */
  private readonly locks = new Map<string, Promise<unknown>>();
  private builtinCache: StrategyEntry[] | undefined;
  private watcher: FolderWatcher | undefined;
  private closed = false;

  constructor(private readonly deps: StrategyServiceDeps) {
    this.folder = new StrategyFolder(deps.dataDir);
    this.engineVersion = deps.engineVersion ?? ENGINE_VERSION;
  }

  // --- Listing -----------------------------------------------------------------------------

  builtinEntries(): StrategyEntry[] {
    this.builtinCache ??= builtinInfos().map((info) => {
      const text = builtinSourceText(info.id);
      return {
        ...info,
        origin: 'builtin' as const,
        fileName: `${info.id}.ts`,
        sourceHash: sourceHash(text),
        runnable: true,
        problems: [],
        lookAhead: null,
        updatedAt: 0,
      };
    });
    // A built-in checked on request (`check`) shows its result like a user file.
    return this.builtinCache.map((entry) => ({ ...entry, lookAhead: findCheck(this.deps.db, entry.sourceHash, this.engineVersion) }));
  }

  /** Built-ins first, then the user's files by name; reads the folder for changes first. */
  async list(): Promise<StrategyEntry[]> {
    const users = await this.refreshAll();
    return [...this.builtinEntries(), ...users.map((s) => this.entryOf(s)).sort(byName)];
  }

  /** What the backtest form offers: the built-ins and every user strategy that can run. */
  async runnable(): Promise<StrategyEntry[]> {
    return (await this.list()).filter((e) => e.runnable);
  }

  async get(id: string): Promise<StrategyFile> {
    if (isBuiltin(id)) return { entry: this.builtinEntry(id), code: builtinSourceText(id) };
    const state = await this.refresh(id);
    if (!state) throw this.unknown(id);
    return { entry: this.entryOf(state), code: state.text };
  }

  templates(): StrategyTemplate[] {
    return listTemplates();
  }

  // --- Changing files ----------------------------------------------------------------------

  /** A new file from a template (`blank` by default) or a copy of a strategy; checked in the background. */
  async create(id: string, from: { template?: string; from?: string } = {}): Promise<StrategyFile> {
    this.refuseBuiltinId(id);
    const text = from.from !== undefined ? (await this.get(from.from)).code : templateText(from.template ?? 'blank');
    await this.exclusive(id, async () => this.folder.create(id, text));
    const state = await this.refresh(id);
    if (!state) throw notFound(id);
    this.checkInBackground(state);
    return { entry: this.entryOf(state), code: state.text };
  }

  /** Writes the file, then compiles, describes and checks it; its problems are in the entry. */
  async save(id: string, code: string): Promise<StrategyFile> {
    this.refuseBuiltinId(id);
    await this.exclusive(id, async () => this.folder.write(id, code));
    const state = await this.refresh(id);
    if (!state) throw notFound(id);
    if (state.source) await this.ensureChecked(state.source);
    return { entry: this.entryOf(state), code: state.text };
  }

  async rename(id: string, to: string): Promise<StrategyEntry> {
    if (id === to) throw new BarwiseError('VALIDATION_FAILED', `to: "${to}" is the strategy's name already`);
    this.refuseBuiltinId(to);
    if (!this.folder.stat(id)) throw isBuiltin(id) ? this.builtinIsReadOnly(id) : notFound(id);
    this.folder.rename(id, to);
    this.users.delete(id);
    const state = await this.refresh(to);
    if (!state) throw notFound(to);
    this.announce([id, to]);
    return this.entryOf(state);
  }

  /** Deletes the file; the runs of it keep their results and the source they ran. */
  async remove(id: string): Promise<{ readonly removed: true }> {
    if (!this.folder.stat(id) && isBuiltin(id)) throw this.builtinIsReadOnly(id);
    await this.exclusive(id, async () => this.folder.remove(id));
    this.users.delete(id);
    this.announce([id]);
    return { removed: true };
  }

  /** Compiles, describes and runs the look-ahead check again (a built-in's too). */
  async check(id: string): Promise<StrategyEntry> {
    if (isBuiltin(id)) {
      const outcome = compileStrategy({ id, fileName: `${id}.ts`, text: builtinSourceText(id) });
      if (outcome.ok) await this.runCheck(outcome.source);
      return this.builtinEntry(id);
    }
    const state = await this.refresh(id);
    if (!state) throw this.unknown(id);
    if (state.source) await this.runCheck(state.source);
    return this.entryOf(state);
  }

  /**
   * A strategy text that is not saved (the CLI's `strategy check FILE`): compiled, described and
   * checked as a saved one would be, and listed nowhere.
   */
  async checkText(file: StrategyText): Promise<StrategyEntry> {
    const state = await this.load(file, { id: file.id, fileName: file.fileName, path: file.fileName, mtimeMs: 0, size: file.text.length });
    if (state.source) await this.ensureChecked(state.source);
    return this.entryOf(state);
  }

  // --- Runs --------------------------------------------------------------------------------

  /**
   * What a run of `id` needs: a built-in's description, or a user file's text, compiled and
   * described (with `params`, which the worker validates: an undeclared name is refused naming
   * it). `given` is text to run instead of a saved file (a path given to the CLI, a run reproduced).
   */
  async forRun(id: string, params: Readonly<ParamValues>, given?: { fileName: string; text: string }): Promise<RunnableStrategy> {
    if (isBuiltin(id)) {
      if (given) {
        throw new BarwiseError('STRATEGY_EXISTS', `${given.fileName}: "${id}" is the id of a built-in strategy; give the file another name`);
      }
      return { origin: 'builtin', info: this.builtinEntry(id) };
    }
    let text: StrategyText;
    if (given) {
      if (!isStrategyId(id)) throw new BarwiseError('VALIDATION_FAILED', `config.strategy.id: "${id}" is not a strategy id (lower-case letters, digits and dashes)`);
      text = { id, ...given };
    } else {
      const state = await this.refresh(id);
      if (!state) throw this.unknown(id);
      text = { id, fileName: state.file.fileName, text: state.text };
    }
    const compiled = compileStrategy(text);
    if (!compiled.ok) throw new BarwiseError('STRATEGY_COMPILE_FAILED', problemText(text.fileName, compiled.problem));
    // Described with the run's parameters by the code that will run them (the worker's), which
    // refuses a bad value or an undeclared name, naming it.
    const described = await describeStrategy(this.deps.pool, compiled.source, params);
    if (!described.ok) {
      // A parameter's refusal names the strategy and the parameter already, as a built-in's does.
      const message = described.code === 'INVALID_CONFIG' ? described.problem.message : problemText(text.fileName, described.problem);
      throw new BarwiseError(described.code, message);
    }
    return { origin: 'user', text, source: compiled.source, description: described.description };
  }

  /** The current source hash of a user strategy's file, or null when there is no file any more. */
  async currentHash(id: string): Promise<string | null> {
    if (isBuiltin(id)) return null;
    return (await this.refresh(id))?.hash ?? null;
  }

  // --- Watching ----------------------------------------------------------------------------

  /**
   * Watches the folder (the app and the browser shell do; a CLI command has no need), and checks
   * every file found changed since it was last checked.
   */
  watch(): void {
    if (this.watcher || this.closed) return;
    this.folder.ensure();
    this.watcher = new FolderWatcher(this.folder.dir, () => void this.refreshAll().catch((error: unknown) => this.warn(error)));
    void this.refreshAll().catch((error: unknown) => this.warn(error));
  }

  /** Resolves once every look-ahead check under way has finished. */
  async idle(): Promise<void> {
    while (this.checks.size > 0) await Promise.allSettled(this.checks.values());
  }

  close(): void {
    this.closed = true;
    this.watcher?.close();
    this.watcher = undefined;
  }

  // --- Internals ---------------------------------------------------------------------------

  private builtinEntry(id: string): StrategyEntry {
    const entry = this.builtinEntries().find((e) => e.id === id);
    if (!entry) throw this.unknown(id);
    return entry;
  }

  private entryOf(state: UserState): StrategyEntry {
    const { file, hash, description } = state;
    return {
      id: file.id,
      name: description?.name ?? file.id,
      description: description?.description ?? '',
      version: hash.slice(0, 12),
      params: description?.params ?? [],
      rules: description?.rules ?? [],
      higherTimeframes: description?.higherTimeframes ?? [],
      origin: 'user',
      fileName: file.fileName,
      sourceHash: hash,
      runnable: description !== null,
      problems: state.problems,
      lookAhead: state.source ? findCheck(this.deps.db, hash, this.engineVersion) : null,
      checking: this.checks.has(hash),
      updatedAt: file.mtimeMs,
    };
  }

  /** Reads the folder: drops files that are gone, reads the changed ones, checks what needs it. */
  private async refreshAll(): Promise<UserState[]> {
    const found = this.folder.list();
    const present = new Set(found.map((f) => f.id));
    const gone = [...this.users.keys()].filter((id) => !present.has(id));
    for (const id of gone) this.users.delete(id);
    if (gone.length > 0) this.announce(gone);
    const states = await Promise.all(found.map((f) => this.refresh(f.id)));
    const loaded = states.filter((s): s is UserState => s !== undefined);
    for (const state of loaded) this.checkInBackground(state);
    return loaded;
  }

  /**
   * The file of `id` as it is now; undefined if there is none. The text is read every time (a
   * strategy is a few kilobytes) and compared by hash: a file's time and size can stay the same
   * across an edit.
   */
  private refresh(id: string): Promise<UserState | undefined> {
    return this.exclusive(id, async () => {
      const file = this.folder.stat(id);
      const previous = this.users.get(id);
      if (!file) {
        if (previous) {
          this.users.delete(id);
          this.announce([id]);
        }
        return undefined;
      }
      let text: string;
      try {
        text = this.folder.read(id);
      } catch (error) {
        // Removed between the look and the read: as if it had not been there.
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      if (previous && previous.hash === sourceHash(text)) {
        const same = { ...previous, file };
        this.users.set(id, same);
        return same;
      }
      const state = await this.load({ id, fileName: file.fileName, text }, file);
      this.users.set(id, state);
      this.announce([id]);
      return state;
    });
  }

  /** Compiles and describes a text; a built-in's id is a problem, not a strategy. */
  private async load(text: StrategyText, file: FoundFile): Promise<UserState> {
    const hash = sourceHash(text.text);
    const base = { file, text: text.text, hash, source: null, description: null };
    if (isBuiltin(text.id)) {
      const message = `"${text.id}" is the id of a built-in strategy, so this file is not loaded: rename it (e.g. to ${text.id}-2.ts)`;
      return { ...base, problems: [{ kind: 'load', message }] };
    }
    const compiled = compileStrategy(text);
    if (!compiled.ok) return { ...base, problems: [compiled.problem] };
    const described = await this.describe(compiled.source);
    if (!described.ok) return { ...base, source: null, problems: [described.problem] };
    return { ...base, source: compiled.source, description: described.description, problems: [] };
  }

  private describe(source: StrategySource): Promise<DescribeOutcome> {
    const key = `${source.fileName}\u0000${source.sourceHash}`;
    let described = this.descriptions.get(key);
    if (!described) {
      described = describeStrategy(this.deps.pool, source);
      this.descriptions.set(key, described);
      // Only what the text itself decides is kept: not a failure of the machinery (the pool
      // closing), nor a time limit or memory bound the user may raise.
      const forget = () => this.descriptions.delete(key);
      described.then((outcome) => {
        if (!outcome.ok && (outcome.code === 'TASK_TIMEOUT' || outcome.code === 'WORKER_OUT_OF_MEMORY' || outcome.code === 'TASK_FAILED')) forget();
      }, forget);
    }
    return described;
  }

  /** The stored result for this source, or a check run now. */
  private async ensureChecked(source: StrategySource): Promise<LookAheadResult> {
    return findCheck(this.deps.db, source.sourceHash, this.engineVersion) ?? this.runCheck(source);
  }

  /** Runs the look-ahead check (or joins the one under way for the same source) and keeps its result. */
  private runCheck(source: StrategySource): Promise<LookAheadResult> {
    const running = this.checks.get(source.sourceHash);
    if (running) return running;
    const { db } = this.deps;
    const check = checkStrategy(this.deps.pool, source)
      .then(({ result, keep }) => {
        if (keep && !this.closed && db.open) saveCheck(db, source.sourceHash, this.engineVersion, result);
        return result;
      })
      .finally(() => {
        this.checks.delete(source.sourceHash);
        this.announce(this.idsWithHash(source.sourceHash));
      });
    this.checks.set(source.sourceHash, check);
    return check;
  }

  /** A runnable file with no result for its source yet is checked, without waiting for it. */
  private checkInBackground(state: UserState): void {
    if (!state.source || this.closed) return;
    if (this.checks.has(state.hash) || findCheck(this.deps.db, state.hash, this.engineVersion)) return;
    void this.runCheck(state.source).catch((error: unknown) => this.warn(error));
  }

  private idsWithHash(hash: string): string[] {
    return [...this.users.values()].filter((s) => s.hash === hash).map((s) => s.file.id);
  }

  private announce(ids: readonly string[]): void {
    if (ids.length > 0 && !this.closed) this.deps.events.emit({ topic: 'strategies', ids: [...new Set(ids)] });
  }

  private exclusive<T>(id: string, work: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(id) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => undefined);
    this.locks.set(id, settled);
    void settled.then(() => {
      if (this.locks.get(id) === settled) this.locks.delete(id);
    });
    return next;
  }

  private refuseBuiltinId(id: string): void {
    if (isBuiltin(id)) throw new BarwiseError('STRATEGY_EXISTS', `"${id}" is the id of a built-in strategy; choose another`);
  }

  private builtinIsReadOnly(id: string): BarwiseError {
    return new BarwiseError('VALIDATION_FAILED', `"${id}" is a built-in strategy, which cannot be changed; duplicate it to edit a copy`);
  }

  private unknown(id: string): BarwiseError {
    const known = [...builtinIds(), ...this.folder.list().map((f) => f.id)].join(', ');
    return new BarwiseError('STRATEGY_NOT_FOUND', `no strategy "${id}" (known: ${known})`);
  }

  private warn(error: unknown): void {
    if (this.closed) return;
    const { code, message } = toErrorValue(error);
    if (code === 'POOL_CLOSED' || code === 'CANCELLED') return;
    console.warn(`barwise: strategies: ${code}: ${message}`);
  }
}
