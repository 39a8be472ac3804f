// `npm run serve [-- --port N --data-dir DIR --open]`: build, then run the browser shell.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root } from './electron-binary.mjs';

const built = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (built.status !== 0) process.exit(built.status ?? 1);
const shell = spawn(process.execPath, [join(root, 'out', 'main', 'shell.js'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => shell.kill(signal));
shell.on('exit', (code) => process.exit(code ?? 0));
