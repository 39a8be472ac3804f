import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Barwise } from '../../barwise';
import { tempDir } from '../../test-support/temp-dir';

const REPO = join(import.meta.dirname, '..', '..', '..');

/** A small hourly CSV (a seeded random walk) imported into `barwise`: its dataset id. */
export async function importWalk(barwise: Barwise, bars = 300): Promise<string> {
  const lines = ['time,open,high,low,close,volume'];
  let price = 100;
  let seed = 12_345;
  for (let i = 0; i < bars; i++) {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    const next = price * (1 + (seed / 2 ** 31 - 0.5) * 0.03);
    const time = new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString();
    lines.push(`${time},${price.toFixed(4)},${(Math.max(price, next) * 1.002).toFixed(4)},${(Math.min(price, next) * 0.998).toFixed(4)},${next.toFixed(4)},1000`);
    price = next;
  }
  const file = join(tempDir('barwise-walk-'), 'walk.csv');
  writeFileSync(file, lines.join('\n') + '\n');
  const outcome = await barwise.client.datasets.importFile({ path: file });
  return outcome.dataset.id;
}

/** `count` distinct sma-cross variants (fast 2…41 × slow fast+1…fast+50). */
export function smaVariants(datasetId: string, count: number) {
  return Array.from({ length: count }, (_, i) => {
    const fast = 2 + Math.floor(i / 50);
    const slow = fast + 1 + (i % 50);
    return { datasetId, name: `variant ${i}`, config: { strategy: { id: 'sma-cross', params: { fast, slow } } } };
  });
}

export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** stdout and stderr so far. */
  output(): string;
  /** Resolves with the health URL once the worker has said it is claiming. */
  readonly ready: Promise<string>;
  readonly exited: Promise<number | null>;
}

/** `barwise worker` as a real child process (tsx, like the installed command). */
export function spawnWorker(args: readonly string[], env: NodeJS.ProcessEnv = {}): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'src-main', 'cli', 'main.ts'), 'worker', ...args], {
    cwd: REPO,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let announce: (url: string) => void = () => undefined;
  const ready = new Promise<string>((resolve, reject) => {
    announce = resolve;
    child.once('exit', (code) => reject(new Error(`barwise worker exited (${code}) before it was ready:\n${output}`)));
  });
  const read = (d: Buffer) => {
    output += d.toString();
    const health = /health: (http:\/\/\S+)\/health/.exec(output);
    const wantsHealth = args.includes('--health-port');
    if (/claiming team jobs/.test(output) && (!wantsHealth || health)) announce(health?.[1] ?? '');
  };
  child.stdout?.on('data', read);
  child.stderr?.on('data', read);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  ready.catch(() => undefined);
  return { child, pid: child.pid ?? -1, output: () => output, ready, exited };
}
