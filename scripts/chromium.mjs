// The Chromium the end-to-end suite drives. `findChromium()` is shared by playwright.config.ts and
// bench/ui.ts; run as a script (`node scripts/chromium.mjs`, the first step of `npm run test:e2e`)
// it makes sure one exists: found, installed from Debian's packages where this process may, or
// one line saying exactly what to install, and a non-zero exit before any spec runs.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const SYSTEM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Playwright's own browser, when `npx playwright install chromium` could download it. */
function playwrightChromium() {
  try {
    const { chromium } = createRequire(import.meta.url)('playwright-core');
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

/** CHROMIUM_PATH, else a system Chromium, else Playwright's own; undefined when none exists. */
export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  return [...SYSTEM_PATHS, playwrightChromium()].find((path) => path !== undefined && existsSync(path));
}

const INSTRUCTION =
  'install Chromium (Debian/Ubuntu: `sudo apt-get install chromium`), or set CHROMIUM_PATH to a Chrome or Chromium executable, or run `npx playwright install chromium`';

/** Installs Debian's chromium when this process is root on a machine with apt-get; the reason it could not otherwise. */
function installChromium() {
  if (process.platform !== 'linux' || !existsSync('/usr/bin/apt-get')) return 'no apt-get on this machine';
  if (process.getuid?.() !== 0) return 'installing it needs root';
  console.log("barwise: no Chromium found for the end-to-end tests; installing Debian's chromium (apt-get)…");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', 'chromium']]) {
    const run = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (run.status !== 0) return `apt-get ${args[0]} failed (exit ${run.status ?? run.signal})`;
  }
  return findChromium() ? undefined : 'apt-get installed chromium, but no executable was found';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.env.CHROMIUM_PATH && !existsSync(process.env.CHROMIUM_PATH)) {
    console.error(`barwise: CHROMIUM_PATH is ${process.env.CHROMIUM_PATH}, which does not exist: ${INSTRUCTION}.`);
    process.exit(1);
  }
  if (!findChromium()) {
    const reason = installChromium();
    if (reason) {
      console.error(`barwise: the end-to-end tests need Chromium and none was found (${reason}): ${INSTRUCTION}.`);
      process.exit(1);
    }
  }
  console.log(`barwise: end-to-end tests use ${findChromium()}`);
}
