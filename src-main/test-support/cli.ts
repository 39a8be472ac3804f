import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Command } from '../cli/command';
import { COMMANDS } from '../cli/commands';
import { runCli } from '../cli/run';
import { DATABASE_FILE } from '../paths';

export interface CliOutcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The CLI through its real entry, in this process, with `env` as its environment (and other commands, for the runner's own tests). */
export async function cli(argv: readonly string[], env: NodeJS.ProcessEnv = {}, commands: readonly Command[] = COMMANDS): Promise<CliOutcome> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, commands, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    isTty: false,
    env,
  });
  return { code, stdout, stderr };
}

const REPO = join(import.meta.dirname, '..', '..');

/**
 * The CLI as a child process (`tsx src-main/cli/main.ts`), killed after `timeoutMs`: for inputs
 * that could hang it (a named pipe, a path under /proc). A kill is reported as exit code -1.
 */
export function cliProcess(argv: readonly string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 20_000): Promise<CliOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'src-main', 'cli', 'main.ts'), ...argv], {
      cwd: REPO,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

/**
 * Every table of the data dir's database as a checksum of its rows, read through a connection of
 * its own. A failed job's row is left out: a job that ran and failed is kept on record (the Jobs
 * page lists it with its error). So is `job_owners`, the running processes' leases, which their
 * heartbeats renew while the test runs (docs/jobs.md, "Ownership"). Everything else must be
 * exactly as it was.
 */
export function databaseSnapshot(dataDir: string): Record<string, string> {
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'job_owners' ORDER BY name").pluck().all() as string[];
    const snapshot: Record<string, string> = {};
    for (const table of tables) {
      const where = table === 'jobs' ? " WHERE status <> 'failed'" : '';
      const rows = db.prepare(`SELECT * FROM "${table}"${where} ORDER BY rowid`).raw().all();
      const hash = createHash('sha256');
      for (const row of rows) {
        for (const value of row as unknown[]) hash.update(Buffer.isBuffer(value) ? value : `${typeof value}:${String(value)}`).update('\u0000');
        hash.update('\n');
      }
      snapshot[table] = `${rows.length} rows ${hash.digest('hex').slice(0, 16)}`;
    }
    return snapshot;
  } finally {
    db.close();
  }
}

/** Hourly bars as CSV, a gentle zigzag so crossovers trade. */
export function hourlyCsv(bars: number, from = Date.UTC(2024, 0, 1)): string {
  const lines = ['time,open,high,low,close,volume'];
  for (let i = 0; i < bars; i++) {
    const mid = 100 + 10 * Math.sin(i / 12) + i * 0.01;
    lines.push(`${new Date(from + i * 3_600_000).toISOString()},${mid},${mid + 1},${mid - 1},${mid + 0.5},${10 + (i % 7)}`);
  }
  return lines.join('\n') + '\n';
}

/** A data dir with one small hourly dataset and one run on it: the ids a user would type. */
export async function seededDataDir(dir: string): Promise<{ datasetId: string; runId: string }> {
  const csv = join(dir, 'seed.csv');
  writeFileSync(csv, hourlyCsv(300));
  const imported = await cli(['import', csv, '--symbol', 'SEED', '--json', '--data-dir', dir, '--threads', '1']);
  if (imported.code !== 0) throw new Error(`seed import failed: ${imported.stderr}`);
  const datasetId = (JSON.parse(imported.stdout) as { dataset: { id: string } }[])[0].dataset.id;
  const run = await cli(['backtest', '--dataset', datasetId, '--strategy', 'sma-cross', '--json', '--data-dir', dir, '--threads', '1']);
  if (run.code !== 0) throw new Error(`seed backtest failed: ${run.stderr}`);
  return { datasetId, runId: (JSON.parse(run.stdout) as { id: string }).id };
}
