import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ShellOptions } from '../server';

export interface ShellProcess {
  readonly origin: string;
  readonly token: string;
  readonly port: number;
  readonly dataDir: string;
  readonly child: ChildProcess;
  /** Whether the process is still running. */
  alive(): boolean;
  /** What the process wrote to stderr (a crash's stack). */
  stderr(): string;
  stop(): Promise<void>;
}

type ExtraOptions = Omit<ShellOptions, 'barwise' | 'rendererDir'>;

/** Starts shell-child.ts under tsx and resolves once it listens. */
export function spawnShell(options: ExtraOptions = {}): Promise<ShellProcess> {
  const entry = fileURLToPath(new URL('./shell-child.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', entry, JSON.stringify(options)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`shell did not start:\n${stderr}`)), 20_000);
    void exit.then(() => reject(new Error(`shell exited before listening:\n${stderr}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n')[0];
      if (!stdout.includes('\n') || !line) return;
      clearTimeout(timer);
      const { origin, token, dataDir } = JSON.parse(line) as { origin: string; token: string; dataDir: string };
      resolve({
        origin,
        token,
        dataDir,
        port: Number(new URL(origin).port),
        child,
        alive: () => !exited,
        stderr: () => stderr,
        async stop() {
          if (!exited) child.kill('SIGTERM');
          await exit;
        },
      });
    });
  });
}
