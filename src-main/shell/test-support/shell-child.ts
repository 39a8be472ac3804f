import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBarwise } from '../../barwise';
import { startShell, type ShellOptions } from '../server';

/**
 * A browser shell in its own process, for tests that must see whether hostile input kills it:
 * an in-process server would only surface as an unhandled error in the test runner. Prints one
 * JSON line (origin, token, data dir) once it listens; argv[2] holds extra ShellOptions as JSON.
 */
const extra = JSON.parse(process.argv[2] ?? '{}') as Partial<ShellOptions>;
const dir = mkdtempSync(join(tmpdir(), 'barwise-shell-child-'));
const rendererDir = join(dir, 'renderer');
mkdirSync(rendererDir);
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Barwise</title>');
writeFileSync(join(rendererDir, 'app.js'), 'console.log(1)');
const barwise = createBarwise({ dataDir: join(dir, 'data'), threads: 1 });
const shell = await startShell({ ...extra, barwise, rendererDir });
process.stdout.write(`${JSON.stringify({ origin: shell.origin, token: shell.token, dataDir: barwise.dataDir })}\n`);

process.once('SIGTERM', async () => {
  await shell.close();
  await barwise.close();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
});
