import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StrategyEntry } from '../../src-shared/api/strategies';
import type { BarwiseEvent } from '../../src-shared/events';
import { createBarwise, type Barwise } from '../barwise';
import { tempDir } from '../test-support/temp-dir';
import { builtinSourceText } from './bundled';
import { sourceHash } from './compile';
import { FOREVER, MY_SMA_CROSS, NOT_A_STRATEGY, PEEKING, SYNTAX_ERROR, THROWS } from './test-files';

/**
 * User strategies through the API, with everything real: files in a temp data dir, the worker
 * threads that describe and check them (in their sandbox), SQLite for the kept results.
 */

const open: Barwise[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((b) => b.close()));
});

function start(dataDir = join(tempDir(), 'data'), watch = false): Barwise {
  const barwise = createBarwise({ dataDir, threads: 2, watchStrategies: watch });
  open.push(barwise);
  return barwise;
}

function save(barwise: Barwise, id: string, text: string): void {
  barwise.strategies.folder.ensure();
  writeFileSync(join(barwise.strategies.folder.dir, `${id}.ts`), text);
}

const user = (entries: readonly StrategyEntry[], id: string) => {
  const entry = entries.find((e) => e.origin === 'user' && e.id === id);
  if (!entry) throw new Error(`no user strategy ${id} in ${entries.map((e) => e.id).join(', ')}`);
  return entry;
};

/** Resolves with the first `strategies` event naming `id` that `until` accepts. */
function strategiesEvent(barwise: Barwise, id: string, until: () => boolean | Promise<boolean> = () => true): Promise<void> {
  return new Promise((resolve) => {
    const stop = barwise.events.subscribe((event: BarwiseEvent) => {
      if (event.topic !== 'strategies' || !event.ids.includes(id)) return;
      void Promise.resolve(until()).then((done) => {
        if (done) {
          stop();
          resolve();
        }
      });
    });
  });
}

describe('user strategies (real files, workers and SQLite)', () => {
  it('lists the built-ins first, with their source, then the user files by name, described by a worker', async () => {
    const barwise = start();
    save(barwise, 'zz-mine', MY_SMA_CROSS);
    save(barwise, 'aa-peek', PEEKING);
    const entries = await barwise.client.strategies.list({});
    const builtins = entries.filter((e) => e.origin === 'builtin');
    expect(builtins.map((e) => e.id)).toContain('sma-cross');
    expect(entries.slice(0, builtins.length)).toEqual(builtins);
    expect(entries.slice(builtins.length).map((e) => e.name)).toEqual(['My SMA cross', 'Peeks at tomorrow']);
    const smaCross = builtins.find((e) => e.id === 'sma-cross')!;
    expect(smaCross).toMatchObject({ runnable: true, problems: [], sourceHash: sourceHash(builtinSourceText('sma-cross')) });
    expect((await barwise.client.strategies.get({ id: 'sma-cross' })).code).toBe(builtinSourceText('sma-cross'));

    const mine = user(entries, 'zz-mine');
    expect(mine).toMatchObject({
      fileName: 'strategies/zz-mine.ts',
      sourceHash: sourceHash(MY_SMA_CROSS),
      runnable: true,
      problems: [],
      rules: [],
      higherTimeframes: [],
    });
    expect(mine.params.map((p) => [p.name, p.type, p.default, p.min, p.max])).toEqual([
      ['fast', 'int', 10, 2, 500],
      ['slow', 'int', 30, 3, 1000],
    ]);
    const file = await barwise.client.strategies.get({ id: 'zz-mine' });
    expect(file.code).toBe(MY_SMA_CROSS);
  });

  it('reports what is wrong with a file at its line, and does not offer it to the backtest form', async () => {
    const barwise = start();
    save(barwise, 'syntax', SYNTAX_ERROR);
    save(barwise, 'not-one', NOT_A_STRATEGY);
    save(barwise, 'sma-cross', MY_SMA_CROSS);
    save(barwise, 'fine', MY_SMA_CROSS);
    const entries = await barwise.client.strategies.list({});
    expect(user(entries, 'syntax')).toMatchObject({ runnable: false, name: 'syntax', problems: [{ kind: 'compile', line: 5, column: 16 }], lookAhead: null });
    expect(user(entries, 'not-one')).toMatchObject({ runnable: false, problems: [{ kind: 'load', message: expect.stringMatching(/\S/) }] });
    // A file with a built-in's id is a problem, not a second sma-cross.
    expect(user(entries, 'sma-cross')).toMatchObject({ runnable: false, problems: [{ kind: 'load', message: expect.stringMatching(/built-in/) }] });
    const offered = (await barwise.client.backtests.strategies({})).map((s) => s.id);
    expect(offered).toContain('fine');
    expect(offered).not.toContain('syntax');
    expect(offered).not.toContain('not-one');
    expect(offered.filter((id) => id === 'sma-cross')).toHaveLength(1);
  });

  it('checks a saved file for look-ahead, keeps the result by source, and finds a strategy that peeks', async () => {
    const dataDir = join(tempDir(), 'data');
    const barwise = start(dataDir);
    await barwise.client.strategies.create({ id: 'mine', template: 'blank' });
    const saved = await barwise.client.strategies.save({ id: 'mine', code: MY_SMA_CROSS });
    expect(readFileSync(join(barwise.strategies.folder.dir, 'mine.ts'), 'utf8')).toBe(MY_SMA_CROSS);
    expect(saved.entry).toMatchObject({ runnable: true, sourceHash: sourceHash(MY_SMA_CROSS), lookAhead: { passed: true, findings: [] } });

    const peeking = await barwise.client.strategies.save({ id: 'peek', code: PEEKING });
    expect(peeking.entry.runnable).toBe(true);
    expect(peeking.entry.lookAhead?.passed).toBe(false);
    expect(peeking.entry.lookAhead?.findings.length).toBeGreaterThan(0);
    expect(peeking.entry.lookAhead?.findings[0].kind).toBe('look-ahead');

    const throws = await barwise.client.strategies.save({ id: 'throws', code: THROWS });
    expect(throws.entry.lookAhead).toMatchObject({ passed: false, findings: [{ kind: 'look-ahead', line: 6, message: expect.stringMatching(/boom/) }] });

    // Another process on the data dir finds the results kept: nothing is checked again.
    const checkedAt = saved.entry.lookAhead!.checkedAt;
    await barwise.close();
    open.splice(0);
    const again = start(dataDir);
    const entries = await again.client.strategies.list({});
    expect(user(entries, 'mine').lookAhead?.checkedAt).toBe(checkedAt);
    expect(user(entries, 'mine').checking).toBe(false);
    // `check` runs it again.
    const rechecked = await again.client.strategies.check({ id: 'mine' });
    expect(rechecked.lookAhead?.passed).toBe(true);
    expect(rechecked.lookAhead!.checkedAt).toBeGreaterThanOrEqual(checkedAt);
  });

  it('creates from every template and from a built-in ("Duplicate to edit"); each describes, and the copy is the built-in', async () => {
    const barwise = start();
    const templates = await barwise.client.strategies.templates({});
    expect(templates.map((t) => t.id)).toEqual(expect.arrayContaining(['blank', 'crossover', 'rsi-sl-tp']));
    for (const template of templates) {
      const created = await barwise.client.strategies.create({ id: `from-${template.id}`, template: template.id });
      expect(created.entry, template.id).toMatchObject({ runnable: true, problems: [] });
    }
    await barwise.strategies.idle();
    const entries = await barwise.client.strategies.list({});
    for (const template of templates) expect(user(entries, `from-${template.id}`).lookAhead, template.id).toMatchObject({ passed: true });

    const copy = await barwise.client.strategies.create({ id: 'my-sma', from: 'sma-cross' });
    expect(copy.code).toBe(builtinSourceText('sma-cross'));
    const builtin = entries.find((e) => e.id === 'sma-cross')!;
    expect(copy.entry.params).toEqual(builtin.params);
    expect(copy.entry.rules).toEqual(builtin.rules);

    await expect(barwise.client.strategies.create({ id: 'my-sma', template: 'blank' })).rejects.toMatchObject({ code: 'STRATEGY_EXISTS' });
    await expect(barwise.client.strategies.create({ id: 'sma-cross' })).rejects.toMatchObject({ code: 'STRATEGY_EXISTS' });
    await expect(barwise.client.strategies.create({ id: 'x', template: 'nope' })).rejects.toMatchObject({ code: 'STRATEGY_NOT_FOUND' });
    await expect(barwise.client.strategies.save({ id: 'sma-cross', code: MY_SMA_CROSS })).rejects.toMatchObject({ code: 'STRATEGY_EXISTS' });
  });

  it('renames and deletes files, and refuses to touch a built-in', async () => {
    const barwise = start();
    await barwise.client.strategies.save({ id: 'one', code: MY_SMA_CROSS });
    const renamed = await barwise.client.strategies.rename({ id: 'one', to: 'two' });
    expect(renamed).toMatchObject({ id: 'two', fileName: 'strategies/two.ts', runnable: true, lookAhead: { passed: true } });
    await expect(barwise.client.strategies.get({ id: 'one' })).rejects.toMatchObject({ code: 'STRATEGY_NOT_FOUND' });
    await barwise.client.strategies.save({ id: 'three', code: MY_SMA_CROSS });
    await expect(barwise.client.strategies.rename({ id: 'two', to: 'three' })).rejects.toMatchObject({ code: 'STRATEGY_EXISTS' });
    await expect(barwise.client.strategies.rename({ id: 'two', to: 'sma-cross' })).rejects.toMatchObject({ code: 'STRATEGY_EXISTS' });
    await expect(barwise.client.strategies.rename({ id: 'sma-cross', to: 'four' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(barwise.client.strategies.delete({ id: 'sma-cross' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await barwise.client.strategies.delete({ id: 'two' })).toEqual({ removed: true });
    await expect(barwise.client.strategies.delete({ id: 'two' })).rejects.toMatchObject({ code: 'STRATEGY_NOT_FOUND' });
    expect((await barwise.client.strategies.list({})).filter((e) => e.origin === 'user').map((e) => e.id)).toEqual(['three']);
  });

  it('watches the folder: a file added, edited or removed in another editor is read, checked and announced', async () => {
    const barwise = start(join(tempDir(), 'data'), true);
    const listed = async () => (await barwise.client.strategies.list({})).filter((e) => e.origin === 'user');

    const checked = strategiesEvent(barwise, 'outside', async () => (await listed()).some((e) => e.id === 'outside' && e.lookAhead !== null));
    save(barwise, 'outside', MY_SMA_CROSS);
    await checked;
    expect((await listed())[0]).toMatchObject({ id: 'outside', name: 'My SMA cross', lookAhead: { passed: true } });

    const edited = strategiesEvent(barwise, 'outside', async () => (await listed())[0]?.sourceHash === sourceHash(SYNTAX_ERROR));
    save(barwise, 'outside', SYNTAX_ERROR);
    await edited;
    expect((await listed())[0]).toMatchObject({ runnable: false, problems: [{ kind: 'compile', line: 5 }] });

    const removed = strategiesEvent(barwise, 'outside');
    rmSync(join(barwise.strategies.folder.dir, 'outside.ts'));
    await removed;
    expect(await listed()).toEqual([]);
  });

  it('stops a check that never ends at the time limit for strategy code, and says so beside the strategy', async () => {
    const barwise = start();
    await barwise.client.settings.update({ strategyTimeLimitSeconds: 1 });
    const saved = await barwise.client.strategies.save({ id: 'forever', code: FOREVER });
    expect(saved.entry.runnable).toBe(true);
    expect(saved.entry.lookAhead).toMatchObject({ passed: false, findings: [{ kind: 'look-ahead', message: expect.stringMatching(/^the check could not run: .*time limit/) }] });
  });

  it('checks a built-in on request with the same test a user file gets', async () => {
    const barwise = start();
    const entry = await barwise.client.strategies.check({ id: 'sma-cross' });
    expect(entry).toMatchObject({ origin: 'builtin', lookAhead: { passed: true, findings: [] } });
  });
});
