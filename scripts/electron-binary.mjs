// Facts about the Electron install, shared by postinstall and `npm start`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, copyFileSync, rmSync, cpSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = join(root, 'node_modules', 'electron');

/** The Electron executable if it is installed (electron 45 downloads it on first launch). */
export function electronBinary() {
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}

/** Tries electron's own downloader; returns the reason on failure. */
export function downloadElectron() {
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return 'ELECTRON_SKIP_BINARY_DOWNLOAD is set';
  const run = spawnSync(process.execPath, [join(electronDir, 'install.js')], { stdio: 'pipe', encoding: 'utf8', timeout: 300_000 });
  if (run.status === 0 && electronBinary()) return undefined;
  const lastLine = `${run.stderr ?? ''}${run.stdout ?? ''}`.split('\n').map((l) => l.trim()).filter(Boolean).find((l) => /error|fail|ENOTFOUND|EAI_AGAIN/i.test(l));
  return lastLine ?? `electron's downloader exited with ${run.status}`;
}

export function electronVersion() {
  return JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version;
}

export function electronAbi() {
  return readFileSync(join(electronDir, 'abi_version'), 'utf8').trim();
}

/** Where main looks for better-sqlite3 built for Electron's ABI (src-main/electron/main.ts). */
export function electronSqlitePath() {
  return join(root, 'native', `electron-${electronAbi()}`, 'better_sqlite3.node');
}

/**
 * Builds better-sqlite3 against Electron's headers into native/electron-<abi>/, leaving the copy
 * in node_modules (built for Node: tests, CLI, shell) untouched. One install serves both runtimes.
 */
export function buildElectronSqlite() {
  const target = electronSqlitePath();
  if (existsSync(target)) return undefined;
  const require = createRequire(import.meta.url);
  const source = dirname(require.resolve('better-sqlite3/package.json'));
  const work = join(tmpdir(), `barwise-bsq-electron-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  cpSync(source, work, { recursive: true, filter: (src) => !src.includes(`${'/'}build${'/'}`) });
  const nodeGyp = join(dirname(require.resolve('node-gyp/package.json')), 'bin', 'node-gyp.js');
  const run = spawnSync(
    process.execPath,
    [nodeGyp, 'rebuild', '--release', `--target=${electronVersion()}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'],
    { cwd: work, stdio: 'inherit', env: { ...process.env, npm_config_nodedir: '' } },
  );
  if (run.status !== 0) return `node-gyp could not build better-sqlite3 for Electron ${electronVersion()}`;
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(join(work, 'build', 'Release', 'better_sqlite3.node'), target);
  rmSync(work, { recursive: true, force: true });
  return undefined;
}
