// `npm start`: the desktop app where Electron can run; otherwise the same app in the browser shell,
// saying why. Either way the README's run command works on every machine.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildElectronSqlite, downloadElectron, electronBinary, root } from './electron-binary.mjs';

function build() {
  const run = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
}

function fallBackToShell(reason) {
  console.log(`\nBarwise cannot start its desktop window here: ${reason}.`);
  console.log('Starting the same app in your browser instead (browser shell on 127.0.0.1).\n');
  const shell = spawn(process.execPath, [join(root, 'out', 'main', 'shell.js'), '--open', ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => shell.kill(signal));
  shell.on('exit', (code) => process.exit(code ?? 0));
}

build();
let binary = electronBinary();
let reason;
if (!binary) {
  console.log('Electron binary not installed yet; fetching it…');
  reason = downloadElectron();
  binary = electronBinary();
  if (!binary) reason = `the Electron binary could not be downloaded (${reason ?? 'unknown reason'})`;
}
if (binary && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY && process.platform === 'linux') {
  reason = 'no display (DISPLAY/WAYLAND_DISPLAY unset)';
  binary = undefined;
}
if (binary) {
  const failure = buildElectronSqlite();
  if (failure) {
    reason = failure;
    binary = undefined;
  }
}
if (!binary) {
  fallBackToShell(reason);
} else {
  const app = spawn(binary, [root], { cwd: root, stdio: 'inherit' });
  app.on('exit', (code) => process.exit(code ?? 0));
}
