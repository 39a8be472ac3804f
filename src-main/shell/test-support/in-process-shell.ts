import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { createBarwise, type Barwise } from '../../barwise';
import { tempDir } from '../../test-support/temp-dir';
import { startShell, type Shell, type ShellOptions } from '../server';

export interface TestShell {
  readonly shell: Shell;
  readonly barwise: Barwise;
  readonly port: number;
  /** `127.0.0.1:PORT`: the Host a request must name. */
  readonly host: string;
}

let running: TestShell | undefined;

async function stop(): Promise<void> {
  await running?.shell.close();
  await running?.barwise.close();
  running = undefined;
}
afterEach(stop);

/**
 * A shell on 127.0.0.1 (port 0) in this process, over a fresh data dir and a renderer dir holding
 * one page. The shell a test started before is closed first; the last one after the test.
 */
export async function startTestShell(options: Omit<ShellOptions, 'barwise' | 'rendererDir'> = {}): Promise<TestShell> {
  await stop();
  const dir = tempDir();
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Barwise</title>');
  const barwise = createBarwise({ dataDir: join(dir, 'data'), threads: 1 });
  const shell = await startShell({ barwise, rendererDir, ...options });
  const origin = new URL(shell.origin);
  running = { shell, barwise, port: Number(origin.port), host: origin.host };
  return running;
}
