import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../paths';
import { cli } from '../../test-support/cli';
import { runCli } from '../run';
import { COMMANDS } from '.';
import { tempDir } from '../../test-support/temp-dir';

const REPO = join(import.meta.dirname, '..', '..', '..');

async function sampleDir(): Promise<{ dir: string; dataset: string }> {
  const dir = tempDir();
  const imported = await cli(['import', '--sample', '--json', '--data-dir', dir]);
  expect(imported.code).toBe(0);
  return { dir, dataset: (JSON.parse(imported.stdout)[0].dataset.id as string).slice(0, 8) };
}

const json = (out: { code: number; stdout: string; stderr: string }) => {
  expect(out.stderr).toBe('');
  expect(out.code).toBe(0);
  return JSON.parse(out.stdout);
};

describe('CLI: features, train, models, model show|importance|rm, retrain', () => {
  it('lists the catalog, trains a model, shows it, its importance, finds it again by fingerprint, and removes it', async () => {
    const { dir, dataset } = await sampleDir();
    const catalog = json(await cli(['features', '--json', '--data-dir', dir]));
    expect(catalog.features.map((f: { kind: string }) => f.kind)).toContain('rsi');
    expect(catalog.algorithms).toEqual(['gbdt', 'forest', 'logit']);
    const readable = (await cli(['features', '--data-dir', dir])).stdout;
    expect(readable).toMatch(/^ {2}rsi:14 +RSI — period=14 \(2–10000\)$/m);
    expect(readable).toMatch(/^ {4}rounds=100 +boosting rounds/m);

    const args = ['train', '--dataset', dataset, '--features', 'rsi:14,atr:14,ret:5,hour', '--target', 'direction:12', '--algo', 'gbdt', '--param', 'rounds=25', '--seed', '7'];
    const trained = json(await cli([...args, '--json', '--data-dir', dir]));
    expect(trained).toMatchObject({ existing: false, status: 'completed', algorithm: 'gbdt', target: 'direction:12', featureCount: 5, error: null });
    expect(trained.config).toMatchObject({ seed: 7, algorithm: { kind: 'gbdt', rounds: 25 }, target: { kind: 'direction', horizon: 12 } });
    expect(trained.allMetrics.test.accuracy).toBeGreaterThan(0);

    // The same options again name the same fingerprint: the model is returned, not trained again.
    const again = await cli([...args, '--data-dir', dir]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(new RegExp(`^model ${trained.id}  completed  .*trained already`));
    expect(again.stdout).toMatch(/^ {2}test: accuracy 0\.\d{4}  F1 /m);

    const listed = json(await cli(['models', '--json', '--data-dir', dir]));
    expect(listed.total).toBe(1);
    const table = (await cli(['models', '--sort', 'accuracy', '--data-dir', dir])).stdout.split('\n');
    expect(table[1]).toMatch(/^ID +STATUS +ALGO +TARGET +DATA +TEST +NAME$/);
    expect(table[2]).toMatch(new RegExp(`^${trained.id.slice(0, 8)} +completed +gbdt +direction:12 +BTCUSD-SYNTH 1h +acc 0\\.\\d{4}  auc 0\\.\\d{4} +gbdt direction:12 · 5 features`));

    const shown = await cli(['model', 'show', trained.id.slice(0, 8), '--data-dir', dir]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(new RegExp(`^ {2}fingerprint +${trained.fingerprint}$`, 'm'));
    expect(shown.stdout).toMatch(/^lineage\n {2}gbdt .* \[completed\] \w{8} {2}◀$/m);

    const importance = json(await cli(['model', 'importance', trained.id, '--by', 'permutation', '--json', '--data-dir', dir]));
    expect(importance.map((f: { feature: string }) => f.feature).sort()).toEqual(['atr:14', 'hour.cos', 'hour.sin', 'ret:5', 'rsi:14']);
    for (let k = 1; k < importance.length; k++) expect(importance[k - 1].permutation).toBeGreaterThanOrEqual(importance[k].permutation);

    // Nothing newer than the window it trained on: refused, saying why.
    const retrain = await cli(['retrain', trained.id, '--data-dir', dir]);
    expect(retrain.code).toBe(1);
    expect(retrain.stderr).toMatch(/^barwise: INVALID_CONFIG: .*has no bars after/);

    expect(json(await cli(['model', 'rm', trained.id, '--json', '--data-dir', dir]))).toEqual({ id: trained.id, removed: true });
    expect(json(await cli(['models', '--json', '--data-dir', dir])).total).toBe(0);
    const gone = await cli(['model', 'show', trained.id, '--data-dir', dir]);
    expect(gone).toMatchObject({ code: 1, stderr: `barwise: MODEL_NOT_FOUND: no model with id ${trained.id}\n` });
  });

  it('trains a batch file as parallel jobs, and fails with exit code 1 naming the model that failed', async () => {
    const { dir, dataset } = await sampleDir();
    const config = (algorithm: object, horizon = 6) => ({ features: [{ kind: 'rsi' }, { kind: 'ret', params: { k: 3 } }], target: { kind: 'direction', horizon }, algorithm });
    const file = join(dir, 'batch.json');
    writeFileSync(
      file,
      JSON.stringify([
        { datasetId: dataset, config: config({ kind: 'gbdt', rounds: 10 }) },
        { datasetId: dataset, config: config({ kind: 'forest', trees: 5 }) },
        { datasetId: dataset, config: config({ kind: 'logit' }), name: 'the logit' },
      ]),
    );
    const models = json(await cli(['train', '--batch', file, '--json', '--data-dir', dir]));
    expect(models.map((m: { status: string; algorithm: string }) => `${m.algorithm}:${m.status}`)).toEqual(['gbdt:completed', 'forest:completed', 'logit:completed']);
    expect(models[2].name).toBe('the logit');

    writeFileSync(file, JSON.stringify({ items: [{ datasetId: dataset, config: config({ kind: 'gbdt', rounds: 10 }, 7) }, { datasetId: dataset, config: config({ kind: 'logit' }, 9000) }] }));
    const failed = await cli(['train', '--batch', file, '--data-dir', dir]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/^model \S+  completed  gbdt direction:7/m);
    expect(failed.stdout).toMatch(/^model \S+  failed  logit direction:9000/m);
    expect(failed.stderr).toMatch(/^barwise: INVALID_CONFIG: 1 of 2 models did not complete; the first: logit direction:9000 .*: the train window has 0 rows/);

    writeFileSync(file, '[{"datasetId": "nope"}]');
    expect((await cli(['train', '--batch', file, '--data-dir', dir])).stderr).toMatch(/^barwise: DATASET_NOT_FOUND: --batch .*items\.0\.datasetId: no dataset with id nope/);
    writeFileSync(file, '{ not json');
    expect((await cli(['train', '--batch', file, '--data-dir', dir])).stderr).toMatch(/^barwise: VALIDATION_FAILED: --batch .*: not JSON/);
    expect((await cli(['train', '--batch', file, '--algo', 'logit', '--data-dir', dir])).stderr).toMatch(/--algo cannot be given with it/);
  });

  it('refuses bad options with one line naming the option, before anything is queued', async () => {
    const { dir, dataset } = await sampleDir();
    const refused = async (...args: string[]) => {
      const out = await cli(['train', '--dataset', dataset, ...args, '--data-dir', dir]);
      expect(out.code).toBe(1);
      return out.stderr;
    };
    expect(await refused('--target', 'direction:12')).toBe('barwise: VALIDATION_FAILED: --features LIST is required (barwise features lists them)\n');
    expect(await refused('--features', 'rsi:1')).toMatch(/^barwise: VALIDATION_FAILED: --features rsi:1: must be an integer from 2 to 10000, got 1\. /);
    expect(await refused('--features', 'nope:3')).toMatch(/^barwise: VALIDATION_FAILED: --features feature 'nope:3': unknown kind 'nope'/);
    expect(await refused('--features', 'rsi', '--target', 'up:3')).toMatch(/--target must be direction:H or return:H/);
    expect(await refused('--features', 'rsi', '--algo', 'svm')).toMatch(/--algo must be one of gbdt, forest, logit, got "svm"/);
    expect(await refused('--features', 'rsi', '--param', 'depth=3')).toMatch(/--param depth: gbdt has no hyperparameter 'depth' \(it has rounds, learningRate/);
    expect(await refused('--features', 'rsi', '--param', 'rounds=5', '--param', 'learningRate=0')).toMatch(/^barwise: VALIDATION_FAILED: --param learningRate=0: must be above 0\. --param: a hyperparameter/);
    expect(await refused('--features', 'rsi', '--dead-zone', '0.002', '--target', 'return:4')).toMatch(/--dead-zone is for a direction target/);
    expect(await refused('--features', 'rsi', '--split', '0.7,0.2,0.2')).toMatch(/^barwise: VALIDATION_FAILED: train \+ validation \+ test must be at most 1, got 0\.7 \+ 0\.2 \+ 0\.2\b/);
    expect(json(await cli(['models', '--json', '--data-dir', dir])).total).toBe(0);
    expect((await cli(['models', '--sort', 'speed', '--data-dir', dir])).stderr).toMatch(/^barwise: VALIDATION_FAILED: --sort speed: /);
    expect((await cli(['model', 'rm', 'zz', '--data-dir', dir])).stderr).toBe('barwise: MODEL_NOT_FOUND: no model with id zz\n');
  });

  it('shows the rounds and validation loss as progress on a terminal, and only there', async () => {
    const { dir, dataset } = await sampleDir();
    let stdout = '';
    let stderr = '';
    const args = ['train', '--dataset', dataset, '--features', 'rsi,atr,ret:5', '--param', 'rounds=200', '--param', 'earlyStopping=0', '--data-dir', dir];
    const code = await runCli(args, COMMANDS, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTty: true, env: {} });
    expect(code).toBe(0);
    expect(stderr).toMatch(/\r +\d+\.\d%  training: round \d+ of 200, validation loss \d\.\d{4}/);
    expect(stderr.endsWith('\n')).toBe(true);
    expect(stdout).toMatch(/^model \S+  completed  /);
    // Under --json nothing but the JSON, on a terminal too.
    stderr = '';
    stdout = '';
    await runCli([...args, '--seed', '2', '--json'], COMMANDS, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTty: true, env: {} });
    expect(stderr).toBe('');
    expect(JSON.parse(stdout).status).toBe('completed');
  });

  it('cancels the training on Ctrl-C and exits 1, the model recorded as cancelled', async () => {
    const { dir, dataset } = await sampleDir();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(REPO, 'src-main', 'cli', 'main.ts'), 'train', '--dataset', dataset, '--features', 'rsi,atr', '--param', 'rounds=10000', '--param', 'learningRate=0.001', '--param', 'earlyStopping=0', '--data-dir', dir],
      { cwd: REPO, env: { PATH: process.env.PATH, HOME: process.env.HOME }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    const db = new Database(join(dir, DATABASE_FILE), { readonly: true });
    try {
      const status = () => db.prepare('SELECT status FROM models').pluck().get() as string | undefined;
      const deadline = Date.now() + 30_000;
      while (status() !== 'training' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(status()).toBe('training');
      child.kill('SIGINT');
      expect(await closed).toBe(1);
      expect(status()).toBe('cancelled');
    } finally {
      db.close();
      child.kill('SIGKILL');
    }
    expect(stdout).toMatch(/^model \S+  cancelled  /);
    expect(stderr).toMatch(/^barwise: CANCELLED: /m);
  }, 60_000);
});
