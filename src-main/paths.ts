import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The data directory for the shell and the CLI: `--data-dir`, else BARWISE_DATA_DIR, else the
 * platform's per-user data directory. (The Electron app uses its userData directory instead.)
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.BARWISE_DATA_DIR) return env.BARWISE_DATA_DIR;
  const home = homedir();
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Barwise');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Barwise');
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'barwise');
}

export const DATABASE_FILE = 'barwise.sqlite';
